"""AuditLog behaviour that both sinks share; every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio

from audit_helpers import FIRST_CALL, AuditStore, make_entry

from mcp_odoo.audit import REDACTED, AuditLog, AuditQuery

ODOO_API_KEY = "0123456789abcdef0123456789abcdef01234567"  # throwaway: 40 hex digits, like Odoo's keys


async def test_recorded_entry_reads_back_with_every_field(audit: AuditLog) -> None:
    entry = make_entry(
        time=FIRST_CALL.replace(microsecond=123_456),
        outcome="error",
        error_kind="permission_denied",
        duration_ms=0.1 + 0.2,
        arguments={"values": {"name": "Zoë", "amount": 1e-7, "tags": [1, None, True]}},
        record_ids=[3, 1, 2],
    )

    await audit.record(entry)

    assert await audit.query(AuditQuery()) == [entry]


async def test_query_returns_newest_first(audit: AuditLog) -> None:
    for number in (2, 0, 1):
        await audit.record(make_entry(number))

    entries = await audit.query(AuditQuery())

    assert [entry.request_id for entry in entries] == ["req-2", "req-1", "req-0"]


async def test_query_last_n_keeps_only_the_newest(audit: AuditLog) -> None:
    for number in range(5):
        await audit.record(make_entry(number))

    entries = await audit.query(AuditQuery(last=2))

    assert [entry.request_id for entry in entries] == ["req-4", "req-3"]


async def test_query_by_tool_returns_only_that_tool(audit: AuditLog) -> None:
    await audit.record(make_entry(0, tool="search_records"))
    await audit.record(make_entry(1, tool="create_record"))
    await audit.record(make_entry(2, tool="search_records"))

    entries = await audit.query(AuditQuery(tool="create_record"))

    assert [entry.request_id for entry in entries] == ["req-1"]


async def test_query_errors_only_returns_errors_and_refusals(audit: AuditLog) -> None:
    await audit.record(make_entry(0, outcome="ok"))
    await audit.record(make_entry(1, outcome="error", error_kind="timeout"))
    await audit.record(make_entry(2, outcome="refused", error_kind="writes_disabled"))

    entries = await audit.query(AuditQuery(errors_only=True))

    assert [entry.outcome for entry in entries] == ["refused", "error"]


async def test_record_stores_arguments_redacted(audit: AuditLog) -> None:
    arguments = {"login": "mcp_bot", "password": "hunter2", "note": f"key {ODOO_API_KEY}"}

    await audit.record(make_entry(arguments=arguments))

    [stored] = await audit.query(AuditQuery())
    assert stored.arguments == {"login": "mcp_bot", "password": REDACTED, "note": f"key {REDACTED}"}


async def test_empty_log_verifies_as_intact(audit: AuditLog) -> None:
    assert await audit.verify() is True


async def test_untouched_log_verifies_as_intact(audit: AuditLog) -> None:
    for number in range(5):
        await audit.record(make_entry(number))

    assert await audit.verify() is True


async def test_verify_detects_an_edited_row(audit: AuditLog, store: AuditStore) -> None:
    for number in range(5):
        await audit.record(make_entry(number))

    await store.tamper("UPDATE audit_log SET odoo_login = 'admin' WHERE id = 3")

    assert await audit.verify() is False


async def test_verify_detects_a_deleted_row(audit: AuditLog, store: AuditStore) -> None:
    for number in range(5):
        await audit.record(make_entry(number))

    await store.tamper("DELETE FROM audit_log WHERE id = 2")

    assert await audit.verify() is False


async def test_verify_detects_a_row_made_unreadable(audit: AuditLog, store: AuditStore) -> None:
    await audit.record(make_entry(0))

    await store.tamper("UPDATE audit_log SET arguments = 'not json' WHERE id = 1")

    assert await audit.verify() is False


async def test_concurrent_records_keep_one_valid_chain(audit: AuditLog) -> None:
    await asyncio.gather(*(audit.record(make_entry(number)) for number in range(50)))

    assert len(await audit.query(AuditQuery(last=100))) == 50
    assert await audit.verify() is True


async def test_two_logs_writing_to_one_store_keep_one_valid_chain(store: AuditStore) -> None:
    async with (
        AuditLog.from_settings(store.settings) as first,
        AuditLog.from_settings(store.settings) as second,
    ):
        await asyncio.gather(
            *(log.record(make_entry(number)) for number in range(25) for log in (first, second))
        )

        assert len(await first.query(AuditQuery(last=100))) == 50
        assert await second.verify() is True


async def test_chain_continues_across_reopening(store: AuditStore) -> None:
    async with AuditLog.from_settings(store.settings) as log:
        await log.record(make_entry(0))
    async with AuditLog.from_settings(store.settings) as log:
        await log.record(make_entry(1))

        assert await log.verify() is True


async def test_record_works_without_ensure_ready(store: AuditStore) -> None:
    log = AuditLog.from_settings(store.settings)
    try:
        await log.record(make_entry(0))

        assert len(await log.query(AuditQuery())) == 1
    finally:
        await log.aclose()
