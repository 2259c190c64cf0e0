"""How an exception raised in the simulated Odoo looks on the wire.

`describe()` turns any exception (the ORM's `simulator.exceptions`, werkzeug-style HTTP errors,
Python builtins, the wire's own `SessionExpired`) into a `Failure`: the wire name
(``odoo.exceptions.AccessError``, ``builtins.ValueError``...), the message and arguments Odoo
serializes, the XML-RPC fault code, the JSON-2 HTTP status and an Odoo-like server traceback.

Tracebacks reuse the shape of the reference transcripts: the frames of the route that received
the request (per protocol and series, with ``<odoo>/`` paths, never this machine's paths),
then the final ``<ExceptionName>: <message>`` line, which is what clients and tests read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from typing import Any

from mcp_odoo.simulator.exceptions import AccessDenied, SimulatedOdooException, WerkzeugHTTPError


class SessionExpired(Exception):
    """No valid web session on a route that needs one (JSON-RPC error code 100)."""

    odoo_name = "odoo.http.SessionExpiredException"

    def __init__(self) -> None:
        super().__init__("Session expired")


class Entry(StrEnum):
    """The Odoo controller that received the request: it decides the first traceback frames."""

    XMLRPC = "xmlrpc"
    JSONRPC = "jsonrpc"
    JSON2 = "json2"
    WEB = "web"
    AUTH = "auth"


@dataclass(frozen=True)
class Failure:
    name: str
    message: str
    arguments: list[Any]
    fault_code: int
    http_status: int
    traceback: str
    context: dict[str, Any]

    @property
    def final_line(self) -> str:
        return self.traceback.rstrip("\n").rsplit("\n", 1)[-1]


Frame = tuple[str, int, str, str]

_SERVE_19: tuple[Frame, ...] = (
    ("odoo/http.py", 2302, "_serve_db", "return service_model.retrying(serve_func, env=self.env)"),
    ("odoo/service/model.py", 188, "retrying", "result = func()"),
)
_SERVE_18: tuple[Frame, ...] = (
    ("odoo/http.py", 1954, "_transactioning", "return service_model.retrying(func, env=self.env)"),
    ("odoo/service/model.py", 137, "retrying", "result = func()"),
)
_DISPATCH_19: tuple[Frame, ...] = (
    ("odoo/http.py", 2357, "_serve_ir_http", "response = self.dispatcher.dispatch(rule.endpoint, args)"),
    ("odoo/http.py", 2572, "dispatch", "result = self.request.registry['ir.http']._dispatch(endpoint)"),
    ("odoo/addons/base/models/ir_http.py", 355, "_dispatch", "result = endpoint(**request.params)"),
    ("odoo/http.py", 811, "route_wrapper", "result = endpoint(self, *args, **params_ok)"),
)
_DISPATCH_18: tuple[Frame, ...] = (
    ("odoo/http.py", 1921, "_serve_ir_http", "response = self.dispatcher.dispatch(rule.endpoint, args)"),
    ("odoo/http.py", 2168, "dispatch", "result = self.request.registry['ir.http']._dispatch(endpoint)"),
    ("odoo/addons/base/models/ir_http.py", 329, "_dispatch", "result = endpoint(**request.params)"),
    ("odoo/http.py", 727, "route_wrapper", "result = endpoint(self, *args, **params_ok)"),
)
_AUTH_19: tuple[Frame, ...] = (
    ("odoo/http.py", 2355, "_serve_ir_http", "self.registry['ir.http']._authenticate(rule.endpoint)"),
    ("odoo/addons/base/models/ir_http.py", 275, "_authenticate", "cls._authenticate_explicit(auth)"),
    (
        "odoo/addons/base/models/ir_http.py",
        284,
        "_authenticate_explicit",
        "getattr(cls, f'_auth_method_{auth}')()",
    ),
)
_AUTH_18: tuple[Frame, ...] = (
    ("odoo/http.py", 1919, "_serve_ir_http", "self.registry['ir.http']._authenticate(rule.endpoint)"),
    ("odoo/addons/base/models/ir_http.py", 251, "_authenticate", "cls._authenticate_explicit(auth)"),
    (
        "odoo/addons/base/models/ir_http.py",
        260,
        "_authenticate_explicit",
        "getattr(cls, f'_auth_method_{auth}')()",
    ),
)

_ENTRY_FRAMES: dict[tuple[Entry, bool], tuple[Frame, ...]] = {
    (Entry.XMLRPC, True): (
        ("addons/rpc/controllers/xmlrpc.py", 162, "xmlrpc_2", "response = self._xmlrpc(service)"),
        (
            "addons/rpc/controllers/xmlrpc.py",
            134,
            "_xmlrpc",
            "result = dispatch_rpc(service, method, params)",
        ),
        ("odoo/http.py", 449, "dispatch_rpc", "return dispatch(method, params)"),
    ),
    (Entry.XMLRPC, False): (
        ("odoo/addons/base/controllers/rpc.py", 161, "xmlrpc_2", "response = self._xmlrpc(service)"),
        (
            "odoo/addons/base/controllers/rpc.py",
            139,
            "_xmlrpc",
            "result = dispatch_rpc(service, method, params)",
        ),
        ("odoo/http.py", 398, "dispatch_rpc", "return dispatch(method, params)"),
    ),
    (Entry.JSONRPC, True): (
        *_SERVE_19,
        *_DISPATCH_19,
        ("addons/rpc/controllers/jsonrpc.py", 16, "jsonrpc", "return dispatch_rpc(service, method, args)"),
        ("odoo/http.py", 449, "dispatch_rpc", "return dispatch(method, params)"),
    ),
    (Entry.JSONRPC, False): (
        *_SERVE_18,
        *_DISPATCH_18,
        ("odoo/addons/base/controllers/rpc.py", 170, "jsonrpc", "return dispatch_rpc(service, method, args)"),
        ("odoo/http.py", 398, "dispatch_rpc", "return dispatch(method, params)"),
    ),
    (Entry.JSON2, True): (
        *_SERVE_19,
        *_DISPATCH_19,
        ("addons/rpc/controllers/json2.py", 86, "web_json_2_rpc", "result = func(records, **kwargs)"),
    ),
    (Entry.JSON2, False): (*_SERVE_18, *_DISPATCH_18),
    (Entry.WEB, True): (
        *_SERVE_19,
        *_DISPATCH_19,
        (
            "addons/web/controllers/dataset.py",
            40,
            "call_kw",
            "return call_kw(request.env[model], method, args, kwargs)",
        ),
    ),
    (Entry.WEB, False): (
        *_SERVE_18,
        *_DISPATCH_18,
        (
            "addons/web/controllers/dataset.py",
            38,
            "call_kw",
            "return call_kw(request.env[model], method, args, kwargs)",
        ),
    ),
    (Entry.AUTH, True): (*_SERVE_19, *_AUTH_19),
    (Entry.AUTH, False): (*_SERVE_18, *_AUTH_18),
}


def wire_name(exc: BaseException) -> str:
    """The exception's name as Odoo serializes it (``module.Class``)."""
    name = getattr(exc, "odoo_name", None)
    if isinstance(name, str):
        return name
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def _message(exc: BaseException) -> str:
    if isinstance(exc, SimulatedOdooException | WerkzeugHTTPError):
        return exc.message
    return str(exc.args[0]) if exc.args else str(exc)


