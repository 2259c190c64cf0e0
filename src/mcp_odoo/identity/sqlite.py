"""The default identity store: one SQLite file, readable only by its owner."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mcp_odoo.identity.sql import ORIGIN_COLUMN, SqlBackend, build_statements


class SqliteBackend(SqlBackend):
    """Each statement opens its own connection in a worker thread, so the event loop never blocks."""

    def __init__(self, path: Path) -> None:
        super().__init__(build_statements(prefix="", placeholder="?"))
        self._path = path

    async def setup(self) -> None:
        await asyncio.to_thread(self._create_private_file)
        await super().setup()
        columns, _ = await self._execute("PRAGMA table_info(identities)")
        if "origin" not in {column[1] for column in columns}:
            await self._execute(f"ALTER TABLE identities ADD COLUMN {ORIGIN_COLUMN}")

    def _create_private_file(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(descriptor)

    async def _execute(
        self, statement: str, params: Sequence[Any] = (), *, idempotent: bool = False
    ) -> tuple[list[tuple[Any, ...]], int]:
        return await asyncio.to_thread(self._execute_blocking, statement, params)

    def _execute_blocking(self, statement: str, params: Sequence[Any]) -> tuple[list[tuple[Any, ...]], int]:
        with contextlib.closing(sqlite3.connect(self._path, timeout=10.0)) as connection, connection:
            cursor = connection.execute(statement, tuple(params))
            return cursor.fetchall(), cursor.rowcount

    async def aclose(self) -> None:
        """Nothing stays open between statements."""

    def __repr__(self) -> str:
        return f"SqliteBackend({str(self._path)!r})"
