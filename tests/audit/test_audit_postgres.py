"""The PostgreSQL sink: append-only table, reconnection, and failures reported as AuditUnavailable."""

from __future__ import annotations

import sys
from typing import Any

import psycopg
import pytest
from audit_helpers import POSTGRES_URL, PostgresStore, make_entry, with_parameters

from mcp_odoo.audit import AuditLog, AuditQuery, AuditSettings, AuditUnavailable

THROWAWAY_PASSWORD = "throwaway-pw-1"


async def test_table_refuses_updates(postgres_store: PostgresStore) -> None:
    async with AuditLog.from_settings(postgres_store.settings) as log:
        await log.record(make_entry())

    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        await postgres_store.admin.execute(f"UPDATE {postgres_store.schema}.audit_log SET tool = 'forged'")


async def test_table_refuses_truncation(postgres_store: PostgresStore) -> None:
    async with AuditLog.from_settings(postgres_store.settings) as log:
        await log.record(make_entry())

    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        await postgres_store.admin.execute(f"TRUNCATE {postgres_store.schema}.audit_log")


async def test_record_reconnects_once_after_the_connection_is_killed(postgres_store: PostgresStore) -> None:
    admin = postgres_store.admin
    async with AuditLog.from_settings(postgres_store.settings) as log:
        await log.record(make_entry(0))
        killed = await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [postgres_store.schema],
        )
        assert await killed.fetchall() == [(True,)]

        await log.record(make_entry(1))

        assert len(await log.query(AuditQuery())) == 2


async def test_wrong_port_makes_ensure_ready_raise_without_the_password() -> None:
    url = f"postgresql://postgres:{THROWAWAY_PASSWORD}@127.0.0.1:1/test"
    log = AuditLog.from_settings(AuditSettings(url=url))

    with pytest.raises(AuditUnavailable, match="PostgreSQL audit log") as raised:
        await log.ensure_ready()
    assert THROWAWAY_PASSWORD not in str(raised.value)
    await log.aclose()


async def test_wrong_port_makes_record_raise() -> None:
    log = AuditLog.from_settings(AuditSettings(url="postgresql://postgres@127.0.0.1:1/test"))

    with pytest.raises(AuditUnavailable):
        await log.record(make_entry())
    await log.aclose()


async def test_password_given_as_url_parameter_stays_out_of_the_error() -> None:
    url = f"postgresql://postgres@127.0.0.1:1/test?password={THROWAWAY_PASSWORD}"
    log = AuditLog.from_settings(AuditSettings(url=url))

    with pytest.raises(AuditUnavailable) as raised:
        await log.ensure_ready()
    assert THROWAWAY_PASSWORD not in str(raised.value)
    await log.aclose()


async def test_missing_psycopg_is_reported_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` raise ImportError
    log = AuditLog.from_settings(AuditSettings(url="postgresql://postgres@127.0.0.1:5432/test"))

    with pytest.raises(AuditUnavailable, match=r"mcp-odoo\[postgres\]"):
        await log.ensure_ready()
    await log.aclose()


async def test_search_path_without_an_existing_schema_makes_ensure_ready_raise(
    postgres_admin: psycopg.AsyncConnection[tuple[Any, ...]],
) -> None:
    url = with_parameters(POSTGRES_URL, options="-csearch_path%3Daudit_no_such_schema")
    log = AuditLog.from_settings(AuditSettings(url=url))

    with pytest.raises(AuditUnavailable, match="no schema"):
        await log.ensure_ready()
    await log.aclose()
