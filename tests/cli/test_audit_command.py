"""`mcp-odoo audit`: what tool calls left in the audit log, newest first, as a table."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcp_odoo.audit import AuditEntry, AuditLog, AuditSettings
from mcp_odoo.cli import app


def _entry(
    tool: str,
    outcome: str = "ok",
    error_kind: str | None = None,
    *,
    subject: str = "alice@example.com",
    login: str = "mcp_bot",
) -> AuditEntry:
    return AuditEntry(
        client_id="claude-desktop",
        subject=subject,
        odoo_login=login,
        odoo_uid=7,
        tool=tool,
        model="res.partner",
        method="search_read",
        arguments={"model": "res.partner", "api_key": "must-never-show"},
        outcome=outcome,  # type: ignore[arg-type]
        error_kind=error_kind,
        duration_ms=3.5,
        record_ids=[14, 26],
    )


@pytest.fixture
def audit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "audit.sqlite3"
    monkeypatch.setenv("MCP_ODOO_AUDIT_PATH", str(path))
    monkeypatch.delenv("MCP_ODOO_AUDIT_URL", raising=False)

    async def fill() -> None:
        async with AuditLog.from_settings(AuditSettings(path=path)) as log:
            await log.record(_entry("search_records"))
            await log.record(_entry("count_records"))
            await log.record(_entry("read_records", "refused", "refused"))
            await log.record(_entry("get_invoice", subject="bob@example.com", login="limited"))

    asyncio.run(fill())
    return path


def audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("audit_path")
def test_audit_prints_the_newest_entries_first() -> None:
    code, out, err = audit()
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("time (UTC)")
    tools = [line.split()[5] for line in lines[1:]]
    assert tools == ["get_invoice", "read_records", "count_records", "search_records"]
    assert "mcp_bot" in lines[2]
    assert "must-never-show" not in out


@pytest.mark.usefixtures("audit_path")
def test_audit_filters_by_tool_errors_and_count() -> None:
    assert len(audit("--tool", "count_records")[1].strip().splitlines()) == 2
    errors = audit("--errors")[1].strip().splitlines()
    assert len(errors) == 2
    assert "read_records" in errors[1]
    assert len(audit("--last", "1")[1].strip().splitlines()) == 2


@pytest.mark.usefixtures("audit_path")
def test_audit_names_the_person_and_the_odoo_user() -> None:
    header, newest = audit()[1].strip().splitlines()[:2]
    assert header.split()[2:5] == ["subject", "odoo", "user"]
    assert newest.split()[2:4] == ["bob@example.com", "limited"]


@pytest.mark.usefixtures("audit_path")
def test_audit_filters_by_person_and_by_odoo_user() -> None:
    alice = audit("--subject", "alice@example.com")[1].strip().splitlines()[1:]
    limited = audit("--odoo-user", "limited")[1].strip().splitlines()[1:]
    assert len(alice) == 3
    assert all("alice@example.com" in line for line in alice)
    assert [line.split()[5] for line in limited] == ["get_invoice"]
    assert audit("--subject", "nobody")[1].strip() == "(no audit entries)"


def test_an_unusable_audit_location_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_ODOO_AUDIT_PATH", str(tmp_path / "missing-dir" / "audit.sqlite3"))
    code, _, err = audit()
    assert code == 2
    assert err.startswith("mcp-odoo: audit log unavailable:")
    assert len(err.strip().splitlines()) == 1
