"""Per-identity rate limits: a budget of requests per window and a tighter budget of writes.

Windows are fixed (``window_seconds`` long, aligned on the clock), which makes the limit exact and
cheap to share: ``InMemoryRateLimiter`` for one process, ``RedisRateLimiter`` for replicas, whose
check-and-count is one Lua script so that concurrent replicas never over-admit. A write counts
against both budgets; a refused call counts against neither.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from mcp_odoo.redis_failures import redis_failures

if TYPE_CHECKING:
    import redis.asyncio as aioredis

Clock = Callable[[], float]


class Budget(StrEnum):
    REQUESTS = "requests"
    WRITES = "writes"


@dataclass(frozen=True)
class RateLimits:
    requests_per_window: int = 120
    writes_per_window: int = 20
    window_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.requests_per_window < 1 or self.writes_per_window < 1 or self.window_seconds <= 0:
            raise ValueError("rate limits must be positive")


@dataclass(frozen=True)
class Decision:
    """Whether a call may go on; when not, which budget ran out and when to try again."""

    allowed: bool
    retry_after_seconds: float = 0.0
    exhausted: Budget | None = None

    def refusal(self) -> str:
        """What to tell the caller of a refused call."""
        what = "write" if self.exhausted is Budget.WRITES else "request"
        wait = math.ceil(self.retry_after_seconds)
        return f"rate limit reached: this identity's {what} budget is spent; retry in {wait} s"


class RateLimiter(Protocol):
    async def check(self, identity: str, is_write: bool) -> Decision: ...


class RateLimiterUnavailable(Exception):
    """The shared counter store could not be reached, so no limit can be enforced."""


def _exhausted(requests: int, writes: int, limits: RateLimits, is_write: bool) -> Budget | None:
    if requests >= limits.requests_per_window:
        return Budget.REQUESTS
    if is_write and writes >= limits.writes_per_window:
        return Budget.WRITES
    return None


def _decision(exhausted: Budget | None, now: float, limits: RateLimits) -> Decision:
    if exhausted is None:
        return Decision(allowed=True)
    window_end = (math.floor(now / limits.window_seconds) + 1) * limits.window_seconds
    return Decision(allowed=False, retry_after_seconds=window_end - now, exhausted=exhausted)


@dataclass
class _Window:
    index: int
    requests: int = 0
    writes: int = 0


class InMemoryRateLimiter:
    """Counters in this process only: the default for a single server."""

    def __init__(self, limits: RateLimits, *, clock: Clock = time.time) -> None:
        self._limits = limits
        self._clock = clock
        self._windows: dict[str, _Window] = {}
        self._current_index: int | None = None

    async def check(self, identity: str, is_write: bool) -> Decision:
        now = self._clock()
        index = math.floor(now / self._limits.window_seconds)
        if index != self._current_index:
            self._windows = {key: window for key, window in self._windows.items() if window.index == index}
            self._current_index = index
        window = self._windows.setdefault(identity, _Window(index))
        exhausted = _exhausted(window.requests, window.writes, self._limits, is_write)
        if exhausted is None:
            window.requests += 1
            window.writes += int(is_write)
        return _decision(exhausted, now, self._limits)


_CHECK_AND_COUNT = """
local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
if requests >= tonumber(ARGV[1]) then return 1 end
if ARGV[3] == '1' then
  local writes = tonumber(redis.call('GET', KEYS[2]) or '0')
  if writes >= tonumber(ARGV[2]) then return 2 end
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0
"""
_VERDICTS = {0: None, 1: Budget.REQUESTS, 2: Budget.WRITES}


class RedisRateLimiter:
    """Counters in Redis, shared by every replica using the same ``prefix``.

    Keys are ``<prefix>:{<identity hash>}:<window>:requests|writes`` (one hash slot per identity, so the
    script also runs on Redis Cluster) and expire with their window. Replica clocks should agree
    (NTP): the window index comes from the caller's clock.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        limits: RateLimits,
        *,
        prefix: str = "mcp-odoo:ratelimit",
        clock: Clock = time.time,
    ) -> None:
        self._client = client
        self._limits = limits
        self._prefix = prefix
        self._clock = clock
        self._script = client.register_script(_CHECK_AND_COUNT)
        self._failures = redis_failures()

    def _keys(self, identity: str, index: int) -> list[str]:
        slot = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        base = f"{self._prefix}:{{{slot}}}:{index}"
        return [f"{base}:requests", f"{base}:writes"]

    async def check(self, identity: str, is_write: bool) -> Decision:
        now = self._clock()
        index = math.floor(now / self._limits.window_seconds)
        ttl_ms = math.ceil(self._limits.window_seconds * 1000) + 1000
        arguments = [self._limits.requests_per_window, self._limits.writes_per_window, int(is_write), ttl_ms]
        try:
            verdict = await self._script(keys=self._keys(identity, index), args=arguments)
        except self._failures as exc:
            raise RateLimiterUnavailable(
                f"rate-limit store unreachable: {type(exc).__name__}: {exc}"
            ) from None
        return _decision(_VERDICTS[int(verdict)], now, self._limits)
