"""What a call's audit entry names, from the Odoo calls the gateway reports: its last write, else its first
read of the model it is about, else its last read; lookups (fields_get, name_search ...) only when nothing
else was sent."""

from __future__ import annotations

from typing import Any, cast

from mcp_odoo.calls.runner import ToolCall
from mcp_odoo.policy import OdooGateway


def new_call(subject: str | None = None) -> ToolCall:
    return ToolCall(gateway=cast(OdooGateway, object()), subject=subject, model=subject)


def facts(call: ToolCall) -> tuple[Any, ...]:
    return call.model, call.method, call.seen_ids


def test_the_last_write_is_named_whatever_is_read_around_it() -> None:
    call = new_call()
    call.saw("res.partner", "name_search", None, False)
    call.saw("account.payment.register", "create", None, True)
    call.saw("account.payment.register", "action_create_payments", [4], True)
    call.saw("account.move", "read", [7], False)
    assert facts(call) == ("account.payment.register", "action_create_payments", [4])


def test_a_read_of_the_subject_outranks_later_reads_of_other_models() -> None:
    call = new_call("res.partner")
    call.saw("res.partner", "fields_get", None, False)
    call.saw("res.partner", "read", [15], False)
    call.saw("res.partner.category", "read", [1, 2], False)
    assert facts(call) == ("res.partner", "read", [15])


def test_without_a_subject_the_last_read_is_named_and_lookups_only_as_a_last_resort() -> None:
    call = new_call()
    call.saw("crm.stage", "fields_get", None, False)
    assert facts(call) == ("crm.stage", "fields_get", [])
    call.saw("crm.stage", "search_read", None, False)
    call.saw("crm.lead", "web_search_read", None, False)
    call.saw("crm.lead", "name_search", None, False)
    assert facts(call) == ("crm.lead", "web_search_read", [])


def test_a_call_that_sent_nothing_names_the_model_it_was_given() -> None:
    assert facts(new_call("sale.order")) == ("sale.order", None, [])
