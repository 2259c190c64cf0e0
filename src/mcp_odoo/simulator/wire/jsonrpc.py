"""JSON-RPC: ``POST /jsonrpc`` (service/method/args) and the envelope shared by the web routes.

Request ``{"jsonrpc": "2.0", "method": "call", "params": {...}, "id": N}``; answer
``{"jsonrpc": "2.0", "id": N, "result": ...}`` (no ``result`` key when the method returned None;
a recordset returned without ``@api.returns`` is stringified, ``"mail.activity(12,)"``)
or ``{"error": {code, message: "Odoo Server Error", data: {name, message, arguments, context,
debug}}}`` with HTTP 200. ``code`` is 200 in 18 and 0 in 19, 100 for an expired web session, 404
("404: Not Found") for a werkzeug NotFound.
A body that is not JSON gets HTTP 400 text/html "Invalid JSON data".
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mcp_odoo.simulator.exceptions import WerkzeugHTTPError
from mcp_odoo.simulator.wire import pages, services
from mcp_odoo.simulator.wire.errors import Entry, SessionExpired, describe, serialized
from mcp_odoo.simulator.wire.injection import fire_faults
from mcp_odoo.simulator.wire.state import Simulator

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def json_default(value: object) -> str:
    """Odoo's ``json_default`` for what JSON cannot encode (here a recordset): ``str(value)``."""
    return str(value)


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False, default=json_default).encode("utf-8"),
        status_code=status,
        headers={"Content-Type": JSON_CONTENT_TYPE, **(headers or {})},
    )


def result_envelope(request_id: Any, result: Any) -> Response:
    payload: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
    if result is not None:
        payload["result"] = result
    return json_response(payload)


def error_envelope(request_id: Any, exc: Exception, entry: Entry, series: str) -> Response:
    failure = describe(exc, entry, series)
    if isinstance(exc, SessionExpired):
        code, message = 100, "Odoo Session Expired"
    elif isinstance(exc, WerkzeugHTTPError) and exc.status == 404:
        code, message = 404, "404: Not Found"
    else:
        code, message = (0 if series.startswith("19") else 200), "Odoo Server Error"
    error = {"code": code, "message": message, "data": serialized(failure)}
    return json_response({"jsonrpc": "2.0", "id": request_id, "error": error})


def envelope_id(payload: Any) -> Any:
    """The id to echo (None when the body is not an object)."""
    return payload.get("id") if isinstance(payload, dict) else None


def envelope_params(payload: Any) -> dict[str, Any]:
    """The params, merged into a dict as Odoo does (so a list fails with Python's own message)."""
    return dict(payload.get("params", {}))


async def read_envelope(request: Request) -> Any:
    """The decoded JSON body, or the 400 page when it is not JSON."""
    try:
        return json.loads(await request.body())
    except ValueError:
        return pages.invalid_json()


class RPC:
    """Odoo 18's JSON-RPC controller. Its name shows in argument errors, hence one class per series."""

    def jsonrpc(self, service: str, method: str, args: list[Any]) -> tuple[str, str, list[Any]]:
        return service, method, args


class JSONRPC:
    """Odoo 19's JSON-RPC controller (same signature as `RPC`, another name in argument errors)."""

    def jsonrpc(self, service: str, method: str, args: list[Any]) -> tuple[str, str, list[Any]]:
        return service, method, args


async def jsonrpc(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    payload = await read_envelope(request)
    if isinstance(payload, Response):
        return payload
    request_id = envelope_id(payload)
    try:
        controller = JSONRPC() if server.is_19 else RPC()
        service, method, args = controller.jsonrpc(**envelope_params(payload))
        model, model_method = services.call_target(service, method, args)
        server.calls.record("jsonrpc", model, model_method)
        interruption = await fire_faults(server, "jsonrpc", model, model_method)
        if interruption is not None:
            return interruption
        result = services.dispatch_rpc(server, service, method, args)
    except Exception as exc:
        return error_envelope(request_id, exc, Entry.JSONRPC, server.series)
    return result_envelope(request_id, result)


routes = [Route("/jsonrpc", jsonrpc, methods=["POST"])]
