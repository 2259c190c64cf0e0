"""Per-identity rate limits, in memory and in Redis (shared by replicas)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis
from http_test_support import unused_port
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from fakes import FakeClock
from mcp_odoo.http.ratelimit import (
    Budget,
    Decision,
    InMemoryRateLimiter,
    RateLimiter,
    RateLimiterUnavailable,
    RateLimits,
    RedisRateLimiter,
)

LIMITS = RateLimits(requests_per_window=5, writes_per_window=2, window_seconds=60)
WINDOW_START = 60_000.0

MakeLimiter = Callable[[], RateLimiter]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WINDOW_START)


@pytest.fixture
async def redis_prefix(redis_client: aioredis.Redis) -> AsyncIterator[str]:
    prefix = f"mcp-odoo-test:{secrets.token_hex(6)}"
    yield prefix
    keys = [key async for key in redis_client.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis_client.delete(*keys)


@pytest.fixture(params=["memory", "redis"])
def make_limiter(request: pytest.FixtureRequest, clock: FakeClock) -> MakeLimiter:
    """Builds limiters that share their counters (one process, or one Redis) and the test's clock."""
    if request.param == "memory":
        shared = InMemoryRateLimiter(LIMITS, clock=clock)
        return lambda: shared
    client: aioredis.Redis = request.getfixturevalue("redis_client")
    prefix: str = request.getfixturevalue("redis_prefix")
    return lambda: RedisRateLimiter(client, LIMITS, prefix=prefix, clock=clock)


async def run(limiter: RateLimiter, identity: str, calls: int, *, is_write: bool = False) -> list[Decision]:
    return [await limiter.check(identity, is_write) for _ in range(calls)]


async def test_requests_within_the_budget_are_allowed(make_limiter: MakeLimiter) -> None:
    decisions = await run(make_limiter(), "alice", 5)
    assert all(decision.allowed for decision in decisions)


async def test_request_over_the_budget_is_refused(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 5)
    decision = await limiter.check("alice", is_write=False)
    assert (decision.allowed, decision.exhausted) == (False, Budget.REQUESTS)


async def test_refusal_says_when_the_window_ends(make_limiter: MakeLimiter, clock: FakeClock) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 5)
    clock.advance(15)
    decision = await limiter.check("alice", is_write=False)
    assert decision.retry_after_seconds == pytest.approx(45)


async def test_refusal_message_names_the_budget_and_the_wait(
    make_limiter: MakeLimiter, clock: FakeClock
) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 2, is_write=True)
    clock.advance(15.5)
    decision = await limiter.check("alice", is_write=True)
    assert decision.refusal() == "rate limit reached: this identity's write budget is spent; retry in 45 s"


async def test_budget_returns_in_the_next_window(make_limiter: MakeLimiter, clock: FakeClock) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 6)
    clock.advance(60)
    assert (await limiter.check("alice", is_write=False)).allowed


async def test_identities_have_separate_budgets(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 6)
    assert (await limiter.check("bob", is_write=False)).allowed


async def test_writes_have_a_tighter_budget(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 2, is_write=True)
    decision = await limiter.check("alice", is_write=True)
    assert (decision.allowed, decision.exhausted) == (False, Budget.WRITES)


async def test_reads_go_on_when_the_write_budget_is_spent(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 3, is_write=True)
    assert (await limiter.check("alice", is_write=False)).allowed


async def test_writes_count_against_the_request_budget(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 2, is_write=True)
    decisions = await run(limiter, "alice", 4)
    assert [decision.allowed for decision in decisions] == [True, True, True, False]


async def test_refused_calls_do_not_use_up_the_next_window(
    make_limiter: MakeLimiter, clock: FakeClock
) -> None:
    limiter = make_limiter()
    await run(limiter, "alice", 20)
    clock.advance(60)
    decisions = await run(limiter, "alice", 5)
    assert all(decision.allowed for decision in decisions)


async def test_two_redis_limiters_enforce_one_global_limit(
    redis_client: aioredis.Redis, redis_url: str, redis_prefix: str, clock: FakeClock
) -> None:
    second_client = aioredis.Redis.from_url(redis_url)
    replicas = [
        RedisRateLimiter(client, LIMITS, prefix=redis_prefix, clock=clock)
        for client in (redis_client, second_client)
    ]
    decisions = await asyncio.gather(*(replicas[turn % 2].check("alice", False) for turn in range(20)))
    await second_client.aclose()
    assert sum(decision.allowed for decision in decisions) == LIMITS.requests_per_window


async def test_unreachable_redis_is_a_clear_failure(clock: FakeClock) -> None:
    client = aioredis.Redis(host="127.0.0.1", port=unused_port(), retry=Retry(NoBackoff(), retries=0))
    limiter = RedisRateLimiter(client, LIMITS, clock=clock)
    with pytest.raises(RateLimiterUnavailable, match="rate-limit store unreachable"):
        await limiter.check("alice", is_write=False)
    await client.aclose()


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        RateLimits(requests_per_window=0)
