"""Where a server's change subscriptions meet: in this process, or in the replicas' shared Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mcp.server.subscriptions import InMemorySubscriptionBus, SubscriptionBus

from mcp_odoo.live.store import WatchStore

if TYPE_CHECKING:
    import redis.asyncio as aioredis

    from mcp_odoo.live.replicas import RedisSubscriptionBus

LEASE_INTERVALS = 3
"""A replica's watches and poll lease last this many poll intervals unrenewed."""


@dataclass
class SubscriptionBackend:
    """The bus the server announces changes on, and what the replicas share (None: one process)."""

    bus: SubscriptionBus
    store: WatchStore | None = None
    replicas: RedisSubscriptionBus | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Keep this replica on the shared channel while the server runs."""
        async with AsyncExitStack() as stack:
            if self.replicas is not None:
                await stack.enter_async_context(self.replicas.running())
            yield


def subscription_backend(
    redis: aioredis.Redis | None, *, url: str, db: str, interval_seconds: float
) -> SubscriptionBackend:
    """In this process without Redis; with it, shared by every replica serving the Odoo database at
    `url`/`db` (replicas of another database on the same Redis never hear these events)."""
    if redis is None:
        return SubscriptionBackend(InMemorySubscriptionBus())
    from mcp_odoo.live.replicas import RedisSubscriptionBus, RedisWatchStore, prefix_for

    prefix = prefix_for(url, db)
    replicas = RedisSubscriptionBus(redis, prefix=prefix)
    store = RedisWatchStore(redis, prefix=prefix, ttl_seconds=LEASE_INTERVALS * interval_seconds)
    return SubscriptionBackend(replicas, store, replicas)
