"""Every way a call to Odoo can fail, as one tree of typed errors.

    OdooError                      base: kind, retryable, hint, message (safe to show), debug (logs only)
    ├── TransportError             the request did not get a usable Odoo answer
    │   ├── OdooUnreachable        connection refused, DNS failure, TLS failure         (retry may help)
    │   ├── OdooTimeout            no connection in time                                 (retry may help)
    │   │   └── AnswerTimeout      the request reached Odoo, no answer in time  (retry later, never resent)
    │   ├── OdooUnavailable        502 / 503 / 504 from a proxy or a restarting server  (retry may help)
    │   └── NotOdoo                the answer is not Odoo's (HTML page, malformed body, too large, 404 route)
    ├── AuthenticationFailed       wrong or revoked API key, unknown login, password refused
    ├── DatabaseNotFound           the database name does not exist on this server
    ├── PermissionDenied           AccessError: ACL, record rule, company not allowed
    ├── BusinessRuleError          UserError / ValidationError / RedirectWarning: message kept for the user
    ├── RecordMissing              MissingError: write/unlink on a deleted or unknown id
    ├── UnknownModel               model not installed / does not exist
    ├── UnknownMethod              method does not exist on the model
    ├── PrivateMethod              a private method was refused (by us before sending, or by Odoo)
    ├── BadArguments               TypeError/ValueError/bad domain/bad types/422: fix the call and retry
    ├── ConcurrencyConflict        lock / serialization failure (409 LockError)        (retry may help)
    └── OdooServerBug              anything else Odoo raised; the traceback stays in `debug`

Each protocol adapter maps its fault shapes onto these classes through one table
(`mcp_odoo.odoo.classify`): by XML-RPC fault code, by exception name (`data.name` in JSON-RPC,
`name` in JSON-2), by HTTP status. Message wording changes between Odoo series and is matched
only where the name alone is ambiguous; `classify`'s docstring lists those few places.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """Stable, client-facing names for the error classes (shown to MCP clients and in the audit)."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"
    NOT_ODOO = "not_odoo"
    AUTHENTICATION = "authentication_failed"
    DATABASE_NOT_FOUND = "database_not_found"
    PERMISSION = "permission_denied"
    BUSINESS_RULE = "business_rule"
    MISSING_RECORD = "missing_record"
    UNKNOWN_MODEL = "unknown_model"
    UNKNOWN_METHOD = "unknown_method"
    PRIVATE_METHOD = "private_method"
    BAD_ARGUMENTS = "bad_arguments"
    CONFLICT = "conflict"
    SERVER_BUG = "odoo_server_error"


class OdooError(Exception):
    """Base of every connector error.

    `message` is safe to show to a client (no traceback, path or credential). `debug` holds the
    server traceback or raw excerpt for logs only. `odoo_name` is Odoo's exception name when
    Odoo answered (e.g. ``odoo.exceptions.AccessError``).
    """

    kind: ErrorKind = ErrorKind.SERVER_BUG
    retryable: bool = False
    hint: str = "do not retry the same call: Odoo reported an internal error"

    def __init__(self, message: str, *, odoo_name: str | None = None, debug: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.odoo_name = odoo_name
        self.debug = debug

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, object]:
        """The client-safe view of this error."""
        return {
            "kind": str(self.kind),
            "message": self.message,
            "retryable": self.retryable,
            "hint": self.hint,
        }


class TransportError(OdooError):
    kind = ErrorKind.UNREACHABLE
    retryable = True
    hint = "Odoo could not be reached; retry later or check ODOO_URL"


class OdooUnreachable(TransportError):
    kind = ErrorKind.UNREACHABLE


class OdooTimeout(TransportError):
    kind = ErrorKind.TIMEOUT
    hint = "Odoo did not answer in time; narrow the query (smaller limit, fewer fields) or retry later"


class AnswerTimeout(OdooTimeout):
    """The request was sent and Odoo did not answer in time: it may still be working on it, so the
    connector never sends it again by itself (a client may retry later, with a narrower call)."""


class OdooUnavailable(TransportError):
    kind = ErrorKind.UNAVAILABLE
    hint = "Odoo or its proxy is temporarily unavailable; retry later"


class NotOdoo(TransportError):
    kind = ErrorKind.NOT_ODOO
    retryable = False
    hint = "the server's answer is not an Odoo RPC answer; check ODOO_URL and the protocol"


class AuthenticationFailed(OdooError):
    kind = ErrorKind.AUTHENTICATION
    hint = "do not retry: the Odoo login or API key is wrong, expired or revoked"


class DatabaseNotFound(OdooError):
    kind = ErrorKind.DATABASE_NOT_FOUND
    hint = "do not retry: check ODOO_DB, this database does not exist on the server"


class PermissionDenied(OdooError):
    kind = ErrorKind.PERMISSION
    hint = "do not retry: the Odoo user lacks this right (or the record belongs to another company)"


class BusinessRuleError(OdooError):
    kind = ErrorKind.BUSINESS_RULE
    hint = (
        "Odoo refused this by a business rule; read the message, change the request, do not repeat it as is"
    )


class RecordMissing(OdooError):
    kind = ErrorKind.MISSING_RECORD
    hint = "the record does not exist or was deleted; search for it again"


class UnknownModel(OdooError):
    kind = ErrorKind.UNKNOWN_MODEL
    hint = "this model is not installed; look for the right one among the installed models"


class UnknownMethod(OdooError):
    kind = ErrorKind.UNKNOWN_METHOD
    hint = "this method does not exist on the model in this Odoo version"


class PrivateMethod(OdooError):
    kind = ErrorKind.PRIVATE_METHOD
    hint = "do not retry: private methods (leading underscore) can never be called remotely"


class BadArguments(OdooError):
    kind = ErrorKind.BAD_ARGUMENTS
    hint = "fix the arguments (fields, domain, types) and retry"


class ConcurrencyConflict(OdooError):
    kind = ErrorKind.CONFLICT
    retryable = True
    hint = "another transaction held the record; retry shortly"


class OdooServerBug(OdooError):
    kind = ErrorKind.SERVER_BUG
