"""Exceptions raised inside the simulated Odoo, named exactly as Odoo names them on the wire.

The ORM layer (`simulator.orm`) raises these (or Python builtins such as ValueError, TypeError,
AttributeError, KeyError, which Odoo reports as ``builtins.<Name>``); the wire layer
(`simulator.wire`) turns them into each protocol's fault shape: XML-RPC fault code, JSON-RPC
``error.data.name``, JSON-2 HTTP status and ``name``.
"""

from __future__ import annotations

from typing import Any


class SimulatedOdooException(Exception):
    """An exception as Odoo would raise it. `odoo_name` is the wire name, `fault_code` the XML-RPC code.

    `context` is the exception's own context (JSON-RPC/JSON-2 ``error.data.context``), e.g. the
    ``suggested_company`` of a multi-company AccessError; empty for most errors.
    """

    odoo_name = "odoo.exceptions.UserError"
    fault_code = 2
    http_status = 422

    def __init__(self, message: str, *args: object, context: dict[str, Any] | None = None) -> None:
        super().__init__(message, *args)
        self.message = message
        self.context: dict[str, Any] = context or {}


class UserError(SimulatedOdooException):
    odoo_name = "odoo.exceptions.UserError"


class ValidationError(UserError):
    odoo_name = "odoo.exceptions.ValidationError"


class MissingError(UserError):
    odoo_name = "odoo.exceptions.MissingError"
    http_status = 404


class RedirectWarning(UserError):
    odoo_name = "odoo.exceptions.RedirectWarning"


class AccessError(SimulatedOdooException):
    odoo_name = "odoo.exceptions.AccessError"
    fault_code = 4
    http_status = 403


class AccessDenied(SimulatedOdooException):
    odoo_name = "odoo.exceptions.AccessDenied"
    fault_code = 3
    http_status = 403

    def __init__(self, message: str = "Access Denied", *args: object) -> None:
        super().__init__(message, *args)


class LockError(UserError):
    """Odoo 19's lock/serialization conflict (HTTP 409 on JSON-2)."""

    odoo_name = "odoo.exceptions.LockError"
    http_status = 409


class DatabaseError(SimulatedOdooException):
    """A psycopg2 error surfaced by Odoo (fault 1, HTTP 500). `odoo_name` set per instance."""

    fault_code = 1
    http_status = 500

    def __init__(self, odoo_name: str, message: str) -> None:
        super().__init__(message)
        self.odoo_name = odoo_name


class WerkzeugHTTPError(Exception):
    """A werkzeug HTTP exception as JSON-2 reports it (e.g. 404 NotFound, 422 UnprocessableEntity).

    `html` is True for the few answers Odoo sends as an HTML page instead of JSON
    (unknown database 404, wrong Content-Type 415).
    """

    def __init__(self, status: int, odoo_name: str, message: str, *, html: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.odoo_name = odoo_name
        self.message = message
        self.html = html
