"""The `mcp-odoo` command line: serve, demo, check, simulator, audit, users, tokens.

Every command turns failures into one clear line on stderr and a non-zero exit; a traceback is
shown only with `--debug`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import SecretStr

from mcp_odoo import __version__
from mcp_odoo.identity.store import VerifyCredentials
from mcp_odoo.settings import (
    AuthMode,
    ConfigError,
    IdentityMode,
    OdooSettings,
    OdooTarget,
    Protocol,
    ServerSettings,
    load_odoo_settings,
    load_odoo_target,
    load_server_settings,
    service_credentials_set,
)

if TYPE_CHECKING:
    from mcp_odoo.simulator.orm import Registry

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


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"mcp-odoo: {message}", err=True)
    raise typer.Exit(code)


def _setup_logging(debug: bool, *, json_lines: bool = False) -> None:
    """Log to stderr (as JSON lines with `json_lines`); one line per record unless `debug`."""
    from mcp_odoo.log_lines import one_line_records

    level = logging.DEBUG if debug else logging.INFO
    if json_lines:
        from mcp_odoo.http.request_log import configure_json_logging

        configure_json_logging(level)
    else:
        logging.basicConfig(
            stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    if not debug:
        # One line per Odoo request is noise at INFO; failures are reported by the connector.
        logging.getLogger("httpx2").setLevel(logging.WARNING)
        one_line_records()


def _guarded(debug: bool, action: Callable[[], T]) -> T:
    """Run `action`, turning every failure into one line (or a traceback with --debug)."""
    from mcp_odoo.audit import AuditUnavailable
    from mcp_odoo.identity import IdentityError, SecretKeyError, UndecryptableSecret
    from mcp_odoo.odoo.errors import OdooError

    try:
        return action()
    except typer.Exit:
        raise
    except ConfigError as exc:
        _fail(f"configuration error: {exc}")
    except (IdentityError, SecretKeyError, UndecryptableSecret) as exc:
        _fail(str(exc))
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
    _setup_logging(debug)

    def start() -> None:
        server = _server_settings(
            config,
            allow_writes=allow_writes,
            auth_mode=auth_mode,
            identity_mode=identity_mode,
            public_url=public_url,
            stateless_http=stateless,
        )
        if transport is Transport.STDIO and server.auth_mode is not AuthMode.NONE:
            raise ConfigError(
                "MCP_ODOO_AUTH_MODE applies to --transport http only; stdio has no bearer tokens"
            )
        odoo: OdooTarget
        unused: Sequence[str] = ()
        if server.identity_mode is IdentityMode.PASSTHROUGH:
            odoo = load_odoo_target(config, url=url, db=db, protocol=protocol)
            unused = service_credentials_set(config, user=user)
        else:
            odoo = _odoo_settings(config, url=url, db=db, user=user, protocol=protocol)
        _serve(
            odoo, server, transport, host, port, odoo_transport=None, unused_credentials=unused, debug=debug
        )

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
            "on" if server.allow_writes else "off",
        )
        simulator = httpx2.ASGITransport(app=create_app(registry))
        _serve(odoo, server, transport, host, port, odoo_transport=simulator, debug=debug)

    _guarded(debug, start)


def _seeded_registry(series: Series) -> Registry:
    """A simulated Odoo of `series` seeded from the package data; a damaged installation is one line."""
    from mcp_odoo.simulator.orm import Registry
    from mcp_odoo.simulator.orm.seed import SeedUnavailable

    try:
        return Registry(series=series.value)
    except SeedUnavailable as exc:
        _fail(str(exc))


def _serve(
    odoo: OdooTarget,
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

    if server.json_logs:
        _setup_logging(debug, json_lines=True)
    access = build_access(odoo, server, odoo_transport=odoo_transport)
    mcp = build_server(odoo, server, transport=odoo_transport, access=access)
    app = build_http_app(mcp, server, host=host, port=port, stateless=server.stateless_http, access=access)
    unused = (
        f"; {', '.join(unused_credentials)} set but unused: each caller signs in to Odoo as its own user"
        if unused_credentials
        else ""
    )
    logging.getLogger("mcp_odoo").info(
        "serving MCP on http://%s:%d/mcp (auth %s, identity %s, %s)%s",
        host,
        port,
        server.auth_mode.value,
        server.identity_mode.value,
        "stateless" if server.stateless_http else "stateful",
        unused,
    )
    # log_config=None: uvicorn's records reach the root handlers, one line each like the others'.
    uvicorn.run(app, host=host, port=port, log_level="warning", log_config=None)


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

        registry = _seeded_registry(series)
        for login, credentials in DEMO_CREDENTIALS.items():
            typer.echo(f"user {login}: API key {credentials['api_key']}", err=True)
        typer.echo(f"Odoo {series.value} simulator on http://{host}:{port}", err=True)
        serve_simulator(registry, host, port)

    _guarded(debug, run)


@app.command()
def audit(
    config: ConfigOption = None,
    last: Annotated[int, typer.Option("--last", min=1, help="How many entries, newest first.")] = 20,
    tool: Annotated[str | None, typer.Option("--tool", help="Only calls of this tool.")] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only calls of this person (the token's subject).")
    ] = None,
    odoo_user: Annotated[
        str | None, typer.Option("--odoo-user", help="Only calls made as this Odoo login.")
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Only failed or refused calls.")] = False,
    debug: DebugOption = False,
) -> None:
    """Print recent audit log entries as a table: the person and the Odoo user, the call, its outcome."""

    def run() -> None:
        from mcp_odoo.audit import AuditLog, AuditQuery, render_table

        settings = _server_settings(config)

        async def go() -> str:
            log = AuditLog.from_settings(settings)
            try:
                await log.ensure_ready()
                query = AuditQuery(
                    last=last, tool=tool, subject=subject, odoo_login=odoo_user, errors_only=errors
                )
                entries = await log.query(query)
            finally:
                await log.aclose()
            return render_table(entries)

        typer.echo(_run_async(go()))

    _guarded(debug, run)


users_app = typer.Typer(
    help="Map authenticated subjects to their own Odoo users (identity passthrough).", no_args_is_help=True
)
tokens_app = typer.Typer(
    help="Static bearer tokens for the HTTP transport (auth mode static).", no_args_is_help=True
)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")

SubjectArgument = Annotated[
    str, typer.Argument(help="The caller's subject (token `sub` or static-token subject).")
]
ApiKeyOption = Annotated[
    str,
    typer.Option(
        "--api-key",
        prompt="Odoo API key",
        hide_input=True,
        envvar="MCP_ODOO_USER_API_KEY",
        help="The Odoo user's API key (prompted when not given; or MCP_ODOO_USER_API_KEY).",
    ),
]


def _run_identity_command(
    config: Path | None, debug: bool, command: Callable[[ServerSettings], Coroutine[Any, Any, str]]
) -> None:
    """Load the server settings, run `command` and print what it returns, failures as one line."""
    if debug:
        _setup_logging(debug)
    _guarded(debug, lambda: typer.echo(_run_async(command(_server_settings(config)))))


async def _with_store(server: ServerSettings, action: Callable[[Any], Coroutine[Any, Any, str]]) -> str:
    from mcp_odoo.http.access import identity_backend, secret_box
    from mcp_odoo.identity import IdentityStore

    backend = identity_backend(server)
    try:
        await backend.setup()
        return await action(IdentityStore(backend, secret_box(server)))
    finally:
        await backend.aclose()


async def _with_tokens(server: ServerSettings, action: Callable[[Any], Coroutine[Any, Any, str]]) -> str:
    from mcp_odoo.http.access import identity_backend
    from mcp_odoo.http.static_tokens import StaticTokens

    backend = identity_backend(server)
    try:
        await backend.setup()
        return await action(StaticTokens(backend))
    finally:
        await backend.aclose()


def _key_check(config: Path | None, url: str | None, db: str | None) -> VerifyCredentials:
    """Signs in to the configured Odoo with the login and key being stored: only where Odoo is
    comes from the settings, so no service user's login or key is needed (nor used)."""
    from mcp_odoo.identity.odoo_login import odoo_key_check

    return odoo_key_check(load_odoo_target(config, url=url, db=db))


