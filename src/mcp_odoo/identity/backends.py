"""Choosing the storage backend from one setting: a PostgreSQL URL, or else a SQLite file path."""

from __future__ import annotations

from pathlib import Path

from mcp_odoo.identity.records import StoreBackend
from mcp_odoo.identity.sqlite import SqliteBackend

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def backend_for(location: str | Path, *, schema: str = "mcp_odoo") -> StoreBackend:
    """PostgresBackend for ``postgresql://...`` (tables in ``schema``), SqliteBackend for a file path."""
    text = str(location)
    if text.startswith(_POSTGRES_SCHEMES):
        from mcp_odoo.identity.postgres import PostgresBackend  # needs the optional psycopg

        return PostgresBackend(text, schema=schema)
    return SqliteBackend(Path(location))
