"""The SQLite sink: file set-up, append-only table, and failures reported as AuditUnavailable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from audit_helpers import SqliteStore, make_entry

from mcp_odoo.audit import AuditLog, AuditQuery, AuditSettings, AuditUnavailable


def log_at(path: Path) -> AuditLog:
    return AuditLog.from_settings(AuditSettings(path=path))


async def test_default_settings_write_to_the_sqlite_file(sqlite_store: SqliteStore) -> None:
    async with AuditLog.from_settings(sqlite_store.settings) as log:
        await log.record(make_entry())

    assert sqlite_store.settings.path.is_file()


async def test_file_uses_write_ahead_logging(sqlite_store: SqliteStore) -> None:
    async with AuditLog.from_settings(sqlite_store.settings):
        pass

    connection = sqlite3.connect(sqlite_store.settings.path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()


async def test_table_refuses_updates(sqlite_store: SqliteStore) -> None:
    async with AuditLog.from_settings(sqlite_store.settings) as log:
        await log.record(make_entry())

    connection = sqlite3.connect(sqlite_store.settings.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE audit_log SET tool = 'forged'")
    finally:
        connection.close()


async def test_table_refuses_deletes(sqlite_store: SqliteStore) -> None:
    async with AuditLog.from_settings(sqlite_store.settings) as log:
        await log.record(make_entry())

    connection = sqlite3.connect(sqlite_store.settings.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM audit_log")
    finally:
        connection.close()


async def test_missing_directory_makes_ensure_ready_raise(tmp_path: Path) -> None:
    log = log_at(tmp_path / "no-such-directory" / "audit.sqlite3")

    with pytest.raises(AuditUnavailable, match="no-such-directory does not exist"):
        await log.ensure_ready()
    await log.aclose()


async def test_missing_directory_makes_record_raise(tmp_path: Path) -> None:
    log = log_at(tmp_path / "no-such-directory" / "audit.sqlite3")

    with pytest.raises(AuditUnavailable):
        await log.record(make_entry())
    await log.aclose()


async def test_file_that_is_not_a_database_makes_record_raise(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    path.write_text("these are not the rows you are looking for\n" * 100)
    log = log_at(path)

    with pytest.raises(AuditUnavailable, match=r"audit\.sqlite3"):
        await log.record(make_entry())
    await log.aclose()


async def test_log_is_usable_again_after_aclose(sqlite_store: SqliteStore) -> None:
    log = AuditLog.from_settings(sqlite_store.settings)
    await log.record(make_entry(0))
    await log.aclose()

    await log.record(make_entry(1))

    assert len(await log.query(AuditQuery())) == 2
    await log.aclose()
