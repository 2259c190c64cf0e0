"""Builders shared by the audit tests: plausible entries, and the stores a log can live in."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import psycopg

from mcp_odoo.audit import AuditEntry, AuditSettings

POSTGRES_URL = os.environ.get("MCP_ODOO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIRST_CALL = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def make_entry(number: int = 0, **changes: Any) -> AuditEntry:
    """A plausible read call; `number` spaces the calls one second apart."""
    fields: dict[str, Any] = {
        "time": FIRST_CALL + timedelta(seconds=number),
        "client_id": "claude-desktop",
        "odoo_login": "mcp_bot",
        "odoo_uid": 7,
        "tool": "search_records",
        "model": "res.partner",
        "method": "search_read",
        "arguments": {"model": "res.partner", "domain": [["is_company", "=", True]], "limit": 5},
        "outcome": "ok",
        "error_kind": None,
        "duration_ms": 12.5,
        "record_ids": [9, 45],
        "subject": "alice@example.com",
        "request_id": f"req-{number}",
    }
    fields.update(changes)
    return AuditEntry(**fields)


class AuditStore(Protocol):
    """Where a test's audit log lives, and a way to reach behind its back like an intruder would."""

    settings: AuditSettings

    async def tamper(self, statement: str) -> None:
        """Run `statement` directly on the table, append-only triggers switched off."""


@dataclass
class SqliteStore:
    settings: AuditSettings

    async def tamper(self, statement: str) -> None:
        connection = sqlite3.connect(self.settings.path, isolation_level=None)
        try:
            connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
            connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
            connection.execute(statement)
        finally:
            connection.close()


@dataclass
class PostgresStore:
    settings: AuditSettings
    admin: psycopg.AsyncConnection[tuple[Any, ...]]
    schema: str

    async def tamper(self, statement: str) -> None:
        async with self.admin.transaction():
            await self.admin.execute(f"SET LOCAL search_path = {self.schema}")
            await self.admin.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
            await self.admin.execute(statement)
            await self.admin.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")


def with_parameters(url: str, **parameters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"
