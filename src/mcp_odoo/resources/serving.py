"""What the resource templates share: reading a record id from a URI segment (their reads are served by
`mcp_odoo.calls.served`)."""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ResourceError

from mcp_odoo.echo import echo

ID_MAX_DIGITS = 18
"""Odoo ids are PostgreSQL integers: a longer number is no id (and Python refuses to read 4300+ digits)."""


def parse_id(text: str) -> int:
    """A record id from a URI segment, or a `ResourceError` saying what was expected."""
    if not text.isdigit() or len(text) > ID_MAX_DIGITS or int(text) == 0:
        raise ResourceError(f"{echo(text)} is not a record id: use a positive integer id in the URI")
    return int(text)
