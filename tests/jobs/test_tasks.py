"""Long jobs as tasks (extension io.modelcontextprotocol/tasks, 2026-07-28): the call answers a task at once,
tasks/get shows its progress and then the tool result, tasks/cancel stops it; only its owner sees it; the
number of jobs an Odoo identity runs at once is capped."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from job_helpers import (
    EXPORTED,
    GENERATED,
    AcceptsTasks,
    TaskCreated,
    cancel_task,
    get_task,
    kept_files,
    start_task,
    until_done,
    until_progress,
)
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult

from mcp_odoo.audit import AuditLog
from mcp_odoo.jobs.files import ExportStore
from mcp_odoo.jobs.running import Jobs
from mcp_odoo.jobs.settings import JobSettings
from mcp_odoo.server import build_server
from mcp_odoo.settings import NamedTarget, PolicySettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.faults import FaultKind
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from sessions import SessionFactory, odoo_settings
from tool_results import error_of

EXPORT = {"model": "res.partner", "fields": ["name", "parent_id"], "domain": [["name", "ilike", EXPORTED]]}
MODERN = "2026-07-28"


async def test_an_export_runs_as_a_task_and_its_result_comes_with_tasks_get(
    jobs_session: SessionFactory,
) -> None:
    async with jobs_session(mode=MODERN, extensions=[AcceptsTasks()], job_page_size=1000) as session:
        created = await start_task(session.client, "export_records", EXPORT)
        assert isinstance(created, TaskCreated)
        assert created.status == "working"
        assert created.poll_interval_ms
        assert created.ttl_ms == 3_600_000
        state = await until_done(session.client, created.task_id)
        assert state.status == "completed", state
        assert state.result is not None
        result = CallToolResult.model_validate(state.result)
        outcome = result.structured_content
        assert outcome["rows"] == GENERATED
        assert outcome["status"] == "complete"
        read = await session.client.read_resource(outcome["uri"])
        assert read.contents[0].text.count("\n") == GENERATED + 1  # type: ignore[union-attr]


async def test_tasks_cancel_stops_the_export_and_offers_no_file(
    jobs_session: SessionFactory, export_dir: Path
) -> None:
    async with jobs_session(mode=MODERN, extensions=[AcceptsTasks()], job_page_size=500) as session:
        session.simulator.faults.arm(FaultKind.LATENCY, model="res.partner", method="search_read", delay=0.05)
        created = await start_task(session.client, "export_records", EXPORT)
        assert isinstance(created, TaskCreated)
        await until_progress(session.client, created.task_id)
        await cancel_task(session.client, created.task_id)
        state = await until_done(session.client, created.task_id)
        assert state.status == "cancelled"
        assert state.status_message is not None
        assert "Export STOPPED after" in state.status_message
        assert "No file is offered" in state.status_message
        assert state.result is None
    assert kept_files(export_dir) == []


async def test_a_client_without_the_extension_gets_the_result_synchronously(
    jobs_session: SessionFactory,
) -> None:
    async with jobs_session(mode=MODERN) as session:
        answer = await start_task(session.client, "export_records", {**EXPORT, "domain": [["id", "<", 20]]})
        assert isinstance(answer, CallToolResult)
        assert not answer.is_error
        with pytest.raises(MCPError, match="tasks"):
            await get_task(session.client, "whatever")


async def test_errors_before_the_job_begins_are_answered_at_once_without_a_task(
    jobs_session: SessionFactory,
) -> None:
    async with jobs_session(mode=MODERN, extensions=[AcceptsTasks()], job_max_rows=10) as session:
        answer = await start_task(session.client, "export_records", EXPORT)
    assert isinstance(answer, CallToolResult)
    assert "more than 10 res.partner records match" in error_of(answer)["message"]


async def test_an_identity_runs_at_most_the_configured_jobs_at_once(jobs_session: SessionFactory) -> None:
    async with jobs_session(mode=MODERN, extensions=[AcceptsTasks()], job_concurrency=1) as session:
        session.simulator.faults.arm(FaultKind.LATENCY, model="res.partner", method="search_read", delay=0.05)
        first = await start_task(session.client, "export_records", EXPORT)
        assert isinstance(first, TaskCreated)
        second = await start_task(session.client, "export_records", EXPORT)
        assert isinstance(second, CallToolResult)
        error = error_of(second)
        assert error["kind"] == "too_many_jobs"
        assert error["retryable"]
        assert "at most 1 at a time, nothing was started" in error["message"]
        await cancel_task(session.client, first.task_id)
        assert (await until_done(session.client, first.task_id)).status == "cancelled"


async def test_an_unknown_task_is_invalid_params(jobs_session: SessionFactory) -> None:
    async with jobs_session(mode=MODERN, extensions=[AcceptsTasks()]) as session:
        with pytest.raises(MCPError, match="Task not found") as raised:
            await get_task(session.client, "not-a-task")
    assert raised.value.code == -32602


def test_another_identity_can_neither_see_a_task_nor_read_an_export(tmp_path: Path) -> None:
    """Ownership is (login, uid) of the Odoo user: a task or an export of alice is unknown to bob."""
    settings = JobSettings()
    jobs = Jobs(settings)
    store = ExportStore(settings)
    alice, bob = ("alice", 7), ("bob", 8)
    file = store.open(alice, "csv")
    file.sheet.row(["id"])
    export = store.keep(file)
    try:
        assert store.read(export.id, "csv", alice) is export
        assert store.read(export.id, "csv", bob) is None
        assert store.read(export.id, "xlsx", alice) is None
    finally:
        store.close()
    assert not export.path.exists()
    assert jobs.owned("any", [bob]) is None


async def test_a_task_on_a_named_target_is_its_callers_whoever_the_server_signs_in_as_there(
    tmp_path: Path, big_registry: Registry
) -> None:
    """Two targets over one Odoo, production signed in as mcp_bot and staging as admin: a task started on
    staging is the caller's, for tasks/get as for the call."""
    targets = [
        NamedTarget(
            name,
            odoo_settings(big_registry, user=login, api_key=DEMO_CREDENTIALS[login]["api_key"]),
            PolicySettings(),
        )
        for name, login in (("production", "mcp_bot"), ("staging", "admin"))
    ]
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3", job_page_size=1000)
    transport = httpx2.ASGITransport(app=create_app(big_registry))
    async with AuditLog.from_settings(settings.audit) as audit:
        mcp = build_server(targets, settings, transport=transport, audit=audit)
        async with Client(mcp, mode=MODERN, extensions=[AcceptsTasks()]) as client:
            created = await start_task(client, "export_records", {**EXPORT, "target": "staging"})
            assert isinstance(created, TaskCreated)
            state = await until_done(client, created.task_id)
    assert state.status == "completed", state
