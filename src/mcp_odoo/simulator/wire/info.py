"""Version routes: ``GET /web/version``, ``GET /json/version`` (19), ``POST /web/webclient/version_info``.

In 18, ``/web/version`` does not exist (the website's 404 page) and ``/json/...`` falls to the
user-auth fallback, which redirects to the login page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mcp_odoo.simulator.wire import pages
from mcp_odoo.simulator.wire.jsonrpc import envelope_id, json_response, read_envelope, result_envelope
from mcp_odoo.simulator.wire.state import Simulator
from mcp_odoo.simulator.wire.version import common_version, web_version


async def web_version_route(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    if not server.is_19:
        return pages.not_found()
    return json_response(web_version(server.series))


async def json_version_route(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    if not server.is_19:
        return pages.login_redirect(request.url.path, request.url.query)
    return json_response(web_version(server.series))


async def webclient_version_info(request: Request) -> Response:
    server: Simulator = request.app.state.simulator
    payload = await read_envelope(request)
    if isinstance(payload, Response):
        return payload
    return result_envelope(envelope_id(payload), common_version(server.series))


routes = [
    Route("/web/version", web_version_route, methods=["GET"]),
    Route("/json/version", json_version_route, methods=["GET"]),
    Route("/web/webclient/version_info", webclient_version_info, methods=["POST"]),
]
