"""The `mcp-odoo` command line: serve, demo, check, simulator, audit.

Every command turns failures into one clear line on stderr and a non-zero exit; a traceback is
shown only with `--debug`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import SecretStr

from mcp_odoo import __version__
from mcp_odoo.settings import (
    ConfigError,
    OdooSettings,
    Protocol,
    ServerSettings,
    load_odoo_settings,
    load_server_settings,
)

app = typer.Typer(
    name="mcp-odoo",
    help="A strict, safe MCP server for Odoo 16-19.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")


class Transport(StrEnum):
    STDIO = "stdio"
    HTTP = "http"


class Series(StrEnum):
    V18 = "18.0"
    V19 = "19.0"


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML configuration file ([odoo] and [server] tables).")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")]
UrlOption = Annotated[str | None, typer.Option("--url", help="Odoo URL (ODOO_URL).")]
DbOption = Annotated[str | None, typer.Option("--db", help="Odoo database (ODOO_DB).")]
UserOption = Annotated[str | None, typer.Option("--user", help="Odoo login (ODOO_USER).")]
ProtocolOption = Annotated[
    Protocol | None, typer.Option("--protocol", help="auto | json2 | jsonrpc | xmlrpc (ODOO_PROTOCOL).")
]
TransportOption = Annotated[Transport, typer.Option("--transport", help="stdio, or Streamable HTTP at /mcp.")]
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (http transport).")]
PortOption = Annotated[int, typer.Option("--port", help="Port to listen on (http transport).")]
WritesOption = Annotated[
    bool | None,
    typer.Option("--allow-writes/--read-only", help="Expose write tools (MCP_ODOO_ALLOW_WRITES)."),
]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"mcp-odoo: {message}", err=True)
    raise typer.Exit(code)


def _setup_logging(debug: bool) -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not debug:
        # One line per Odoo request is noise at INFO; failures are reported by the connector.
        logging.getLogger("httpx2").setLevel(logging.WARNING)


def _guarded(debug: bool, action: Callable[[], T]) -> T:
    """Run `action`, turning every failure into one line (or a traceback with --debug)."""
    from mcp_odoo.audit import AuditUnavailable
    from mcp_odoo.odoo.errors import OdooError

    try:
        return action()
    except typer.Exit:
        raise
    except ConfigError as exc:
        _fail(f"configuration error: {exc}")
    except AuditUnavailable as exc:
        _fail(f"audit log unavailable: {exc}")
    except OdooError as exc:
        if debug:
            raise
        _fail(f"{exc.kind}: {exc.message} ({exc.hint})")
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:
        if debug:
            raise
        _fail(f"unexpected failure: {type(exc).__name__} (run with --debug for details)", 1)


def _run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def _odoo_settings(config: Path | None, **flags: Any) -> OdooSettings:
    return load_odoo_settings(config, **flags)


def _server_settings(config: Path | None, **flags: Any) -> ServerSettings:
    return load_server_settings(config, **flags)


@app.command()
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
    debug: DebugOption = False,
) -> None:
    """Serve MCP over stdio (default) or Streamable HTTP against the configured Odoo."""
    _setup_logging(debug)

    def start() -> None:
        odoo = _odoo_settings(config, url=url, db=db, user=user, protocol=protocol)
        server = _server_settings(config, allow_writes=allow_writes)
        _serve(odoo, server, transport, host, port, odoo_transport=None)

    _guarded(debug, start)


@app.command()
def demo(
    series: Annotated[Series, typer.Option("--series", help="Odoo series the simulator plays.")] = Series.V19,
    allow_writes: WritesOption = True,
    transport: TransportOption = Transport.STDIO,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    debug: DebugOption = False,
) -> None:
    """Serve MCP against an in-process Odoo simulator seeded with the stock demo data (no Odoo needed)."""
    _setup_logging(debug)

    def start() -> None:
        import httpx2

        from mcp_odoo.simulator.app import create_app
        from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

        registry = Registry(series=series.value)
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
            "on" if server.allow_writes else "off",
        )
        simulator = httpx2.ASGITransport(app=create_app(registry))
        _serve(odoo, server, transport, host, port, odoo_transport=simulator)

    _guarded(debug, start)


def _serve(
    odoo: OdooSettings,
    server: ServerSettings,
    transport: Transport,
    host: str,
    port: int,
    *,
    odoo_transport: Any,
) -> None:
    from mcp_odoo.server import build_server

    mcp = build_server(odoo, server, transport=odoo_transport)
    if transport is Transport.STDIO:
        mcp.run("stdio")
        return
    import uvicorn

    from mcp_odoo.http.app import build_http_app

    uvicorn.run(build_http_app(mcp, server, host=host, port=port), host=host, port=port, log_level="warning")


@app.command()
def check(
    config: ConfigOption = None,
    url: UrlOption = None,
    db: DbOption = None,
    user: UserOption = None,
    protocol: ProtocolOption = None,
    tools: Annotated[
        bool,
        typer.Option("--tools", help="Also verify every enabled tool's models and fields (drift report)."),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Connect to Odoo and print the version, protocol, user, companies, language and rights.

    With --tools, also check that every enabled business tool's models and fields exist on this
    Odoo, and exit non-zero when one does not (schema drift).
    """
    if debug:
        _setup_logging(debug)

    def run() -> None:
        from mcp_odoo.check import render_check, run_check
        from mcp_odoo.odoo import OdooClient

        settings = _odoo_settings(config, url=url, db=db, user=user, protocol=protocol)
        server = _server_settings(config)

        async def go() -> tuple[str, bool]:
            async with OdooClient(settings) as client:
                text = render_check(await run_check(client, settings.url))
                if not tools:
                    return text, False
                from mcp_odoo.packs.drift import check_tools, render_drift
                from mcp_odoo.policy import OdooGateway, Policy

                drift = await check_tools(OdooGateway(client, Policy(server)), server)
                return f"{text}\n\n{render_drift(drift)}", drift.drifted

        text, drifted = _run_async(go())
        typer.echo(text)
        if drifted:
            _fail("schema drift: some enabled tools need models or fields this Odoo does not have", 3)

    _guarded(debug, run)


