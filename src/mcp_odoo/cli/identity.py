"""The `users` and `tokens` commands: who may call a team server, and as which Odoo user.

Each command opens the identity store the server would use (the same settings), does one thing and
closes it; the API keys it is given are checked against Odoo before they are stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mcp_odoo.cli import identity_actions
from mcp_odoo.cli.options import ConfigOption, DbOption, DebugOption, UrlOption
from mcp_odoo.cli.running import guarded, setup_logging
from mcp_odoo.identity import IdentityStore, VerifyCredentials
from mcp_odoo.settings import ServerSettings, load_odoo_target, load_server_settings

if TYPE_CHECKING:
    from mcp_odoo.http.static_tokens import StaticTokens

users_app = typer.Typer(
    help="Map authenticated subjects to their own Odoo users (identity passthrough).", no_args_is_help=True
)
tokens_app = typer.Typer(
    help="Static bearer tokens for the HTTP transport (auth mode static).", no_args_is_help=True
)

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
        setup_logging(debug)
    guarded(debug, lambda: typer.echo(asyncio.run(command(load_server_settings(config)))))


async def _with_store(
    server: ServerSettings, action: Callable[[IdentityStore], Coroutine[Any, Any, str]]
) -> str:
    from mcp_odoo.http.access import identity_backend, secret_box

    backend = identity_backend(server.identity)
    try:
        await backend.setup()
        return await action(IdentityStore(backend, secret_box(server.identity)))
    finally:
        await backend.aclose()


async def _with_tokens(
    server: ServerSettings, action: Callable[[StaticTokens], Coroutine[Any, Any, str]]
) -> str:
    from mcp_odoo.http.access import identity_backend
    from mcp_odoo.http.static_tokens import StaticTokens

    backend = identity_backend(server.identity)
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

    async def run(server: ServerSettings) -> str:
        verify = _key_check(config, url, db)
        return await _with_store(
            server, lambda store: identity_actions.users_add(store, subject, login, api_key, verify=verify)
        )

    _run_identity_command(config, debug, run)


@users_app.command("list")
def users_list(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """List the mapped subjects and their Odoo logins (never their keys)."""

    _run_identity_command(config, debug, lambda server: _with_store(server, identity_actions.users_list))


@users_app.command("remove")
def users_remove(subject: SubjectArgument, config: ConfigOption = None, debug: DebugOption = False) -> None:
    """Remove SUBJECT's mapping: its calls are refused from then on."""

    _run_identity_command(
        config,
        debug,
        lambda server: _with_store(server, lambda store: identity_actions.users_remove(store, subject)),
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

    async def run(server: ServerSettings) -> str:
        verify = _key_check(config, url, db)
        return await _with_store(
            server,
            lambda store: identity_actions.users_rotate(store, subject, api_key, verify=verify, login=login),
        )

    _run_identity_command(config, debug, run)


@users_app.command("reencrypt")
def users_reencrypt(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """After putting a new key first in MCP_ODOO_SECRET_KEY: re-encrypt every stored API key with it."""

    _run_identity_command(config, debug, lambda server: _with_store(server, identity_actions.users_reencrypt))


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

    scopes = scope or [READ_SCOPE]
    _run_identity_command(
        config,
        debug,
        lambda server: _with_tokens(
            server, lambda tokens: identity_actions.tokens_add(tokens, subject, scopes)
        ),
    )


@tokens_app.command("list")
def tokens_list(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """List static tokens: id, subject, scopes (never the token)."""

    _run_identity_command(config, debug, lambda server: _with_tokens(server, identity_actions.tokens_list))


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id, as `tokens list` shows it.")],
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Revoke a static token: requests using it are refused from then on."""

    _run_identity_command(
        config,
        debug,
        lambda server: _with_tokens(server, lambda tokens: identity_actions.tokens_revoke(tokens, token_id)),
    )
