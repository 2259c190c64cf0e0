"""Across replicas, through the real Redis: a change detected on one replica reaches a subscriber on
another, only one replica polls each Odoo identity (the lease), and it polls what every replica's
subscribers watch. Each test has its own channel and keys (`prefix`)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio
import pytest
import redis.asyncio as aioredis
from live_helpers import REDIS_URL, WAIT_SECONDS, LiveServer, Notifications, OdooUser, ServerFactory, at
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import (
    PromptsListChanged,
    ResourcesListChanged,
    ResourceUpdated,
    ServerEvent,
    ToolsListChanged,
)
from starlette.applications import Starlette

from mcp_odoo.live import OdooResourceUpdated
from mcp_odoo.live.events import event_from_wire, event_to_wire
from mcp_odoo.live.replicas import RedisSubscriptionBus, RedisWatchStore, prefix_for
from mcp_odoo.simulator.orm import Registry

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

PARTNER = "odoo://res.partner/9"
OTHER_PARTNER = "odoo://res.partner/10"
Replica = Callable[..., AbstractAsyncContextManager[LiveServer]]


@pytest.fixture
async def other_client() -> AsyncIterator[aioredis.Redis]:
    """The second replica's own connection to Redis."""
    client = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
    yield client
    await client.aclose()


@pytest.fixture
def replica(live_server: ServerFactory, prefix: str) -> Replica:
    """A server with the Redis bus and store (same simulator, same Redis prefix); polls by hand."""

    @asynccontextmanager
    async def open_replica(client: aioredis.Redis, **options: Any) -> AsyncIterator[LiveServer]:
        bus = RedisSubscriptionBus(client, prefix=prefix)
        store = RedisWatchStore(client, prefix=prefix, ttl_seconds=60)
        async with bus.running(), live_server(interval=3600, bus=bus, store=store, **options) as server:
            with anyio.fail_after(WAIT_SECONDS):
                await bus.listening()
            yield server

    return open_replica


class Heard:
    """A bus listener keeping what it heard."""

    def __init__(self) -> None:
        self.events: list[ServerEvent] = []
        self._arrived = anyio.Event()

    def __call__(self, event: ServerEvent) -> None:
        self.events.append(event)
        self._arrived.set()

    async def wait_for(self, event: ServerEvent) -> None:
        with anyio.fail_after(WAIT_SECONDS):
            while event not in self.events:
                self._arrived = anyio.Event()
                await self._arrived.wait()


async def test_an_event_published_on_one_replica_reaches_a_listener_on_the_other(
    redis_client: aioredis.Redis, other_client: aioredis.Redis, prefix: str
) -> None:
    first, second = (
        RedisSubscriptionBus(redis_client, prefix=prefix),
        RedisSubscriptionBus(other_client, prefix=prefix),
    )
    heard = Heard()
    second.subscribe(heard)
    async with first.running(), second.running():
        await second.listening()
        await first.publish(OdooResourceUpdated(PARTNER, "shared"))
        await heard.wait_for(OdooResourceUpdated(PARTNER, "shared"))
    assert heard.events == [OdooResourceUpdated(PARTNER, "shared")]


async def test_a_replica_hears_its_own_events_once(
    redis_client: aioredis.Redis, other_client: aioredis.Redis, prefix: str
) -> None:
    first, second = (
        RedisSubscriptionBus(redis_client, prefix=prefix),
        RedisSubscriptionBus(other_client, prefix=prefix),
    )
    heard = Heard()
    first.subscribe(heard)
    async with first.running(), second.running():
        await first.listening()
        await first.publish(ResourceUpdated(PARTNER))
        await second.publish(ToolsListChanged())
        await heard.wait_for(ToolsListChanged())
    assert heard.events == [ResourceUpdated(PARTNER), ToolsListChanged()]


@pytest.mark.parametrize(
    "event",
    [
        OdooResourceUpdated(PARTNER, "subject:abc"),
        ResourceUpdated(PARTNER),
        ToolsListChanged(),
        PromptsListChanged(),
        ResourcesListChanged(),
    ],
)
def test_every_event_crosses_between_replicas_as_it_was(event: ServerEvent) -> None:
    crossed = event_from_wire(event_to_wire(event))
    assert crossed == event
    assert type(crossed) is type(event)


def test_a_message_that_is_no_event_is_ignored() -> None:
    assert event_from_wire({"kind": "resource_updated"}) is None
    assert event_from_wire({"kind": "something_new"}) is None
    assert event_from_wire(["resource_updated"]) is None


async def test_one_replica_at_a_time_holds_the_lease_of_an_identity(
    redis_client: aioredis.Redis, other_client: aioredis.Redis, prefix: str
) -> None:
    first = RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=60)
    second = RedisWatchStore(other_client, prefix=prefix, ttl_seconds=60)
    assert await first.lease("shared")
    assert not await second.lease("shared")
    assert await first.lease("shared"), "the holder renews it"
    await second.release("shared")
    assert not await second.lease("shared"), "only the holder gives it up"
    await first.release("shared")
    assert await second.lease("shared")
    assert not await first.lease("shared")
    assert await first.lease("another identity")


async def test_replicas_racing_for_a_lease_get_one_holder(redis_client: aioredis.Redis, prefix: str) -> None:
    stores = [RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=60) for _ in range(8)]
    granted: list[bool] = []

    async def race(store: RedisWatchStore) -> None:
        granted.append(await store.lease("shared"))

    async with anyio.create_task_group() as group:
        for store in stores:
            group.start_soon(race, store)
    assert sorted(granted) == [False] * 7 + [True]


