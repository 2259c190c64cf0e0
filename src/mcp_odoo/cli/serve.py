"""The commands that run a server: `serve` (against the configured Odoo), `demo` (against an in-process
simulator) and `simulator` (the simulator alone, as a real Odoo stand-in on HTTP).

The HTTP stack, the simulator and uvicorn are imported only by the command that needs them, so that a
stdio server starts without loading them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import SecretStr

from mcp_odoo.cli.options import ConfigOption, DbOption, DebugOption, ProtocolOption, UrlOption, UserOption
from mcp_odoo.cli.running import fail, guarded, setup_logging
from mcp_odoo.settings import (
    AuthMode,
    ConfigError,
    IdentityMode,
    NamedTarget,
    OdooSettings,
    OdooTarget,
    ServerSettings,
    load_odoo_settings,
    load_odoo_target,
    load_server_settings,
    load_targets,
    service_credentials_set,
)

if TYPE_CHECKING:
    from mcp_odoo.simulator.orm import Registry


class Transport(StrEnum):
    STDIO = "stdio"
    HTTP = "http"


class Series(StrEnum):
    V18 = "18.0"
    V19 = "19.0"


TransportOption = Annotated[Transport, typer.Option("--transport", help="stdio, or Streamable HTTP at /mcp.")]
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (http transport).")]
PortOption = Annotated[int, typer.Option("--port", help="Port to listen on (http transport).")]
AuthModeOption = Annotated[
    AuthMode | None,
    typer.Option("--auth-mode", help="HTTP authentication: none | static | oauth (MCP_ODOO_AUTH_MODE)."),
]
IdentityModeOption = Annotated[
    IdentityMode | None,
    typer.Option("--identity-mode", help="shared | passthrough (MCP_ODOO_IDENTITY_MODE)."),
]
PublicUrlOption = Annotated[
    str | None, typer.Option("--public-url", help="This server's public /mcp URL (MCP_ODOO_PUBLIC_URL).")
]
StatelessOption = Annotated[
    bool | None,
    typer.Option(
        "--stateless/--stateful", help="Serve each HTTP request on its own (MCP_ODOO_STATELESS_HTTP)."
    ),
]
WritesOption = Annotated[
    bool | None,
    typer.Option("--allow-writes/--read-only", help="Expose write tools (MCP_ODOO_ALLOW_WRITES)."),
]


def serve(
    config: ConfigOption = None,
    url: UrlOption = None,
    db: DbOption = None,
    user: UserOption = None,
    protocol: ProtocolOption = None,
    allow_writes: WritesOption = None,
    transport: TransportOption = Transport.STDIO,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    auth_mode: AuthModeOption = None,
    identity_mode: IdentityModeOption = None,
    public_url: PublicUrlOption = None,
    stateless: StatelessOption = None,
    debug: DebugOption = False,
) -> None:
    """Serve MCP over stdio (default) or Streamable HTTP against the configured Odoo.

    Over HTTP, `--auth-mode static|oauth` requires a bearer token on every request and
    `--identity-mode passthrough` makes each caller act as its own Odoo user (see `users`, `tokens`).
    """
    setup_logging(debug)

    def start() -> None:
        server = load_server_settings(
            config,
            allow_writes=allow_writes,
            auth_mode=auth_mode,
            identity_mode=identity_mode,
            public_url=public_url,
            stateless_http=stateless,
        )
        if transport is Transport.STDIO and server.http.auth_mode is not AuthMode.NONE:
            raise ConfigError(
                "MCP_ODOO_AUTH_MODE applies to --transport http only; stdio has no bearer tokens"
            )
        odoo: OdooTarget | list[NamedTarget]
        unused: Sequence[str] = ()
        targets = load_targets(config, server, url=url, db=db, user=user, protocol=protocol)
        if targets:
            odoo = targets
        elif server.identity.mode is IdentityMode.PASSTHROUGH:
            odoo = load_odoo_target(config, url=url, db=db, protocol=protocol)
            unused = service_credentials_set(config, user=user)
        else:
            odoo = load_odoo_settings(config, url=url, db=db, user=user, protocol=protocol)
        _serve(
            odoo, server, transport, host, port, odoo_transport=None, unused_credentials=unused, debug=debug
        )

    guarded(debug, start)


def demo(
    series: Annotated[Series, typer.Option("--series", help="Odoo series the simulator plays.")] = Series.V19,
    allow_writes: WritesOption = True,
    transport: TransportOption = Transport.STDIO,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    debug: DebugOption = False,
) -> None:
    """Serve MCP against an in-process Odoo simulator seeded with the stock demo data (no Odoo needed)."""
    setup_logging(debug)

    def start() -> None:
        import httpx2

        from mcp_odoo.simulator.app import create_app
        from mcp_odoo.simulator.orm import DEMO_CREDENTIALS

        registry = _seeded_registry(series)
        odoo = OdooSettings(
            url="http://simulator.invalid",
            db=registry.db_name,
            user="mcp_bot",
            api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
        )
        server = ServerSettings(
            allow_writes=bool(allow_writes), audit_path=Path("mcp-odoo-demo-audit.sqlite3")
        )
        logging.getLogger("mcp_odoo").info(
            "demo: Odoo %s simulator in process, user mcp_bot, writes %s",
            series.value,
            "on" if server.policy.allow_writes else "off",
        )
        simulator = httpx2.ASGITransport(app=create_app(registry))
        _serve(odoo, server, transport, host, port, odoo_transport=simulator, debug=debug)

    guarded(debug, start)


def simulator(
    series: Annotated[Series, typer.Option("--series", help="Odoo series to simulate.")] = Series.V19,
    host: HostOption = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8069,
    debug: DebugOption = False,
) -> None:
    """Run the Odoo simulator as a real HTTP server (XML-RPC, JSON-RPC, JSON-2 on 19.0)."""
    setup_logging(debug)

    def run() -> None:
        from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
        from mcp_odoo.simulator.server import serve as serve_simulator

        registry = _seeded_registry(series)
        for login, credentials in DEMO_CREDENTIALS.items():
            typer.echo(f"user {login}: API key {credentials['api_key']}", err=True)
        typer.echo(f"Odoo {series.value} simulator on http://{host}:{port}", err=True)
        serve_simulator(registry, host, port)

    guarded(debug, run)


def _seeded_registry(series: Series) -> Registry:
    """A simulated Odoo of `series` seeded from the package data; a damaged installation is one line."""
    from mcp_odoo.simulator.orm import Registry
    from mcp_odoo.simulator.orm.seed import SeedUnavailable

    try:
        return Registry(series=series.value)
    except SeedUnavailable as exc:
        fail(str(exc))


def _serve(
    odoo: OdooTarget | list[NamedTarget],
    server: ServerSettings,
    transport: Transport,
    host: str,
    port: int,
    *,
    odoo_transport: Any,
    unused_credentials: Sequence[str] = (),
    debug: bool = False,
) -> None:
    """Run the server; `unused_credentials` names service-user settings set although callers are
    passed through (stated at start, so nobody believes they are used)."""
    from mcp_odoo.server import build_server

    if transport is Transport.STDIO:
        build_server(odoo, server, transport=odoo_transport).run("stdio")
        return
    import uvicorn

    from mcp_odoo.http.access import build_access
    from mcp_odoo.http.app import build_http_app

    if server.http.json_logs:
        setup_logging(debug, json_lines=True)
    default = odoo if isinstance(odoo, OdooTarget) else odoo[0].odoo
    access = build_access(default, server.http, server.identity, odoo_transport=odoo_transport)
    mcp = build_server(odoo, server, transport=odoo_transport, access=access)
    app = build_http_app(
        mcp, server.http, host=host, port=port, stateless=server.http.stateless_http, access=access
    )
    unused = (
        f"; {', '.join(unused_credentials)} set but unused: each caller signs in to Odoo as its own user"
        if unused_credentials
        else ""
    )
    logging.getLogger("mcp_odoo").info(
        "serving MCP on http://%s:%d/mcp (auth %s, identity %s, %s)%s",
        host,
        port,
        server.http.auth_mode.value,
        server.identity.mode.value,
        "stateless" if server.http.stateless_http else "stateful",
        unused,
    )
    # log_config=None: uvicorn's records reach the root handlers, one line each like the others'.
    uvicorn.run(app, host=host, port=port, log_level="warning", log_config=None)
