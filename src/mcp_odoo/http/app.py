"""build_http_app: the MCP server over Streamable HTTP at ``/mcp``, plus ``GET /healthz``.

DNS-rebinding protection is always on: only loopback Host/Origin headers are accepted, plus the
host the server listens on and the extra ones configured (`allowed_hosts`, `allowed_origins`).
"""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mcp_odoo import __version__
from mcp_odoo.settings import ServerSettings

MCP_PATH = "/mcp"
HEALTH_PATH = "/healthz"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def transport_security(settings: ServerSettings, host: str, port: int) -> TransportSecuritySettings:
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
    server_settings: ServerSettings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    stateless: bool = False,
) -> Starlette:
    """A Starlette app serving `mcp_server` at /mcp and a health check at /healthz.

    `stateless=True` serves every request on its own (no session affinity needed behind a load
    balancer) at the cost of server-to-client requests for legacy clients.
    """
    app = mcp_server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=stateless,
        transport_security=transport_security(server_settings, host, port),
        host=host,
    )
    app.router.routes.append(Route(HEALTH_PATH, healthz, methods=["GET"]))
    return app
