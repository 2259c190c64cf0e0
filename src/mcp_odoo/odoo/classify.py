"""The one table from Odoo's fault shapes to the connector's error classes.

Each protocol adapter reduces what Odoo answered to an `OdooFault` (exception name, clean message,
traceback) and hands it to `classify`. Classification goes by exception name (``data.name`` in
JSON-RPC, ``name`` in JSON-2, the traceback's last line or the fault code in XML-RPC) and by HTTP
status, never by message wording, except where the name alone is ambiguous. Each
of those uses the most stable part of the text, checked against the 16.0-19.0 transcripts:

* unknown model over RPC is a plain ``UserError`` "Object <model> doesn't exist";
* a refused private method is a plain ``AccessError`` "Private methods (such as ...) ...";
* an unknown database is a ``psycopg2.OperationalError`` '... database "<db>" does not exist';
* XML-RPC fault 2 covers the whole UserError family: a MissingError is told by the untranslated
  record suffix Odoo appends, "(Record: <model>(<ids>), User: <uid>)".

``AttributeError`` and JSON-2's ``NotFound`` are told apart from a genuine server bug / a missing
route by the model or method name of the call appearing in the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mcp_odoo.odoo.errors import (
    AuthenticationFailed,
    BadArguments,
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


@dataclass(frozen=True)
class CallSite:
    """Which call failed: lets the classifier recognise the model or method named in a message."""

    model: str = ""
    method: str = ""


@dataclass(frozen=True)
class OdooFault:
    """An error answer from Odoo, reduced to what every protocol has in common."""

    name: str
    message: str
    debug: str | None = None
    http_status: int | None = None


# Odoo exception name (fully qualified or bare) -> error class. Subclasses of UserError first.
_BY_NAME: dict[str, type[OdooError]] = {
    "odoo.exceptions.AccessDenied": AuthenticationFailed,
    "werkzeug.exceptions.Unauthorized": AuthenticationFailed,
    "odoo.http.SessionExpiredException": AuthenticationFailed,
    "odoo.exceptions.AccessError": PermissionDenied,
    "odoo.exceptions.MissingError": RecordMissing,
    "odoo.exceptions.CacheMiss": RecordMissing,
    "odoo.exceptions.ValidationError": BusinessRuleError,
    "odoo.exceptions.RedirectWarning": BusinessRuleError,
    "odoo.exceptions.UserError": BusinessRuleError,
    "odoo.exceptions.except_orm": BusinessRuleError,
    "odoo.exceptions.LockError": ConcurrencyConflict,
    "psycopg2.errors.SerializationFailure": ConcurrencyConflict,
    "psycopg2.errors.LockNotAvailable": ConcurrencyConflict,
    "psycopg2.errors.DeadlockDetected": ConcurrencyConflict,
    "psycopg2.extensions.TransactionRollbackError": ConcurrencyConflict,
    "builtins.ValueError": BadArguments,
    "builtins.TypeError": BadArguments,
    "builtins.IndexError": BadArguments,
    "psycopg2.errors.InvalidTextRepresentation": BadArguments,
    "psycopg2.errors.NumericValueOutOfRange": BadArguments,
    "psycopg2.errors.InvalidDatetimeFormat": BadArguments,
    "werkzeug.exceptions.UnprocessableEntity": BadArguments,
    "werkzeug.exceptions.BadRequest": BadArguments,
    "builtins.AttributeError": UnknownMethod,
    "werkzeug.exceptions.NotFound": UnknownMethod,
}

# XML-RPC /xmlrpc/2 fault codes 2-4 carry no exception name: the code is the class.
_FAULT_CODE_NAMES: dict[int, str] = {
    2: "odoo.exceptions.UserError",
    3: "odoo.exceptions.AccessDenied",
    4: "odoo.exceptions.AccessError",
}
# Fault 2 covers the whole UserError family; a MissingError is recognised by the record repr Odoo
# appends untranslated ("(Record: res.partner(999,), User: 7)"), the same in 16.0-19.0.
_MISSING_RECORD_SUFFIX = re.compile(r"\(Record: \S+\(.*\), User: \d+\)\s*$")

# JSON-2 answers with the exception's http_status; statuses alone decide when the body has no name.
_BY_STATUS: dict[int, type[OdooError]] = {
    401: AuthenticationFailed,
    403: PermissionDenied,
    409: ConcurrencyConflict,
    422: BadArguments,
}

_UNAVAILABLE_STATUSES = frozenset({502, 503, 504})

_UNKNOWN_MODEL = re.compile(r"^Object (?P<model>\S+) doesn't exist")
_UNKNOWN_MODEL_JSON2 = re.compile(r"model '(?P<model>[^']+)' does not exist")
_PRIVATE_METHOD = "Private methods"
_MISSING_DATABASE = re.compile(r'database "[^"]*" does not exist')

# Python's exception names come bare in tracebacks of builtins ("ValueError: ..."); the table uses
# Odoo's JSON-RPC spelling ("builtins.ValueError").
_BUILTIN_PREFIX = "builtins."


def qualified_name(name: str) -> str:
    """The JSON-RPC spelling of an exception name taken from a traceback line."""
    return name if "." in name else _BUILTIN_PREFIX + name


def name_for_fault_code(code: int, message: str) -> str:
    """The exception name behind an XML-RPC fault code 2, 3 or 4 ("" for other codes)."""
    if code == 2 and _MISSING_RECORD_SUFFIX.search(message):
        return "odoo.exceptions.MissingError"
    return _FAULT_CODE_NAMES.get(code, "")


def classify(fault: OdooFault, site: CallSite) -> OdooError:
    """The typed error for one Odoo fault answer (never raises)."""
    name = qualified_name(fault.name) if fault.name else ""
    message = fault.message.strip() or name or "Odoo reported an error"
    error_class = _error_class(name, message, fault.http_status, site)
    return error_class(message, odoo_name=name or None, debug=fault.debug)


def _error_class(name: str, message: str, status: int | None, site: CallSite) -> type[OdooError]:
    if name == "odoo.exceptions.AccessError" and message.startswith(_PRIVATE_METHOD):
        return PrivateMethod
    if name == "odoo.exceptions.UserError" and _names_the_model(_UNKNOWN_MODEL, message, site):
        return UnknownModel
    if name == "werkzeug.exceptions.NotFound":
        if _names_the_model(_UNKNOWN_MODEL_JSON2, message, site):
            return UnknownModel
        return UnknownMethod if _names_the_method(message, site) else NotOdoo
    if name == "builtins.AttributeError":
        return UnknownMethod if _names_the_method(message, site) else OdooServerBug
    if name == "psycopg2.OperationalError":
        return DatabaseNotFound if _MISSING_DATABASE.search(message) else OdooServerBug
    if name in _BY_NAME:
        return _BY_NAME[name]
    if status is not None:
        return _BY_STATUS.get(status, OdooUnavailable if status in _UNAVAILABLE_STATUSES else OdooServerBug)
    return OdooServerBug


def _names_the_model(pattern: re.Pattern[str], message: str, site: CallSite) -> bool:
    found = pattern.search(message)
    return found is not None and (not site.model or found.group("model") == site.model)


def _names_the_method(message: str, site: CallSite) -> bool:
    if not site.method:
        return False
    return f"'{site.method}'" in message or f".{site.method}'" in message


def classify_http(status: int, content_type: str, excerpt: str, *, database_selected: bool) -> OdooError:
    """A non-RPC answer (HTML page, redirect, proxy error) to a request Odoo should have answered.

    A 404 page while a database was named in ``X-Odoo-Database`` is Odoo's "no database is
    selected" page: the database does not exist. 502/503/504 come from a proxy or a restarting
    server. Anything else means the URL does not lead to Odoo's RPC endpoint.
    """
    debug = f"HTTP {status} {content_type}: {excerpt[:500]}"
    if status in _UNAVAILABLE_STATUSES:
        return OdooUnavailable(f"Odoo is unavailable (HTTP {status})", debug=debug)
    if status == 404 and database_selected:
        return DatabaseNotFound(
            "the database named in the request does not exist on this server", debug=debug
        )
    if 300 <= status < 400:
        return NotOdoo(
            f"Odoo redirected the request (HTTP {status}): the endpoint is not available", debug=debug
        )
    return NotOdoo(
        f"the answer is not an Odoo RPC answer (HTTP {status}, {content_type or 'no type'})", debug=debug
    )