@app.command()
def simulator(
    series: Annotated[Series, typer.Option("--series", help="Odoo series to simulate.")] = Series.V19,
    host: HostOption = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8069,
    debug: DebugOption = False,
) -> None:
    """Run the Odoo simulator as a real HTTP server (XML-RPC, JSON-RPC, JSON-2 on 19.0)."""
    _setup_logging(debug)

    def run() -> None:
        from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
        from mcp_odoo.simulator.server import serve as serve_simulator

        for login, credentials in DEMO_CREDENTIALS.items():
            typer.echo(f"user {login}: API key {credentials['api_key']}", err=True)
        typer.echo(f"Odoo {series.value} simulator on http://{host}:{port}", err=True)
        serve_simulator(series.value, host, port)

    _guarded(debug, run)


@app.command()
def audit(
    config: ConfigOption = None,
    last: Annotated[int, typer.Option("--last", min=1, help="How many entries, newest first.")] = 20,
    tool: Annotated[str | None, typer.Option("--tool", help="Only calls of this tool.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Only failed or refused calls.")] = False,
    debug: DebugOption = False,
) -> None:
    """Print recent audit log entries as a table."""

    def run() -> None:
        from mcp_odoo.audit import AuditLog, AuditQuery, render_table

        settings = _server_settings(config)

        async def go() -> str:
            log = AuditLog.from_settings(settings)
            try:
                await log.ensure_ready()
                entries = await log.query(AuditQuery(last=last, tool=tool, errors_only=errors))
            finally:
                await log.aclose()
            return render_table(entries)

        typer.echo(_run_async(go()))

    _guarded(debug, run)


@app.command()
def version() -> None:
    """Print the mcp-odoo version."""
    typer.echo(__version__)


def main() -> None:
    app()
