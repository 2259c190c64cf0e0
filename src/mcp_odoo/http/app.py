"""build_http_app: the MCP server over Streamable HTTP at ``/mcp``, plus ``GET /healthz``.

With an `HttpAccess` (the multi-user server) it also serves ``GET /readyz`` and ``GET /metrics`` (who
sees what: `OperatorAccess`),
gives every request an id (``X-Request-ID``) for the logs, and answers a writing tool's call made
with a token lacking ``odoo:write`` with 403.

DNS-rebinding protection is always on: only loopback Host/Origin headers are accepted, plus the
host the server listens on and the extra ones configured (`allowed_hosts`, `allowed_origins`).
"""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer
from mcp.server.auth.routes import build_resource_metadata_url
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mcp_odoo import __version__
from mcp_odoo.http.access import HttpAccess
from mcp_odoo.http.metrics import OperatorAccess, metrics_endpoint, readiness_endpoint
from mcp_odoo.http.protocol_errors import ShortInvalidRequests
from mcp_odoo.http.request_log import RequestIdMiddleware
from mcp_odoo.http.settings import HttpSettings
from mcp_odoo.http.write_scope import WriteScopeGuard

MCP_PATH = "/mcp"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def transport_security(settings: HttpSettings, host: str, port: int) -> TransportSecuritySettings:
    """Host and Origin allowlists: loopback and the listening address on `port`, then configured extras."""
    names = list(LOOPBACK_HOSTS)
    if host not in WILDCARD_ADDRESSES and host not in ("::1", *LOOPBACK_HOSTS):
        names.append(f"[{host}]" if ":" in host else host)
    hosts = [*(f"{name}:{port}" for name in names), *settings.allowed_hosts]
    origins = [
        *(f"{scheme}://{name}:{port}" for scheme in ("http", "https") for name in names),
        *settings.allowed_origins,
    ]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )


async def healthz(_: Request) -> JSONResponse:
    """Liveness: the process serves HTTP. It does not call Odoo (use `mcp-odoo check` for that)."""
    return JSONResponse({"status": "ok", "version": __version__})


def build_http_app(
    mcp_server: MCPServer[Any],
    settings: HttpSettings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    stateless: bool = False,
    access: HttpAccess | None = None,
) -> Starlette:
    """A Starlette app serving `mcp_server` at /mcp and a health check at /healthz.

    `stateless=True` serves every request on its own (no session affinity needed behind a load
    balancer) at the cost of server-to-client requests for legacy clients. `access` must be the
    one `mcp_server` was built with.
    """
    app = mcp_server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=stateless,
        transport_security=transport_security(settings, host, port),
        host=host,
    )
    app.router.routes.append(Route(HEALTH_PATH, healthz, methods=["GET"]))
    for route in app.router.routes:
        if isinstance(route, Route) and route.path == MCP_PATH:
            route.app = ShortInvalidRequests(route.app)
    if access is not None:
        operators = OperatorAccess(settings.metrics_token)
        readyz = readiness_endpoint(access.readiness, operators)
        app.router.routes.append(Route(READY_PATH, readyz, methods=["GET"]))
        metrics = metrics_endpoint(access.metrics, operators)
        app.router.routes.append(Route(METRICS_PATH, metrics, methods=["GET"]))
        if access.linking is not None:
            app.router.routes.extend(access.linking.routes())
        _guard_write_scope(app, mcp_server, access)
        app.add_middleware(RequestIdMiddleware)
    return app


def _guard_write_scope(app: Starlette, mcp_server: MCPServer[Any], access: HttpAccess) -> None:
    if access.auth is None or access.auth.resource_server_url is None:
        return
    metadata_url = str(build_resource_metadata_url(access.auth.resource_server_url))
    cached: frozenset[str] | None = None

    async def write_tools() -> frozenset[str]:
        """Tools not annotated read-only, listed once (tools are registered before the app serves)."""
        nonlocal cached
        if cached is None:
            cached = frozenset(
                tool.name
                for tool in await mcp_server.list_tools()
                if tool.annotations is None or tool.annotations.read_only_hint is not True
            )
        return cached

    for route in app.router.routes:
        if isinstance(route, Route) and route.path == MCP_PATH:
            route.app = WriteScopeGuard(route.app, write_tools, metadata_url)
