"""Idempotency keys for write tools: a client that retries a call with the same key gets the first
answer back instead of a second record.

A key is scoped to one Odoo identity and one tool, and remembered with the fingerprint of the
call's arguments: the same key with other arguments is refused rather than silently replayed.
Only completed writes are remembered (a refused or failed call can be retried with the same key).
`IdempotencyStore` is the seam: `MemoryIdempotencyStore` keeps entries in this process,
`RedisIdempotencyStore` shares them (and the per-key lock) between replicas; both for `ttl_seconds`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from mcp_odoo.policy import InvalidRequest, PolicyError
from mcp_odoo.redis_failures import redis_failures

if TYPE_CHECKING:
    import redis.asyncio as aioredis

DEFAULT_TTL_SECONDS = 24 * 3600.0
KEY_ARGUMENT = "idempotency_key"


class IdempotencyUnavailable(PolicyError):
    """The shared idempotency store cannot be reached, or another call still holds the key."""

    kind = "idempotency_unavailable"
    retryable = True


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


_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisIdempotencyStore:
    """Entries in Redis, shared by every replica using the same ``prefix``, forgotten after `ttl_seconds`.

    The per-key lock is claimed atomically (``SET NX PX``) and released only by its owner; it expires
    after `lock_seconds`, so a replica that dies mid-call does not block the key forever. A call that
    waits longer than `wait_seconds` for the lock is refused as retryable.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        lock_seconds: float = 120.0,
        wait_seconds: float = 30.0,
        poll_seconds: float = 0.05,
        prefix: str = "mcp-odoo:idempotency",
    ) -> None:
        self._client = client
        self._ttl_ms = int(ttl_seconds * 1000)
        self._lock_ms = int(lock_seconds * 1000)
        self._wait_seconds = wait_seconds
        self._poll_seconds = poll_seconds
        self._prefix = prefix
        self._release = client.register_script(_RELEASE)
        self._failures = redis_failures()

    def _key(self, kind: str, scope: str, key: str) -> str:
        digest = hashlib.sha256(json.dumps([scope, key]).encode()).hexdigest()
        return f"{self._prefix}:{kind}:{digest}"

    async def recall(self, scope: str, key: str) -> Remembered | None:
        try:
            stored = await self._client.get(self._key("entry", scope, key))
        except self._failures as exc:
            raise _unreachable(exc) from None
        if stored is None:
            return None
        raw = json.loads(stored)
        links = tuple((str(model), int(record_id), str(name)) for model, record_id, name in raw["links"])
        return Remembered(raw["fingerprint"], raw["data"], raw["text"], links)

    async def remember(self, scope: str, key: str, entry: Remembered) -> None:
        raw = {"fingerprint": entry.fingerprint, "data": entry.data, "text": entry.text, "links": entry.links}
        try:
            stored = json.dumps(raw, default=str)
            await self._client.set(self._key("entry", scope, key), stored, px=self._ttl_ms)
        except self._failures as exc:
            raise _unreachable(exc) from None

    @asynccontextmanager
    async def lock(self, scope: str, key: str) -> AsyncIterator[None]:
        name, owner = self._key("lock", scope, key), secrets.token_hex(16)
        waited = 0.0
        try:
            while not await self._client.set(name, owner, nx=True, px=self._lock_ms):
                if waited >= self._wait_seconds:
                    raise IdempotencyUnavailable(
                        "another call with this idempotency_key is still running",
                        hint="retry the same call with the same idempotency_key in a moment",
                    )
                await asyncio.sleep(self._poll_seconds)
                waited += self._poll_seconds
        except self._failures as exc:
            raise _unreachable(exc) from None
        try:
            yield
        finally:
            with suppress(*self._failures):  # unreleased, the lock expires by itself after lock_seconds
                await self._release(keys=[name], args=[owner])


def _unreachable(error: Exception) -> IdempotencyUnavailable:
    return IdempotencyUnavailable(
        f"the idempotency store is unreachable ({type(error).__name__}); nothing was done",
        hint="retry the same call with the same idempotency_key in a moment",
    )


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
