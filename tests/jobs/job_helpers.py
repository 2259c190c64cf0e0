"""Helpers for the long-job tests: generated records, a client that accepts tasks, and the task requests of
the
``io.modelcontextprotocol/tasks`` extension (the SDK's client sends them as plain requests)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

import anyio
from mcp import Client
from mcp.client.extension import ClaimContext, ClientExtension, ResultClaim, UnexpectedClaimedResult
from mcp_types import CallToolResult, Request, RequestParams, Result
from pydantic import Field

from mcp_odoo.jobs import TASKS_EXTENSION
from mcp_odoo.simulator.orm import Registry

EXPORTED = "Export "
"""The name prefix of the generated partners."""
GENERATED = 10_000
"""Partners in the database of the export tests."""


def generate_partners(registry: Registry, count: int, *, parent_every: int = 2) -> list[int]:
    """`count` partners in one batch create through Odoo's API (as admin): every `parent_every`-th has a
    parent company (a many2one to show in a cell)."""
    uid = registry.users["admin"].uid
    values = [
        {"name": f"{EXPORTED}{index:05d}", "parent_id": 1 if index % parent_every == 1 else False}
        for index in range(count)
    ]
    ids: list[int] = registry.execute_kw(uid, "res.partner", "create", [values], {})
    return ids


class TaskCreated(Result):
    result_type: Literal["task"] = Field(alias="resultType", default="task")
    task_id: str = Field(alias="taskId")
    status: str
    ttl_ms: int | None = Field(alias="ttlMs", default=None)
    poll_interval_ms: int | None = Field(alias="pollIntervalMs", default=None)


class TaskState(Result):
    task_id: str = Field(alias="taskId")
    status: str
    status_message: str | None = Field(alias="statusMessage", default=None)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class TaskParams(RequestParams):
    task_id: str = Field(alias="taskId")


class GetTask(Request[TaskParams, Literal["tasks/get"]]):
    method: Literal["tasks/get"] = "tasks/get"
    params: TaskParams
    name_param: ClassVar[str | None] = "taskId"


class CancelTask(Request[TaskParams, Literal["tasks/cancel"]]):
    method: Literal["tasks/cancel"] = "tasks/cancel"
    params: TaskParams
    name_param: ClassVar[str | None] = "taskId"


class Empty(Result):
    pass


async def _unresolved(created: TaskCreated, ctx: ClaimContext) -> CallToolResult:
    raise UnexpectedClaimedResult(created)


class AcceptsTasks(ClientExtension):
    """Declares the tasks extension; the tests drive the task themselves (``allow_claimed=True``)."""

    identifier = TASKS_EXTENSION

    def claims(self) -> Sequence[ResultClaim[Any]]:
        return (ResultClaim(result_type="task", model=TaskCreated, resolve=_unresolved),)


async def start_task(client: Client, tool: str, arguments: dict[str, Any]) -> TaskCreated | CallToolResult:
    answer = await client.session.call_tool(tool, arguments, allow_claimed=True)
    assert isinstance(answer, TaskCreated | CallToolResult), answer
    return answer


async def get_task(client: Client, task_id: str) -> TaskState:
    return await client.session.send_request(GetTask(params=TaskParams(taskId=task_id)), TaskState)


async def cancel_task(client: Client, task_id: str) -> None:
    await client.session.send_request(CancelTask(params=TaskParams(taskId=task_id)), Empty)


async def until_done(client: Client, task_id: str, *, seconds: float = 30.0) -> TaskState:
    """Poll tasks/get until the task is terminal."""
    deadline = time.monotonic() + seconds
    while True:
        state = await get_task(client, task_id)
        if state.status not in ("working", "input_required"):
            return state
        assert time.monotonic() < deadline, f"task still {state.status}: {state.status_message}"
        await anyio.sleep(0.02)


async def until_progress(client: Client, task_id: str, *, seconds: float = 30.0) -> TaskState:
    """Poll tasks/get until the task reports a page done."""
    deadline = time.monotonic() + seconds
    state = await get_task(client, task_id)
    while "rows written" not in (state.status_message or ""):
        assert time.monotonic() < deadline, f"no progress: {state.status_message}"
        await anyio.sleep(0.02)
        state = await get_task(client, task_id)
    return state


def kept_files(root: Path) -> list[Path]:
    """The export files the server keeps under `root` (its temporary directory in these tests)."""
    return [path for path in root.rglob("*") if path.is_file()]
