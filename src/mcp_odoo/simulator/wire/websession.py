"""The web client's session routes: ``/web/session/*``, ``/web/dataset/call_kw[/...]``,
``/report/check_wkhtmltopdf``.

``/web/session/authenticate`` accepts the account password only (an API key is AccessDenied) and
sets the ``session_id`` cookie; the other routes need that cookie (a bearer header does not help)
and answer JSON-RPC error code 100 ``odoo.http.SessionExpiredException`` without it, with
``id: null`` because the session is checked before the body is read.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mcp_odoo.simulator.exceptions import AccessDenied
from mcp_odoo.simulator.wire.errors import Entry, SessionExpired
from mcp_odoo.simulator.wire.injection import fire_faults
from mcp_odoo.simulator.wire.jsonrpc import (
    envelope_id,
    envelope_params,
    error_envelope,
    read_envelope,
    result_envelope,
)
from mcp_odoo.simulator.wire.sessioninfo import session_info
from mcp_odoo.simulator.wire.sessions import SESSION_COOKIE
from mcp_odoo.simulator.wire.state import Simulator

_SESSION_MAX_AGE = 7 * 24 * 3600


def session_uid(request: Request) -> int | None:
    """The uid of the request's web session cookie, if it is a live session."""
    server: Simulator = request.app.state.simulator
    return server.sessions.uid(request.cookies.get(SESSION_COOKIE))


def _with_cookie(response: Response, session_id: str) -> Response:
    response.set_cookie(SESSION_COOKIE, session_id, max_age=_SESSION_MAX_AGE, httponly=True, path="/")
    return response


class Session:
    """Odoo's ``/web/session`` controller (its name shows in argument errors)."""

    def authenticate(
        self, db: str, login: str, password: str, base_location: str | None = None
    ) -> tuple[str, str, str]:
        return db, login, password


class DataSet:
    """Odoo's ``/web/dataset`` controller."""

    def call_kw(
        self, model: str, method: str, args: list[Any], kwargs: dict[str, Any], path: str | None = None
    ) -> tuple[str, str, list[Any], dict[str, Any]]:
        return model, method, args, kwargs


async def authenticate(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    payload = await read_envelope(request)
    if isinstance(payload, Response):
        return payload
    request_id = envelope_id(payload)
    try:
        db, login, password = Session().authenticate(**envelope_params(payload))
        if not server.database_exists(db):
            raise AccessDenied()
        uid = server.backend.authenticate(login, password)
        if uid is None or server.backend.uid_for_api_key(password) is not None:
            raise AccessDenied()
        session_id = server.sessions.open(uid)
        info = session_info(server.backend, uid, str(request.base_url).rstrip("/"))
    except Exception as exc:
        return error_envelope(request_id, exc, Entry.WEB, server.series)
    return _with_cookie(result_envelope(request_id, info), session_id)


async def _session_route(request: Request) -> tuple[int, Any] | Response:
    """The session's uid and the parsed envelope, or the error answer when either is missing."""
    server: Simulator = request.app.state.simulator
    uid = session_uid(request)
    if uid is None:
        return error_envelope(None, SessionExpired(), Entry.AUTH, server.series)
    payload = await read_envelope(request)
    if isinstance(payload, Response):
        return payload
    return uid, payload


async def get_session_info(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    checked = await _session_route(request)
    if isinstance(checked, Response):
        return checked
    uid, payload = checked
    try:
        info = session_info(server.backend, uid, str(request.base_url).rstrip("/"))
    except Exception as exc:
        return error_envelope(envelope_id(payload), exc, Entry.WEB, server.series)
    return result_envelope(envelope_id(payload), info)


async def destroy(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    checked = await _session_route(request)
    if isinstance(checked, Response):
        return checked
    _, payload = checked
    server.sessions.close(request.cookies[SESSION_COOKIE])
    response = result_envelope(envelope_id(payload), None)
    response.delete_cookie("cids", path="/")
    return response


async def call_kw(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    checked = await _session_route(request)
    if isinstance(checked, Response):
        return checked
    uid, payload = checked
    request_id = envelope_id(payload)
    try:
        model, method, args, kwargs = DataSet().call_kw(**envelope_params(payload))
        server.calls.record("call_kw", model, method)
        interruption = await fire_faults(server, "call_kw", model, method)
        if interruption is not None:
            return interruption
        result = server.backend.execute_kw(uid, model, method, args, kwargs)
    except Exception as exc:
        return error_envelope(request_id, exc, Entry.WEB, server.series)
    return result_envelope(request_id, result)


async def check_wkhtmltopdf(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    checked = await _session_route(request)
    if isinstance(checked, Response):
        return checked
    _, payload = checked
    return result_envelope(envelope_id(payload), "ok" if server.pdf_engine else "install")


routes = [
    Route("/web/session/authenticate", authenticate, methods=["POST"]),
    Route("/web/session/get_session_info", get_session_info, methods=["POST"]),
    Route("/web/session/destroy", destroy, methods=["POST"]),
    Route("/web/dataset/call_kw", call_kw, methods=["POST"]),
    Route("/web/dataset/call_kw/{path:path}", call_kw, methods=["POST"]),
    Route("/report/check_wkhtmltopdf", check_wkhtmltopdf, methods=["POST"]),
]
