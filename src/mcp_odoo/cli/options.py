"""The options several commands share, declared once so that their flags and help read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mcp_odoo.odoo.settings import Protocol

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
