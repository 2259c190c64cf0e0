"""Long jobs as MCP tasks: the ``io.modelcontextprotocol/tasks`` extension of the 2026-07-28 era, and a
bounded synchronous call for every other client.

On 2026-07-28 tasks left the core protocol for this extension (SEP-2663): a client declares it in a
request's capabilities; the server alone decides to answer a ``tools/call`` with a task (``resultType:
"task"``) and serves ``tasks/get`` (status, progress message, then the tool result inline), ``tasks/cancel``
and ``tasks/update``. The extension has no ``tasks/list`` and no ``tasks/result``: ``tasks/get`` carries the
result, and a task id is known only to whoever started the task. The ``mcp`` SDK types the 2025-11-25
experimental tasks but serves no task on that era (its result tables admit only ``CallToolResult`` for
``tools/call``), so a 2025-era client, or a 2026 one that does not declare the extension, gets a synchronous
call: progress notifications on its progress token, stopped between pages by its
``notifications/cancelled``, bounded in rows and run time.

`TasksExtension.intercept_tool_call` runs every call of a job tool in a task of its own (not the request's):
* a synchronous call waits for it; when the client cancels the call, the job is asked to stop after its
  current page and the call ends once it has (so the audit entry says what was done);
* a task-mode call waits until the job begins (`Jobs.begin`: arguments checked, the user's confirmation
  obtained) and answers the task then; a call that ends before (an error, a preview to confirm, a declined
  confirmation) answers as usual, without a task. Only the Odoo identity that started a task can see or
  cancel it: to anyone else its id is unknown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Sequence
from typing import Any

import anyio
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.extension import Extension, MethodBinding
from mcp.server.mcpserver.server import require_client_extension
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS, CallToolRequestParams, RequestParams
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import BaseModel, Field

from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.jobs.running import CANCELLED, Job, Jobs, TaskOffer, caller_owners, offered, withdraw

logger = logging.getLogger("mcp_odoo.jobs")

TASKS_EXTENSION = "io.modelcontextprotocol/tasks"
UNKNOWN_TASK = "Failed to retrieve task: Task not found (unknown, expired, or started by another user)"


class TaskParams(RequestParams):
    task_id: str = Field(alias="taskId", min_length=1, max_length=64)


class UpdateTaskParams(TaskParams):
    input_responses: dict[str, Any] | None = Field(default=None, alias="inputResponses")


class TasksExtension(Extension):
    """Serves the job tools (`job_tools`) as tasks to the clients that declare the extension."""

    identifier = TASKS_EXTENSION

    def __init__(self, jobs: Jobs, job_tools: Collection[str]) -> None:
        self.jobs = jobs
        self.job_tools = frozenset(job_tools)

    def methods(self) -> Sequence[MethodBinding]:
        versions = frozenset(MODERN_PROTOCOL_VERSIONS)
        return (
            MethodBinding("tasks/get", TaskParams, self._get, versions),
            MethodBinding("tasks/cancel", TaskParams, self._cancel, versions),
            MethodBinding("tasks/update", UpdateTaskParams, self._update, versions),
        )

    async def intercept_tool_call(
        self, params: CallToolRequestParams, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        if params.name not in self.job_tools:
            return await call_next(ctx)
        offer = TaskOffer(task=_accepts_tasks(ctx))
        token = offered(offer)
        try:
            running = asyncio.get_running_loop().create_task(_called(call_next, ctx))
        finally:
            withdraw(token)
        if not offer.task:
            await _wait(running, offer)
            return running.result()
        waiting = asyncio.get_running_loop().create_task(offer.ready.wait())
        try:
            await _wait(running, offer, waiting)
        finally:
            waiting.cancel()
        job = offer.job
        if job is None or running.done():
            return running.result()
        job.runner = running
        running.add_done_callback(lambda ran: _settle(job, ran))
        return {"resultType": "task", **job.wire(self.jobs.settings.export_retention_seconds)}

    async def _owned(self, ctx: ServerRequestContext[Any, Any], params: TaskParams) -> Job:
        require_client_extension(ctx, TASKS_EXTENSION)
        runtime: Runtime = ctx.lifespan_context
        job = self.jobs.owned(params.task_id, await caller_owners(runtime))
        if job is None:
            raise MCPError(code=INVALID_PARAMS, message=UNKNOWN_TASK)
        return job

    async def _get(self, ctx: ServerRequestContext[Any, Any], params: TaskParams) -> dict[str, Any]:
        job = await self._owned(ctx, params)
        return job.wire(self.jobs.settings.export_retention_seconds)

    async def _cancel(self, ctx: ServerRequestContext[Any, Any], params: TaskParams) -> dict[str, Any]:
        job = await self._owned(ctx, params)
        job.stop(CANCELLED)
        return {}

    async def _update(self, ctx: ServerRequestContext[Any, Any], params: UpdateTaskParams) -> dict[str, Any]:
        """These tasks never wait for input (confirmation comes before the task exists): nothing to take."""
        await self._owned(ctx, params)
        return {}


def _accepts_tasks(ctx: ServerRequestContext[Any, Any]) -> bool:
    capabilities = ctx.session.client_capabilities
    declared = capabilities.extensions if capabilities is not None else None
    return (
        ctx.protocol_version in MODERN_PROTOCOL_VERSIONS
        and declared is not None
        and TASKS_EXTENSION in declared
    )


async def _called(call_next: CallNext, ctx: ServerRequestContext[Any, Any]) -> HandlerResult:
    return await call_next(ctx)


async def _wait(running: asyncio.Task[HandlerResult], offer: TaskOffer, *also: asyncio.Task[Any]) -> None:
    """Wait until the call ends (or one of `also` does). When the client cancels the request, a job that
    began stops after its current page and the cancellation goes on once it has; before that the call is
    cancelled at once (nothing was done yet)."""
    try:
        await asyncio.wait({running, *also}, return_when=asyncio.FIRST_COMPLETED)
    except anyio.get_cancelled_exc_class():
        if offer.job is None:
            running.cancel()
        else:
            offer.job.stop(CANCELLED)
        with anyio.CancelScope(shield=True):
            await asyncio.wait({running})
        raise


def _settle(job: Job, ran: asyncio.Task[HandlerResult]) -> None:
    """Keep how the task's call ended: its tool result, or the JSON-RPC error it raised."""
    if ran.cancelled():
        job.end("cancelled")
        return
    failure = ran.exception()
    if isinstance(failure, MCPError):
        job.end("failed", error=failure.error.model_dump(by_alias=True, mode="json", exclude_none=True))
    elif failure is not None:
        logger.error("task %s of %s failed", job.id, job.tool, exc_info=failure)
        job.end(
            "failed",
            error={"code": INTERNAL_ERROR, "message": "the task failed; the details are in the server log"},
        )
    elif job.stop_reason == CANCELLED:
        job.end("cancelled", message=_text(ran.result()))
    else:
        job.end("completed", result=_wire(ran.result()))


def _wire(result: Any) -> dict[str, Any]:
    if isinstance(result, BaseModel):
        return result.model_dump(by_alias=True, mode="json", exclude_none=True)
    return dict(result)


def _text(result: Any) -> str:
    """The text a tool result shows (what a cancelled job did)."""
    blocks = _wire(result).get("content") or []
    return "\n".join(str(block.get("text", "")) for block in blocks if block.get("type") == "text")
