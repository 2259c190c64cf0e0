"""The identity store shared by several replicas: PostgreSQL through psycopg 3 (async)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import psycopg

from mcp_odoo.identity.sql import ORIGIN_COLUMN, SqlBackend, build_statements, checked_identifier


class PostgresBackend(SqlBackend):
    """One connection, used by one statement at a time, reopened when it was lost.

    ``schema`` (created when missing) keeps the tables apart from Odoo's or other applications'.
    """

    def __init__(self, conninfo: str, *, schema: str = "mcp_odoo", connect_timeout: float = 10.0) -> None:
        self._schema = checked_identifier(schema, "schema")
        super().__init__(build_statements(prefix=f"{self._schema}.", placeholder="%s"))
        self._conninfo = conninfo
        self._connect_timeout = connect_timeout
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._lock = asyncio.Lock()

    async def setup(self) -> None:
        await self._execute(f"CREATE SCHEMA IF NOT EXISTS {self._schema}", idempotent=True)
        await super().setup()
        await self._execute(
            f"ALTER TABLE {self._schema}.identities ADD COLUMN IF NOT EXISTS {ORIGIN_COLUMN}", idempotent=True
        )

    async def _connected(self) -> psycopg.AsyncConnection[Any]:
        if self._connection is None or self._connection.closed:
            self._connection = await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True, connect_timeout=max(1, int(self._connect_timeout))
            )
        return self._connection

    async def _execute(
        self, statement: str, params: Sequence[Any] = (), *, idempotent: bool = False
    ) -> tuple[list[tuple[Any, ...]], int]:
        """A lost connection (PostgreSQL restarted, idle connection cut) is reopened; the statement is
        run again on the new one only when ``idempotent``, else the error reaches the caller."""
        async with self._lock:
            try:
                return await self._run(statement, params)
            except psycopg.OperationalError:
                if not idempotent:
                    raise
            return await self._run(statement, params)

    async def _run(self, statement: str, params: Sequence[Any]) -> tuple[list[tuple[Any, ...]], int]:
        connection = await self._connected()
        try:
            cursor = await connection.execute(statement.encode(), tuple(params))
        except psycopg.OperationalError:
            await connection.close()
            raise
        rows = await cursor.fetchall() if cursor.description is not None else []
        return rows, cursor.rowcount

    async def aclose(self) -> None:
        async with self._lock:
            if self._connection is not None:
                await self._connection.close()
                self._connection = None

    def __repr__(self) -> str:
        return f"PostgresBackend(schema={self._schema!r})"
