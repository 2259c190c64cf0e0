"""The classification table: fault shapes the corpus does not show, and the ambiguous names."""

from __future__ import annotations

import pytest

from mcp_odoo.odoo.classify import CallSite, OdooFault, classify, classify_http, name_for_fault_code
from mcp_odoo.odoo.errors import (
    BusinessRuleError,
    ConcurrencyConflict,
    DatabaseNotFound,
    NotOdoo,
    OdooError,
    OdooServerBug,
    OdooUnavailable,
    PermissionDenied,
    PrivateMethod,
    RecordMissing,
    UnknownMethod,
    UnknownModel,
)
from mcp_odoo.odoo.xmlrpc import fault_of, last_exception

PARTNER_SEARCH = CallSite("res.partner", "search")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("psycopg2.errors.SerializationFailure", ConcurrencyConflict),
        ("psycopg2.errors.LockNotAvailable", ConcurrencyConflict),
        ("odoo.exceptions.LockError", ConcurrencyConflict),
        ("odoo.exceptions.RedirectWarning", BusinessRuleError),
        ("odoo.exceptions.MissingError", RecordMissing),
        ("builtins.ZeroDivisionError", OdooServerBug),
    ],
)
def test_exception_name_decides_the_class(name: str, expected: type[OdooError]) -> None:
    assert type(classify(OdooFault(name, "message"), PARTNER_SEARCH)) is expected


def test_attribute_error_not_naming_the_method_is_a_server_bug() -> None:
    fault = OdooFault("builtins.AttributeError", "'NoneType' object has no attribute 'id'")
    assert type(classify(fault, PARTNER_SEARCH)) is OdooServerBug


def test_attribute_error_naming_the_method_is_an_unknown_method() -> None:
    fault = OdooFault("AttributeError", "The method 'res.partner.search' does not exist")
    assert type(classify(fault, PARTNER_SEARCH)) is UnknownMethod


def test_user_error_naming_another_model_is_a_business_rule() -> None:
    fault = OdooFault("odoo.exceptions.UserError", "Object stock.move doesn't exist")
    assert type(classify(fault, PARTNER_SEARCH)) is BusinessRuleError


def test_user_error_naming_the_called_model_is_an_unknown_model() -> None:
    fault = OdooFault("odoo.exceptions.UserError", "Object res.partner doesn't exist")
    assert type(classify(fault, PARTNER_SEARCH)) is UnknownModel


def test_access_error_about_private_methods_is_a_private_method() -> None:
    fault = OdooFault(
        "odoo.exceptions.AccessError", "Private methods (such as _x) cannot be called remotely."
    )
    assert type(classify(fault, PARTNER_SEARCH)) is PrivateMethod


def test_other_access_error_is_a_permission_error() -> None:
    fault = OdooFault("odoo.exceptions.AccessError", "You are not allowed to delete 'Contact' records.")
    assert type(classify(fault, PARTNER_SEARCH)) is PermissionDenied


def test_operational_error_other_than_a_missing_database_is_a_server_bug() -> None:
    fault = OdooFault("psycopg2.OperationalError", "canceling statement due to statement timeout")
    assert type(classify(fault, PARTNER_SEARCH)) is OdooServerBug


def test_unnamed_error_with_a_gateway_status_is_unavailable() -> None:
    assert type(classify(OdooFault("", "busy", http_status=503), PARTNER_SEARCH)) is OdooUnavailable


def test_message_keeps_odoo_text_and_debug_keeps_the_traceback() -> None:
    error = classify(OdooFault("odoo.exceptions.UserError", "No.", debug="Traceback ..."), PARTNER_SEARCH)
    assert (error.message, error.debug, error.odoo_name) == (
        "No.",
        "Traceback ...",
        "odoo.exceptions.UserError",
    )


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_pages_are_unavailable_and_retryable(status: int) -> None:
    error = classify_http(status, "text/html", "<h1>Bad Gateway</h1>", database_selected=True)
    assert type(error) is OdooUnavailable
    assert error.retryable


def test_404_page_without_a_database_header_is_not_odoo() -> None:
    assert type(classify_http(404, "text/html", "Not Found", database_selected=False)) is NotOdoo


def test_404_page_for_a_named_database_is_database_not_found() -> None:
    assert type(classify_http(404, "text/html", "Not Found", database_selected=True)) is DatabaseNotFound


def test_fault_2_with_odoo_record_suffix_is_a_missing_error() -> None:
    message = "Record does not exist or has been deleted.\n(Record: sale.order(4,), User: 8)"
    assert name_for_fault_code(2, message) == "odoo.exceptions.MissingError"
    assert name_for_fault_code(2, "Some orders are not in a state requiring confirmation.") == (
        "odoo.exceptions.UserError"
    )


def test_last_exception_of_a_chained_traceback_wins() -> None:
    traceback = (
        "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nKeyError: 'x'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        'Traceback (most recent call last):\n  File "b.py", line 2, in g\n'
        "psycopg2.errors.InvalidTextRepresentation: invalid input syntax\nLINE 1: SELECT\n"
    )
    assert last_exception(traceback) == (
        "psycopg2.errors.InvalidTextRepresentation",
        "invalid input syntax\nLINE 1: SELECT",
    )


def test_cannot_marshal_none_fault_means_the_method_returned_none() -> None:
    traceback = (
        'Traceback (most recent call last):\n  File "x"\nTypeError: cannot marshal None unless allow_none'
    )
    assert fault_of(1, traceback) is None


def test_other_type_error_fault_is_kept() -> None:
    traceback = 'Traceback (most recent call last):\n  File "x"\nTypeError: missing 1 required argument'
    fault = fault_of(1, traceback)
    assert fault is not None
    assert (fault.name, fault.message) == ("TypeError", "missing 1 required argument")
