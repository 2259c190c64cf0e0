"""The `mcp-odoo` command line: serve, demo, check, simulator, audit, users, tokens.

This module only builds the application from the commands of its modules (`serve`: running a server,
`operations`: looking at an installation, `identity`: users and tokens), in the order `--help` lists them.
Every command turns failures into one clear line on stderr and a non-zero exit; a traceback is
shown only with `--debug`.
"""

from __future__ import annotations

import typer

from mcp_odoo.cli import identity, operations, serve

app = typer.Typer(
    name="mcp-odoo",
    help="A strict, safe MCP server for Odoo 16-19.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(serve.serve)
app.command()(serve.demo)
app.command()(operations.check)
app.command()(serve.simulator)
app.command()(operations.audit)
app.add_typer(identity.users_app, name="users")
app.add_typer(identity.tokens_app, name="tokens")
app.command()(operations.version)


def main() -> None:
    app()
