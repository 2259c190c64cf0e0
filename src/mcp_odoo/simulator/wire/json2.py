"""JSON-2 (Odoo 19): ``POST /json/2/<model>/<method>`` with ``Authorization: bearer <api-key>``.

The checks run in Odoo's order: database (``X-Odoo-Database``, optional with one database;
unknown -> 404 HTML), route (anything but POST model/method -> 404 JSON), Content-Type (not JSON
-> 415 HTML), bearer API key (401 + ``WWW-Authenticate``), body (not JSON -> 400). The answer is
the bare JSON result, or an HTTP status with ``{name, message, arguments, context, debug}``.
In 18 the URL belongs to no controller: the user-auth fallback redirects to the login page.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mcp_odoo.simulator.exceptions import WerkzeugHTTPError
from mcp_odoo.simulator.wire import pages
from mcp_odoo.simulator.wire.errors import Entry, describe, serialized
from mcp_odoo.simulator.wire.injection import fire_faults
from mcp_odoo.simulator.wire.jsonrpc import json_response
from mcp_odoo.simulator.wire.state import Simulator

_NOT_AUTHENTICATED = "User not authenticated, use an API Key with a Bearer Authorization header."


def _unauthorized(message: str) -> WerkzeugHTTPError:
    return WerkzeugHTTPError(401, "werkzeug.exceptions.Unauthorized", message)


def error_response(exc: Exception, entry: Entry, series: str) -> Response:
    if isinstance(exc, WerkzeugHTTPError) and exc.html:
        return pages.no_database() if exc.status == 404 else pages.unsupported_media_type()
    failure = describe(exc, entry, series)
    # Odoo sends "Bearer " (trailing space); HTTP servers such as uvicorn/h11 refuse trailing whitespace.
    headers = {"WWW-Authenticate": "Bearer"} if failure.http_status == 401 else None
    return json_response(serialized(failure), failure.http_status, headers)


def _database_ok(server: Simulator, request: Request) -> bool:
    requested = request.headers.get("X-Odoo-Database")
    return server.database_exists(requested if requested is not None else server.backend.db_name)


def _is_json(request: Request) -> bool:
    return request.headers.get("Content-Type", "").split(";")[0].strip().lower() == "application/json"


def _authenticated_uid(server: Simulator, request: Request) -> int:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized(_NOT_AUTHENTICATED)
    uid = server.uid_for_api_key(token.strip())
    if uid is None:
        raise _unauthorized("Invalid apikey")
    return uid


async def _named_arguments(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise WerkzeugHTTPError(
            400, "werkzeug.exceptions.BadRequest", f"could not parse the body as json: {exc}"
        ) from exc
    return body if isinstance(body, dict) else {}


async def json2(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    if not server.is_19:
        return pages.login_redirect(request.url.path, request.url.query)
    if not _database_ok(server, request):
        return pages.no_database()
    parts = request.path_params["target"].split("/")
    if request.method != "POST" or len(parts) != 2 or not all(parts):
        not_found = WerkzeugHTTPError(
            404, "werkzeug.exceptions.NotFound", "Did you mean POST /json/2/<model>/<method>?"
        )
        return error_response(not_found, Entry.JSON2, server.series)
    if not _is_json(request):
        return pages.unsupported_media_type()
    model, method = parts
    try:
        uid = _authenticated_uid(server, request)
    except WerkzeugHTTPError as exc:
        return error_response(exc, Entry.AUTH, server.series)
    try:
        body = await _named_arguments(request)
        server.calls.record("json2", model, method)
        interruption = await fire_faults(server, "json2", model, method)
        if interruption is not None:
            return interruption
        result = server.backend.execute_json2(uid, model, method, body)
    except Exception as exc:
        return error_response(exc, Entry.JSON2, server.series)
    return json_response(result)


routes = [Route("/json/2/{target:path}", json2, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])]
