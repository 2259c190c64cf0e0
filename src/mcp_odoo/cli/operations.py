"""The commands an operator runs to look at an installation: `check` (the Odoo it reaches, and whether the
enabled tools fit it), `audit` (what was called, by whom) and `version`."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from mcp_odoo import __version__
from mcp_odoo.cli.options import ConfigOption, DbOption, DebugOption, ProtocolOption, UrlOption, UserOption
from mcp_odoo.cli.running import fail, guarded, setup_logging
from mcp_odoo.settings import (
    OdooSettings,
    PolicySettings,
    SurfaceSettings,
    load_odoo_settings,
    load_server_settings,
    load_targets,
)


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
        setup_logging(debug)

    def run() -> None:
        from mcp_odoo.odoo.errors import OdooError

        server = load_server_settings(config)
        targets = load_targets(config, server, url=url, db=db, user=user, protocol=protocol)
        if not targets:
            settings = load_odoo_settings(config, url=url, db=db, user=user, protocol=protocol)
            text, drifted = asyncio.run(_check_one(settings, server.policy, server.surface, tools))
            typer.echo(text)
            if drifted:
                fail("schema drift: some enabled tools need models or fields this Odoo does not have", 3)
            return
        failed: list[str] = []
        drifted_on: list[str] = []
        for number, target in enumerate(targets):
            role = "default, " if number == 0 else ""
            writes = "writes enabled" if target.policy.allow_writes else "read-only"
            typer.echo(f"== target {target.name} ({role}{writes}) ==")
            if not isinstance(target.odoo, OdooSettings):
                typer.echo("no service user to check with: each caller signs in as its own Odoo user\n")
                continue
            try:
                text, drifted = asyncio.run(_check_one(target.odoo, target.policy, server.surface, tools))
            except OdooError as exc:
                failed.append(target.name)
                typer.echo(f"{exc.kind}: {exc.message} ({exc.hint})\n")
                continue
            typer.echo(text + "\n")
            if drifted:
                drifted_on.append(target.name)
        if failed:
            fail(f"Odoo target(s) not reachable as configured: {', '.join(failed)}")
        if drifted_on:
            fail(f"schema drift on {', '.join(drifted_on)}: some enabled tools need what Odoo lacks there", 3)

    guarded(debug, run)


async def _check_one(
    settings: OdooSettings, policy: PolicySettings, surface: SurfaceSettings, tools: bool
) -> tuple[str, bool]:
    """The check report of one Odoo (with the drift report when `tools`), and whether a tool drifted."""
    from mcp_odoo.check import render_check, run_check
    from mcp_odoo.odoo import OdooClient

    async with OdooClient(settings) as client:
        text = render_check(await run_check(client, settings.url))
        if not tools:
            return text, False
        from mcp_odoo.packs.drift import check_tools, render_drift
        from mcp_odoo.policy import OdooGateway, Policy

        drift = await check_tools(OdooGateway(client, Policy(policy)), surface)
        return f"{text}\n\n{render_drift(drift)}", drift.drifted


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

        settings = load_server_settings(config)

        async def go() -> str:
            log = AuditLog.from_settings(settings.audit)
            try:
                await log.ensure_ready()
                query = AuditQuery(
                    last=last, tool=tool, subject=subject, odoo_login=odoo_user, errors_only=errors
                )
                entries = await log.query(query)
            finally:
                await log.aclose()
            return render_table(entries)

        typer.echo(asyncio.run(go()))

    guarded(debug, run)


def version() -> None:
    """Print the mcp-odoo version."""
    typer.echo(__version__)
