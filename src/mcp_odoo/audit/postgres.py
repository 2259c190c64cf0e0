"""The PostgreSQL sink, for servers running as several replicas.

`psycopg` 3 is an optional dependency (``pip install 'mcp-odoo[postgres]'``), imported only when
this sink is used. One async connection serves the sink, guarded by a lock; if the server drops
it, the call is retried once on a fresh connection (an append whose COMMIT was lost with the
connection may then be stored twice, never lost).

Every append takes a transaction-scoped advisory lock before reading the chain head, so replicas
writing at the same time still build one chain. The table goes into the connection's current
schema; choose it with ``?options=-csearch_path%3Dmy_schema`` in the URL. Needs PostgreSQL 14 or later.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from mcp_odoo.audit.chain import GENESIS, ChainedRow, link
from mcp_odoo.audit.entry import AuditEntry, AuditQuery
from mcp_odoo.audit.errors import AuditUnavailable
from mcp_odoo.audit.redact import redact_text
from mcp_odoo.audit.rows import ENTRY_COLUMNS, chained_row, entry_from_row, entry_values, query_filter

if TYPE_CHECKING:
    from psycopg import AsyncConnection

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time timestamptz NOT NULL,
    client_id text,
    odoo_login text,
    odoo_uid integer,
    tool text NOT NULL,
    model text,
    method text,
    arguments text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'error', 'refused')),
    error_kind text,
    duration_ms double precision NOT NULL,
    record_ids text NOT NULL,
    subject text,
    request_id text,
    chain_hash text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_time_idx ON audit_log (time);
CREATE INDEX IF NOT EXISTS audit_log_tool_idx ON audit_log (tool);
CREATE INDEX IF NOT EXISTS audit_log_outcome_idx ON audit_log (outcome);
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
"""
_COLUMN_LIST = ", ".join(ENTRY_COLUMNS)
_INSERT = (
    f"INSERT INTO audit_log ({_COLUMN_LIST}, chain_hash) "
    f"VALUES ({', '.join(f'%({column})s' for column in ENTRY_COLUMNS)}, %(chain_hash)s)"
)
_HEAD = "SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1"
_CONNECTION_DEFAULTS = {"connect_timeout": "5", "application_name": "mcp-odoo-audit"}


class PostgresAuditSink:
    """Audit entries in table ``audit_log`` of the PostgreSQL database at `url`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._connection: AsyncConnection[tuple[Any, ...]] | None = None
        self._lock_key = 0
        self._lock = asyncio.Lock()

    async def ensure_ready(self) -> None:
        await self._run(_nothing)

    async def append(self, entry: AuditEntry) -> None:
        async def append(connection: AsyncConnection[tuple[Any, ...]]) -> None:
            values: dict[str, Any] = entry_values(entry)
            async with connection.transaction():
                await connection.execute("SELECT pg_advisory_xact_lock(%s)", [self._lock_key])
                head = await (await connection.execute(_HEAD)).fetchone()
                values["chain_hash"] = link(head[0] if head else GENESIS, entry)
                await connection.execute(_INSERT, values)

        await self._run(append)

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        where, parameters = query_filter(query, "%s")
        sql = f"SELECT {_COLUMN_LIST} FROM audit_log {where} ORDER BY time DESC, id DESC LIMIT %s"

        async def select(connection: AsyncConnection[tuple[Any, ...]]) -> list[AuditEntry]:
            rows = await (await connection.execute(sql, [*parameters, query.last])).fetchall()
            return [entry_from_row(row) for row in rows]

        return await self._run(select)

    async def chain_page(self, after_id: int, limit: int) -> list[ChainedRow]:
        sql = f"SELECT id, {_COLUMN_LIST}, chain_hash FROM audit_log WHERE id > %s ORDER BY id LIMIT %s"

        async def select(connection: AsyncConnection[tuple[Any, ...]]) -> list[ChainedRow]:
            rows = await (await connection.execute(sql, [after_id, limit])).fetchall()
            return [chained_row(row) for row in rows]

        return await self._run(select)

    async def aclose(self) -> None:
        async with self._lock:
            await self._drop_connection()

    async def _run(self, work: Callable[[AsyncConnection[tuple[Any, ...]]], Awaitable[_T]]) -> _T:
        """Run `work` on the connection; once more on a fresh one if the old one turns out broken."""
        psycopg = _import_psycopg()
        async with self._lock:
            reconnected = self._connection is None
            while True:
                connection = await self._connect()
                try:
                    return await work(connection)
                except psycopg.OperationalError as exc:
                    if reconnected or not (connection.broken or connection.closed):
                        raise self._unavailable(exc) from exc
                except psycopg.Error as exc:
                    raise self._unavailable(exc) from exc
                await self._drop_connection()
                reconnected = True

    async def _connect(self) -> AsyncConnection[tuple[Any, ...]]:
        if self._connection is not None:
            return self._connection
        psycopg = _import_psycopg()
        try:
            given = psycopg.conninfo.conninfo_to_dict(self._url)
            defaults = {key: value for key, value in _CONNECTION_DEFAULTS.items() if key not in given}
            connection: AsyncConnection[tuple[Any, ...]] = await psycopg.AsyncConnection.connect(
                self._url, autocommit=True, **defaults
            )
        except psycopg.Error as exc:
            raise self._unavailable(exc) from exc
        try:
            self._lock_key = await self._prepare(connection)
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        return connection

    async def _prepare(self, connection: AsyncConnection[tuple[Any, ...]]) -> int:
        """Set the session up and create the table if missing; the advisory lock key of its schema."""
        psycopg = _import_psycopg()
        try:
            await connection.set_isolation_level(psycopg.IsolationLevel.READ_COMMITTED)
            schema = await _current_schema(connection)
            if schema is None:
                raise self._unavailable("no schema of the search_path exists to hold the table")
            lock_key = _advisory_lock_key(schema)
            await _create_table(connection, lock_key)
        except psycopg.Error as exc:
            raise self._unavailable(exc) from exc
        return lock_key

    async def _drop_connection(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()

    def _unavailable(self, reason: Exception | str) -> AuditUnavailable:
        """The failure, naming the server without the password or any URL parameter."""
        where = self._url.split("?", 1)[0]
        return AuditUnavailable(redact_text(f"PostgreSQL audit log {where}: {reason}"))


async def _nothing(connection: AsyncConnection[tuple[Any, ...]]) -> None:
    """Connecting (and creating the table) is all `ensure_ready` needs."""


async def _current_schema(connection: AsyncConnection[tuple[Any, ...]]) -> str | None:
    row = await (await connection.execute("SELECT current_schema()")).fetchone()
    return None if row is None else row[0]


async def _create_table(connection: AsyncConnection[tuple[Any, ...]], lock_key: int) -> None:
    """Create the table if missing; replicas starting together take turns."""
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key])
        existing = await (await connection.execute("SELECT to_regclass('audit_log')")).fetchone()
        if existing is None or existing[0] is None:
            await connection.execute(_SCHEMA)


def _advisory_lock_key(schema: str) -> int:
    """The same 64-bit key on every replica for one schema's audit table."""
    digest = hashlib.sha256(f"mcp_odoo.audit:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise AuditUnavailable(
            "MCP_ODOO_AUDIT_URL is a PostgreSQL URL but psycopg is not installed:"
            " pip install 'mcp-odoo[postgres]'"
        ) from None
    return psycopg