def _arguments(exc: BaseException) -> list[Any]:
    if isinstance(exc, WerkzeugHTTPError):
        return [exc.message, exc.status]
    return list(exc.args)


def _final_line(exc: BaseException, name: str) -> str:
    shown = name.removeprefix("builtins.")
    if isinstance(exc, WerkzeugHTTPError):
        return f"{shown}: {exc.status} {HTTPStatus(exc.status).phrase}: {exc.message}"
    if isinstance(exc, SimulatedOdooException):
        return f"{shown}: {exc.message}"
    return f"{shown}: {exc}"


def _format_frames(frames: tuple[Frame, ...]) -> str:
    return "".join(
        f'  File "<odoo>/{path}", line {line}, in {func}\n    {code}\n' for path, line, func, code in frames
    )


def describe(exc: BaseException, entry: Entry, series: str) -> Failure:
    name = wire_name(exc)
    final = _final_line(exc, name)
    if isinstance(exc, AccessDenied):
        traceback = final + "\n"
    else:
        frames = _ENTRY_FRAMES[(entry, series.startswith("19"))]
        traceback = f"Traceback (most recent call last):\n{_format_frames(frames)}{final}\n"
    if isinstance(exc, SimulatedOdooException):
        fault_code, status = exc.fault_code, exc.http_status
    elif isinstance(exc, WerkzeugHTTPError):
        fault_code, status = 1, exc.status
    else:
        fault_code, status = 1, 500
    context = getattr(exc, "context", None)
    return Failure(
        name,
        _message(exc),
        _arguments(exc),
        fault_code,
        status,
        traceback,
        context if isinstance(context, dict) else {},
    )


def serialized(failure: Failure) -> dict[str, Any]:
    """The ``{name, message, arguments, context, debug}`` object of JSON-RPC ``error.data`` and JSON-2.

    ``context`` is the exception's own ``context`` dict when it has one (Odoo's AccessError carries
    ``suggested_company`` for multi-company denials), else ``{}``.
    """
    return {
        "name": failure.name,
        "message": failure.message,
        "arguments": failure.arguments,
        "context": failure.context,
        "debug": failure.traceback,
    }
