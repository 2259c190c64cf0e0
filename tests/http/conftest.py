"""Fixtures for the HTTP-server building blocks: identity backends on SQLite and on the real
PostgreSQL, and the real Redis. When a service is unreachable the tests that need it skip, or fail
with a clear message when ``CI`` is set (CI must exercise them)."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
import redis.asyncio as aioredis

from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend, StoreBackend
from mcp_odoo.identity.postgres import PostgresBackend
from mcp_odoo.identity.secretbox import generate_secret_key

POSTGRES_URL = os.environ.get("MCP_ODOO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("MCP_ODOO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def service_missing(what: str, error: Exception) -> None:
    message = f"{what} is unreachable ({type(error).__name__}: {error})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run these tests against it", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(generate_secret_key())


@pytest.fixture
async def sqlite_backend(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "identities.sqlite3")
    await backend.setup()
    yield backend
    await backend.aclose()


@pytest.fixture
def postgres_url() -> str:
    return POSTGRES_URL


@pytest.fixture
def postgres_schema() -> str:
    """A schema of this test's own; the backend's connections carry it as their application_name."""
    return f"mcp_odoo_test_{secrets.token_hex(6)}"


@pytest.fixture
async def postgres_backend(postgres_schema: str) -> AsyncIterator[PostgresBackend]:
    schema = postgres_schema
    try:
        probe = await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        service_missing(f"PostgreSQL at {POSTGRES_URL}", exc)
    await probe.close()
    backend = PostgresBackend(f"{POSTGRES_URL}?application_name={schema}", schema=schema)
    await backend.setup()
    try:
        yield backend
    finally:
        await backend.aclose()
        async with await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True) as cleanup:
            await cleanup.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE".encode())


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> StoreBackend:
    chosen: StoreBackend = request.getfixturevalue(f"{request.param}_backend")
    return chosen


@pytest.fixture
def store(backend: StoreBackend, box: SecretBox) -> IdentityStore:
    return IdentityStore(backend, box)


@pytest.fixture
def redis_url() -> str:
    return REDIS_URL


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        await client.ping()
    except (aioredis.ConnectionError, OSError) as exc:
        await client.aclose()
        service_missing(f"Redis at {REDIS_URL}", exc)
    yield client
    await client.aclose()