@users_app.command("add")
def users_add(
    subject: SubjectArgument,
    login: Annotated[str, typer.Option("--login", help="The Odoo login this subject acts as.")],
    api_key: ApiKeyOption,
    config: ConfigOption = None,
    url: UrlOption = None,
    db: DbOption = None,
    debug: DebugOption = False,
) -> None:
    """Map SUBJECT to an Odoo login; the API key is checked against Odoo, then stored encrypted."""
    from mcp_odoo.identity import commands

    async def run(server: ServerSettings) -> str:
        verify = _key_check(config, url, db)
        return await _with_store(
            server, lambda store: commands.users_add(store, subject, login, api_key, verify=verify)
        )

    _run_identity_command(config, debug, run)


@users_app.command("list")
def users_list(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """List the mapped subjects and their Odoo logins (never their keys)."""
    from mcp_odoo.identity import commands

    _run_identity_command(config, debug, lambda server: _with_store(server, commands.users_list))


@users_app.command("remove")
def users_remove(subject: SubjectArgument, config: ConfigOption = None, debug: DebugOption = False) -> None:
    """Remove SUBJECT's mapping: its calls are refused from then on."""
    from mcp_odoo.identity import commands

    _run_identity_command(
        config, debug, lambda server: _with_store(server, lambda store: commands.users_remove(store, subject))
    )


@users_app.command("rotate")
def users_rotate(
    subject: SubjectArgument,
    api_key: ApiKeyOption,
    login: Annotated[str | None, typer.Option("--login", help="A new Odoo login, if it changes.")] = None,
    config: ConfigOption = None,
    url: UrlOption = None,
    db: DbOption = None,
    debug: DebugOption = False,
) -> None:
    """Replace SUBJECT's API key (and login): the new key is checked against Odoo first."""
    from mcp_odoo.identity import commands

    async def run(server: ServerSettings) -> str:
        verify = _key_check(config, url, db)
        return await _with_store(
            server, lambda store: commands.users_rotate(store, subject, api_key, verify=verify, login=login)
        )

    _run_identity_command(config, debug, run)


@users_app.command("reencrypt")
def users_reencrypt(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """After putting a new key first in MCP_ODOO_SECRET_KEY: re-encrypt every stored API key with it."""
    from mcp_odoo.identity import commands

    _run_identity_command(config, debug, lambda server: _with_store(server, commands.users_reencrypt))


@tokens_app.command("add")
def tokens_add(
    subject: SubjectArgument,
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="odoo:read (default) and/or odoo:write; repeatable.")
    ] = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Issue a static bearer token for SUBJECT; it is printed once, only its hash is stored."""
    from mcp_odoo.http.auth import READ_SCOPE
    from mcp_odoo.identity import commands

    scopes = scope or [READ_SCOPE]
    _run_identity_command(
        config,
        debug,
        lambda server: _with_tokens(server, lambda tokens: commands.tokens_add(tokens, subject, scopes)),
    )


@tokens_app.command("list")
def tokens_list(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """List static tokens: id, subject, scopes (never the token)."""
    from mcp_odoo.identity import commands

    _run_identity_command(config, debug, lambda server: _with_tokens(server, commands.tokens_list))


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id, as `tokens list` shows it.")],
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Revoke a static token: requests using it are refused from then on."""
    from mcp_odoo.identity import commands

    _run_identity_command(
        config,
        debug,
        lambda server: _with_tokens(server, lambda tokens: commands.tokens_revoke(tokens, token_id)),
    )


@app.command()
def version() -> None:
    """Print the mcp-odoo version."""
    typer.echo(__version__)


def main() -> None:
    app()
