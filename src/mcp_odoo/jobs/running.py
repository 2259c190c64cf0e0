"""Long jobs while they run: who started them, how far they are, whether they must stop, how they ended.

A job tool's body does its checks (arguments, bounds, the user's confirmation) and then calls `Jobs.begin`:
from there on it is a `Job`, counted against its Odoo identity's concurrency cap, reporting progress per
page (`Job.advance`) and asking between pages whether to stop (`Job.stopping`): the client cancelled it
(``tasks/cancel``, or ``notifications/cancelled`` of a synchronous call), or it reached its run time.
A job is never interrupted inside a page, so a stop never leaves an Odoo write half sent.

When the client asked for a task (`mcp_odoo.jobs.tasks`), `begin` is also the moment the call's answer
becomes the task: the request is answered at once and the body goes on in the background.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from mcp_odoo.calls.kit import identity_of
from mcp_odoo.calls.runner import Progress, ToolCall, no_progress
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.jobs.settings import JobSettings
from mcp_odoo.policy import Refused

Owner = tuple[str | None, int | None]
"""The Odoo identity (login, uid) a job, a task or an export belongs to."""
Status = Literal["working", "completed", "failed", "cancelled"]
POLL_INTERVAL_MS = 1_000
CANCELLED = "cancelled by the client"


class TooManyJobs(Refused):
    kind = "too_many_jobs"
    retryable = True


@dataclass
class TaskOffer:
    """Set by the tasks extension around each call of a job tool: `begin` puts the job in it, and when the
    client accepts a task (`task`), says that the call may be answered by the task now."""

    task: bool
    job: Job | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)


_offer: ContextVar[TaskOffer | None] = ContextVar("mcp_odoo_task_offer", default=None)


def offered(offer: TaskOffer | None) -> Any:
    """Set the offer of the call about to be run (returns the token to reset)."""
    return _offer.set(offer)


def withdraw(token: Any) -> None:
    _offer.reset(token)


@dataclass
class Job:
    """One long job: its owner, its progress, and (for a task) its state and final answer."""

    id: str
    tool: str
    owner: Owner
    created: float
    deadline: float
    clock: Callable[[], float]
    notify: Progress = no_progress
    """Progress notifications to the client of a synchronous call (a task reports through its status)."""
    task: bool = False
    status: Status = "working"
    message: str = "started"
    updated: float = 0.0
    stop_reason: str | None = None
    result: dict[str, Any] | None = None
    """The tool result of a finished task, as sent on the wire."""
    error: dict[str, Any] | None = None
    """The JSON-RPC error of a failed task."""
    runner: asyncio.Task[Any] | None = None

    def __post_init__(self) -> None:
        self.updated = self.created

    def stop(self, reason: str) -> None:
        """Ask the job to stop after its current page (the first reason given is kept)."""
        if self.stop_reason is None:
            self.stop_reason = reason

    def stopping(self) -> str | None:
        """Why the job must stop now, or None to go on."""
        if self.stop_reason is None and self.clock() >= self.deadline:
            self.stop_reason = f"it reached the run time bound ({self.deadline - self.created:g} s)"
        return self.stop_reason

    async def advance(self, done: int, total: int, message: str) -> None:
        """A page is done: the status message of a task, a progress notification of a synchronous call. Other
        tasks get their turn here (a cancel, a tasks/get), even when Odoo answers without suspending."""
        self.message, self.updated = message, self.clock()
        if not self.task:
            await self.notify(done, total, message)
        await asyncio.sleep(0)

    def end(
        self,
        status: Status,
        *,
        result: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
        message: str = "",
    ) -> None:
        """A task's end: its tool result (completed), its error (failed), or what it did before it stopped
        (cancelled: the extension's cancelled task carries no result, so its status message says it)."""
        if self.status == "working":
            self.status, self.result, self.error, self.updated = status, result, error, self.clock()
            if status == "cancelled":
                self.message = f"{CANCELLED}. {message}".strip()
            elif error is not None:
                self.message = str(error.get("message", "failed"))
            else:
                self.message = "completed"

    def wire(self, ttl_seconds: float) -> dict[str, Any]:
        """The task as the ``io.modelcontextprotocol/tasks`` extension shows it (a ``DetailedTask``)."""
        shown: dict[str, Any] = {
            "taskId": self.id,
            "status": self.status,
            "statusMessage": self.message,
            "createdAt": _iso(self.created),
            "lastUpdatedAt": _iso(self.updated),
            "ttlMs": math.ceil(ttl_seconds * 1000),
            "pollIntervalMs": POLL_INTERVAL_MS,
        }
        if self.result is not None:
            shown["result"] = self.result
        if self.error is not None:
            shown["error"] = self.error
        return shown


async def caller_owners(runtime: Runtime) -> list[Owner]:
    """Whom the request's caller acts as in Odoo: its identity on every target of a server with several (a
    job or an export made on any of them is the caller's, whichever user the server signs in with there),
    else on the one Odoo."""
    gateways = [runtime.gateway_on(name) for name in runtime.targets] or [runtime.gateway]
    return [await identity_of(gateway) for gateway in gateways]


def _iso(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Jobs:
    """Every long job of one server: the running ones (capped per identity) and the finished tasks, kept
    for `export_retention_seconds` so their owner can fetch the answer."""

    settings: JobSettings
    clock: Callable[[], float] = time.time
    _jobs: dict[str, Job] = field(default_factory=dict, init=False, repr=False)

    async def begin(self, call: ToolCall, tool: str) -> Job:
        """The job of `call` (its checks done): refused when its identity already runs as many as allowed."""
        owner = await identity_of(call.gateway)
        self._forget_expired()
        running = [job for job in self._jobs.values() if job.owner == owner and job.status == "working"]
        cap = self.settings.job_concurrency
        if len(running) >= cap:
            raise TooManyJobs(
                f"this Odoo user already runs {len(running)} long job(s) "
                f"({', '.join(job.tool for job in running)}); "
                f"at most {cap} at a time, nothing was started",
                hint="wait until one finishes (or cancel it), then call again",
            )
        now = self.clock()
        offer = _offer.get()
        task = offer is not None and offer.task
        job = Job(
            id=secrets.token_urlsafe(18),
            tool=tool,
            owner=owner,
            created=now,
            deadline=now + self.settings.job_max_seconds,
            clock=self.clock,
            notify=call.progress,
            task=task,
        )
        self._jobs[job.id] = job
        if offer is not None:
            offer.job = job
            offer.ready.set()
            await asyncio.sleep(0)
        return job

    def finished(self, job: Job) -> None:
        """A synchronous job is over: its answer went to the client, nothing is kept."""
        if not job.task:
            self._jobs.pop(job.id, None)

    def owned(self, task_id: str, owners: Sequence[Owner]) -> Job | None:
        """The task `task_id` if one of `owners` started it (another identity's task is as unknown as a wrong
        id)."""
        self._forget_expired()
        job = self._jobs.get(task_id)
        return job if job is not None and job.task and job.owner in owners else None

    def _forget_expired(self) -> None:
        horizon = self.clock() - self.settings.export_retention_seconds
        for job in [job for job in self._jobs.values() if job.status != "working" and job.updated < horizon]:
            del self._jobs[job.id]

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """While the server runs; at its end, running tasks are cancelled."""
        try:
            yield
        finally:
            runners = [
                job.runner for job in self._jobs.values() if job.runner is not None and not job.runner.done()
            ]
            for runner in runners:
                runner.cancel()
            if runners:
                await asyncio.wait(runners)
            self._jobs.clear()
