"""The default sink: one SQLite file in WAL mode.

One dedicated worker thread owns the connection, so calls never block the event loop, never
share a connection across threads, and are applied one at a time. Each append reads the chain
head and inserts inside ``BEGIN IMMEDIATE``, which also keeps one chain when several processes
write to the same file. Triggers refuse UPDATE and DELETE: the table is append-only.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from mcp_odoo.audit.chain import GENESIS, ChainedRow, link
from mcp_odoo.audit.entry import AuditEntry, AuditQuery, format_time
from mcp_odoo.audit.errors import AuditUnavailable
from mcp_odoo.audit.rows import ENTRY_COLUMNS, chained_row, entry_from_row, entry_values, query_filter

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    client_id TEXT,
    odoo_login TEXT,
    odoo_uid INTEGER,
    tool TEXT NOT NULL,
    model TEXT,
    method TEXT,
    arguments TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'refused')),
    error_kind TEXT,
    duration_ms REAL NOT NULL,
    record_ids TEXT NOT NULL,
    subject TEXT,
    request_id TEXT,
    chain_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log (time);
CREATE INDEX IF NOT EXISTS audit_log_tool ON audit_log (tool);
CREATE INDEX IF NOT EXISTS audit_log_outcome ON audit_log (outcome);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
_COLUMN_LIST = ", ".join(ENTRY_COLUMNS)
_INSERT = (
    f"INSERT INTO audit_log ({_COLUMN_LIST}, chain_hash) "
    f"VALUES ({', '.join(f':{column}' for column in ENTRY_COLUMNS)}, :chain_hash)"
)
_HEAD = "SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1"
_BUSY_TIMEOUT_SECONDS = 10.0


class SqliteAuditSink:
    """Audit entries in the SQLite file at `path` (its directory must exist)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._executor: ThreadPoolExecutor | None = None
        self._connection: sqlite3.Connection | None = None  # only touched on the worker thread

    async def ensure_ready(self) -> None:
        await self._run(lambda connection: None)

    async def append(self, entry: AuditEntry) -> None:
        await self._run(lambda connection: _append(connection, entry))

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        return await self._run(lambda connection: _query(connection, query))

    async def chain_page(self, after_id: int, limit: int) -> list[ChainedRow]:
        return await self._run(lambda connection: _chain_page(connection, after_id, limit))

    async def aclose(self) -> None:
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        await asyncio.get_running_loop().run_in_executor(executor, self._close)
        executor.shutdown(wait=False)

    async def _run(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mcp-odoo-audit")
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._on_worker, work)

    def _on_worker(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        try:
            return work(self._open())
        except sqlite3.Error as exc:
            raise AuditUnavailable(f"SQLite audit log {self._path}: {exc}") from exc

    def _open(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        if not self._path.parent.is_dir():
            raise AuditUnavailable(
                f"SQLite audit log {self._path}: directory {self._path.parent} does not exist"
            )
        connection = sqlite3.connect(self._path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
        except sqlite3.Error:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _append(connection: sqlite3.Connection, entry: AuditEntry) -> None:
    values: dict[str, Any] = entry_values(entry)
    values["time"] = format_time(entry.time)
    connection.execute("BEGIN IMMEDIATE")
    try:
        head = connection.execute(_HEAD).fetchone()
        values["chain_hash"] = link(head[0] if head else GENESIS, entry)
        connection.execute(_INSERT, values)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _query(connection: sqlite3.Connection, query: AuditQuery) -> list[AuditEntry]:
    where, parameters = query_filter(query, "?")
    rows = connection.execute(
        f"SELECT {_COLUMN_LIST} FROM audit_log {where} ORDER BY time DESC, id DESC LIMIT ?",
        [*parameters, query.last],
    )
    return [entry_from_row(row) for row in rows]


def _chain_page(connection: sqlite3.Connection, after_id: int, limit: int) -> list[ChainedRow]:
    rows = connection.execute(
        f"SELECT id, {_COLUMN_LIST}, chain_hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
        (after_id, limit),
    )
    return [chained_row(row) for row in rows]