async def test_a_lease_not_renewed_passes_to_another_replica(
    redis_client: aioredis.Redis, other_client: aioredis.Redis, prefix: str
) -> None:
    """The lease lapses in Redis's own time (no clock to move): half a second, not 50 ms, between the first
    lease and the refused one leaves a loaded machine room; a sleep never ends early, so the take-over holds.
    """
    stopped = RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=0.5)
    taking_over = RedisWatchStore(other_client, prefix=prefix, ttl_seconds=0.5)
    assert await stopped.lease("shared")
    assert not await taking_over.lease("shared")
    await anyio.sleep(0.6)
    assert await taking_over.lease("shared")


async def test_the_watches_of_a_replica_that_stopped_lapse(redis_client: aioredis.Redis, prefix: str) -> None:
    stopped = RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=60, clock=lambda: time.time() - 120)
    running = RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=60)
    await stopped.watch("shared", [PARTNER])
    await running.watch("shared", [OTHER_PARTNER])
    assert await running.watched("shared") == {OTHER_PARTNER}


async def test_a_uri_watched_by_two_replicas_stays_watched_until_both_let_go(
    redis_client: aioredis.Redis, other_client: aioredis.Redis, prefix: str
) -> None:
    first = RedisWatchStore(redis_client, prefix=prefix, ttl_seconds=60)
    second = RedisWatchStore(other_client, prefix=prefix, ttl_seconds=60)
    await first.watch("shared", [PARTNER])
    await second.watch("shared", [PARTNER, OTHER_PARTNER])
    await first.unwatch("shared", [PARTNER])
    assert await first.watched("shared") == {PARTNER, OTHER_PARTNER}
    await second.unwatch("shared", [PARTNER])
    assert await first.watched("shared") == {OTHER_PARTNER}


async def test_a_change_detected_on_one_replica_reaches_a_2025_subscriber_on_the_other(
    replica: Replica,
    redis_client: aioredis.Redis,
    other_client: aioredis.Redis,
    app: Starlette,
    registry: Registry,
) -> None:
    notes = Notifications()
    async with (
        replica(redis_client) as serving,
        replica(other_client) as polling,
        Client(serving.mcp, mode="legacy", message_handler=notes.handler) as subscriber,
        Client(polling.mcp, mode="legacy") as other_subscriber,
    ):
        await other_subscriber.subscribe_resource(OTHER_PARTNER)
        assert await polling.live.poll_once() == [], "the polling replica takes the lease"
        await subscriber.subscribe_resource(PARTNER)
        at(registry, seconds=1)
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 03 01"})
        before = serving.polls()
        assert await serving.live.poll_once() == []
        assert serving.polls() == before, "the replica without the lease sends Odoo nothing"
        assert await polling.live.poll_once() == [PARTNER]
        await notes.wait_for(PARTNER)
    assert notes.uris == [PARTNER]


async def test_a_change_detected_on_one_replica_reaches_a_listen_stream_on_the_other(
    replica: Replica,
    redis_client: aioredis.Redis,
    other_client: aioredis.Redis,
    app: Starlette,
    registry: Registry,
) -> None:
    async with (
        replica(redis_client) as serving,
        replica(other_client) as polling,
        Client(polling.mcp, mode="auto") as other_client_session,
        other_client_session.listen(resource_subscriptions=[OTHER_PARTNER]),
        Client(serving.mcp, mode="auto") as client,
    ):
        assert await polling.live.poll_once() == []
        async with client.listen(resource_subscriptions=[PARTNER]) as stream:
            at(registry, seconds=1)
            await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 03 02"})
            assert await serving.live.poll_once() == []
            assert await polling.live.poll_once() == [PARTNER]
            with anyio.fail_after(WAIT_SECONDS):
                event = await anext(stream)
    assert event == ResourceUpdated(PARTNER)


async def test_a_replica_taking_over_the_lease_compares_with_what_the_other_saw(
    replica: Replica,
    redis_client: aioredis.Redis,
    other_client: aioredis.Redis,
    app: Starlette,
    registry: Registry,
) -> None:
    notes = Notifications()
    async with (
        replica(redis_client) as staying,
        replica(other_client) as leaving,
        Client(staying.mcp, mode="legacy", message_handler=notes.handler) as subscriber,
    ):
        async with Client(leaving.mcp, mode="legacy") as leaving_subscriber:
            await leaving_subscriber.subscribe_resource(PARTNER)
            assert await leaving.live.poll_once() == []
            await subscriber.subscribe_resource(PARTNER)
            assert await staying.live.poll_once() == []
        assert await leaving.live.poll_once() == [], "nothing watched there any more: the lease is given up"
        at(registry, seconds=1)
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 03 03"})
        assert await staying.live.poll_once() == [PARTNER]
        await notes.wait_for(PARTNER)


async def test_subscribing_while_redis_is_down_is_a_clear_error(
    live_server: ServerFactory, prefix: str
) -> None:
    unreachable = aioredis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    store = RedisWatchStore(unreachable, prefix=prefix, ttl_seconds=60)
    try:
        async with live_server(store=store) as server, Client(server.mcp, mode="legacy") as client:
            with pytest.raises(MCPError, match="subscriptions are unavailable right now"):
                await client.subscribe_resource(PARTNER)
            assert await server.live.poll_once() == []
    finally:
        await unreachable.aclose()


def test_each_odoo_database_has_its_own_prefix() -> None:
    production = prefix_for("https://erp.example.com/", "production")
    assert production == prefix_for("https://erp.example.com", "production")
    assert production != prefix_for("https://erp.example.com", "staging")
    assert production.startswith("mcp-odoo:live:")
