"""Every tool call is audited: who, which tool, model and method, redacted arguments, outcome, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_odoo.audit import REDACTED, AuditEntry, AuditLog, AuditQuery
from sessions import SessionFactory
from tool_results import error_of


async def entries(audit: AuditLog) -> list[AuditEntry]:
    return await audit.query(AuditQuery(last=20))


async def test_a_successful_read_is_audited_with_identity_model_method_and_ids(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session() as session:
        await session.call("read_records", model="res.partner", ids=[15], fields=["name"])
        [entry] = await entries(session.audit)
    assert (entry.tool, entry.model, entry.method, entry.outcome) == (
        "read_records",
        "res.partner",
        "read",
        "ok",
    )
    assert entry.odoo_login == "mcp_bot"
    assert entry.odoo_uid is not None
    assert entry.record_ids == [15]
    assert entry.arguments["ids"] == [15]
    assert entry.duration_ms >= 0


async def test_a_refused_call_is_audited_as_refused(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        await session.call("search_records", model="ir.config_parameter")
        [entry] = await entries(session.audit)
    assert entry.outcome == "refused"
    assert entry.error_kind == "refused"


async def test_an_odoo_error_is_audited_with_its_kind(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        await session.call("count_records", model="no.such.model")
        [entry] = await entries(session.audit)
    assert entry.outcome == "error"
    assert entry.error_kind == "unknown_model"


async def test_secrets_in_arguments_are_redacted(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        await session.call("update_record", model="res.users", ids=[7], values={"password": "hunter2-secret"})
        [entry] = await entries(session.audit)
    assert entry.arguments["values"]["password"] == REDACTED
    assert "hunter2-secret" not in entry.model_dump_json()


async def test_a_write_is_audited_with_the_ids_it_touched(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        await session.call("update_record", model="res.partner", ids=[15, 15], values={"phone": "1"})
        [entry] = await entries(session.audit)
    assert (entry.tool, entry.method, entry.outcome, entry.record_ids) == (
        "update_record",
        "write",
        "ok",
        [15],
    )


async def test_a_write_is_refused_when_the_audit_is_required_and_unavailable(
    mcp_session: SessionFactory, tmp_path: Path
) -> None:
    unwritable = tmp_path / "no-such-directory" / "audit.sqlite3"
    async with mcp_session(
        allow_writes=True, audit_required_for_writes=True, audit_path=unwritable
    ) as session:
        session.simulator.calls.reset()
        refused = await session.call("update_record", model="res.partner", ids=[15], values={"phone": "1"})
        read = await session.call("count_records", model="res.partner")
        assert session.simulator.calls.writes == 0
    assert error_of(refused)["kind"] == "refused"
    assert "audit" in error_of(refused)["message"]
    assert not read.is_error


async def test_a_write_goes_on_when_the_audit_is_unavailable_but_not_required(
    mcp_session: SessionFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    unwritable = tmp_path / "no-such-directory" / "audit.sqlite3"
    async with mcp_session(allow_writes=True, audit_path=unwritable) as session:
        result = await session.call("update_record", model="res.partner", ids=[15], values={"phone": "1"})
        assert session.simulator.calls.writes == 1
    assert not result.is_error
    assert "audit entry for update_record was not stored" in caplog.text
