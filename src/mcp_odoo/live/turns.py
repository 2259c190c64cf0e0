"""One background job per process, whoever keeps it running.

A server's lifespan can be open more than once at a time (each in-process client connection opens
it; a stdio or HTTP server once): the poller and the Redis listener must still run once. Each open
`running()` context queues for the job; the first runs it, and when its context closes the next one
still open takes over.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio


class TakeTurns:
    """Runs `job` (which runs until cancelled) in at most one of the open `running()` contexts."""

    def __init__(self, job: Callable[[], Awaitable[None]]) -> None:
        self._job = job
        self._turn = anyio.Lock()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with anyio.create_task_group() as group:
            group.start_soon(self._take_turn)
            try:
                yield
            finally:
                group.cancel_scope.cancel()

    async def _take_turn(self) -> None:
        async with self._turn:
            await self._job()
