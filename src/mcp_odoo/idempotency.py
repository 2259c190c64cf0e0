"""Idempotency keys for write tools: a client that retries a call with the same key gets the first
answer back instead of a second record.

A key is scoped to one Odoo identity and one tool, and remembered with the fingerprint of the
call's arguments: the same key with other arguments is refused rather than silently replayed.
Only completed writes are remembered (a refused or failed call can be retried with the same key).
`IdempotencyStore` is the seam for a store shared between replicas; `MemoryIdempotencyStore`
keeps entries in this process for `ttl_seconds`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp_odoo.policy import InvalidRequest

DEFAULT_TTL_SECONDS = 24 * 3600.0
KEY_ARGUMENT = "idempotency_key"


@dataclass(frozen=True)
class Remembered:
    """The answer of a completed write, as replayed on a retry."""

    fingerprint: str
    data: dict[str, Any]
    text: str
    links: tuple[tuple[str, int, str], ...] = ()


class IdempotencyStore(Protocol):
    async def recall(self, scope: str, key: str) -> Remembered | None: ...

    async def remember(self, scope: str, key: str, entry: Remembered) -> None: ...

    def lock(self, scope: str, key: str) -> AbstractAsyncContextManager[None]:
        """Held while one call with this key runs, so a concurrent retry waits for its answer."""
        ...


@dataclass
class MemoryIdempotencyStore:
    """Entries in this process's memory, forgotten after `ttl_seconds`."""

    ttl_seconds: float = DEFAULT_TTL_SECONDS
    clock: Callable[[], float] = time.monotonic
    _entries: dict[tuple[str, str], tuple[float, Remembered]] = field(default_factory=dict)
    _locks: dict[tuple[str, str], asyncio.Lock] = field(default_factory=dict)

    async def recall(self, scope: str, key: str) -> Remembered | None:
        found = self._entries.get((scope, key))
        if found is None:
            return None
        expires_at, entry = found
        if expires_at <= self.clock():
            del self._entries[(scope, key)]
            return None
        return entry

    async def remember(self, scope: str, key: str, entry: Remembered) -> None:
        self._forget_expired()
        self._entries[(scope, key)] = (self.clock() + self.ttl_seconds, entry)

    @asynccontextmanager
    async def lock(self, scope: str, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault((scope, key), asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            if not lock.locked() and self._locks.get((scope, key)) is lock:
                del self._locks[(scope, key)]

    def _forget_expired(self) -> None:
        now = self.clock()
        for slot in [slot for slot, (expires_at, _) in self._entries.items() if expires_at <= now]:
            del self._entries[slot]


def check_replay(entry: Remembered, fingerprint: str) -> Remembered:
    """`entry` when it was stored for the same arguments, else `InvalidRequest`."""
    if entry.fingerprint != fingerprint:
        raise InvalidRequest(
            "this idempotency_key was already used for a call with different arguments",
            hint="use a new idempotency_key for a new operation; reuse a key only to retry the same call",
        )
    return entry


def scope_of(tool: str, identity: tuple[str | None, int | None]) -> str:
    login, uid = identity
    return f"{uid}:{login}:{tool}"
