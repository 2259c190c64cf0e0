"""Audit stores for the tests: a SQLite file in tmp_path, and a throwaway schema in the local PostgreSQL.

PostgreSQL is the server at MCP_ODOO_TEST_POSTGRES_URL (default: trust auth on 127.0.0.1:5432,
database `test`). Each test gets its own schema, dropped afterwards. When the server cannot be
reached the PostgreSQL tests are skipped, or fail when the CI variable is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from audit_helpers import POSTGRES_URL, AuditStore, PostgresStore, SqliteStore, with_parameters

from mcp_odoo.audit import AuditLog, AuditSettings


@pytest.fixture
def sqlite_store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(AuditSettings(path=tmp_path / "audit.sqlite3"))


@pytest.fixture
async def postgres_admin() -> AsyncIterator[psycopg.AsyncConnection[tuple[Any, ...]]]:
    try:
        connection = await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL for the audit tests is not reachable at {POSTGRES_URL}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    async with connection:
        yield connection


@pytest.fixture
async def postgres_store(
    postgres_admin: psycopg.AsyncConnection[tuple[Any, ...]],
) -> AsyncIterator[PostgresStore]:
    schema = f"audit_test_{uuid.uuid4().hex[:12]}"
    await postgres_admin.execute(f"CREATE SCHEMA {schema}")
    url = with_parameters(POSTGRES_URL, options=f"-csearch_path%3D{schema}", application_name=schema)
    try:
        yield PostgresStore(AuditSettings(url=url), postgres_admin, schema)
    finally:
        await postgres_admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> AuditStore:
    """Each behaviour common to both sinks runs once on SQLite and once on PostgreSQL."""
    chosen: AuditStore = request.getfixturevalue(f"{request.param}_store")
    return chosen


@pytest.fixture
async def audit(store: AuditStore) -> AsyncIterator[AuditLog]:
    async with AuditLog.from_settings(store.settings) as log:
        yield log
