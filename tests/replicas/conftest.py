"""The shared services of the two-replica test: PostgreSQL, Redis and nginx. Outside CI a missing one
skips the test; in CI (``CI`` set) it fails, since CI must run it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
import redis
from replica_cluster import nginx_binary

POSTGRES_URL = os.environ.get("MCP_ODOO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("MCP_ODOO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run the two-replica test", pytrace=False)
    pytest.skip(what)


@pytest.fixture
def nginx() -> str:
    found = nginx_binary()
    if found is None:
        missing("nginx is not installed (apt-get install -y nginx-light)")
    assert found is not None
    return found


@pytest.fixture
def redis_url() -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except (redis.ConnectionError, OSError) as exc:
        missing(f"Redis at {REDIS_URL} is unreachable ({exc})")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A schema of this test's own (identities and audit), dropped afterwards."""
    schema = f"mcp_odoo_replicas_{secrets.token_hex(5)}"
    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc})")
    with connection:
        connection.execute(f"CREATE SCHEMA {schema}".encode())
    try:
        yield schema
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as cleanup:
            cleanup.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE".encode())


@pytest.fixture
def postgres_url() -> str:
    return POSTGRES_URL
