"""Change subscriptions across replicas, through Redis.

- `RedisSubscriptionBus`: the SDK's `SubscriptionBus` over Redis pub/sub. An event is delivered to this
  replica's listeners at once and published on one channel; every other replica's listener task hears
  it and delivers it to its own listeners (a replica ignores its own messages). Fire and forget, like
  the SDK: a replica that is not listening at that moment misses the event (its clients re-listen and
  refetch).
- `RedisWatchStore`: the `WatchStore` replicas share. Per identity, a sorted set of "replica URI"
  members scored by expiry (each replica renews its own every interval, a crashed replica's lapse), a
  hash of the fingerprints last seen, and the lease: ``SET NX PX`` taken by the replica that polls,
  renewed by it every interval (``PEXPIRE`` while it still holds it), so one replica polls each
  identity and another takes over within the lease's time when it stops.

Keys (``prefix``: `prefix_for` the Odoo database, so that two databases on one Redis stay apart;
identities are opaque keys, never subjects):
``{prefix}:events`` channel, ``{prefix}:watch:{identity}``, ``{prefix}:seen:{identity}``,
``{prefix}:lease:{identity}``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from mcp.server.subscriptions import InMemorySubscriptionBus
from mcp.shared.subscriptions import ServerEvent

from mcp_odoo.redis_failures import redis_failures

from .events import event_from_wire, event_to_wire
from .store import StoreUnavailable
from .turns import TakeTurns

if TYPE_CHECKING:
    import redis.asyncio as aioredis

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "mcp-odoo:live"
LISTEN_POLL_SECONDS = 1.0
"""How long one wait for a message lasts (the listener loops; it never blocks on a socket timeout)."""
RECONNECT_SECONDS = 1.0
SEEN_TTL_FACTOR = 10
"""Fingerprints outlive the watches by this factor, so a lease handed over late still compares."""

_LEASE = """
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then
    redis.call('pexpire', KEYS[1], ARGV[2])
    return 1
end
if not holder then
    redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
    return 1
end
return 0
"""
"""SET NX PX when nobody holds the lease, PEXPIRE when this replica does: one atomic round trip."""

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


def prefix_for(url: str, db: str) -> str:
    """The key prefix of one Odoo database: replicas serving the same database share it, servers of
    different databases on one Redis never hear each other's events (URIs and identity keys do not
    name the database)."""
    digest = hashlib.sha256(f"{url.rstrip('/')}\n{db}".encode()).hexdigest()[:16]
    return f"{DEFAULT_PREFIX}:{digest}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisSubscriptionBus:
    """A `SubscriptionBus` whose events reach the listeners of every replica on the same channel.

    Enter `running()` in the server's lifespan: it keeps the replica subscribed to the channel.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        reconnect_seconds: float = RECONNECT_SECONDS,
    ) -> None:
        self._client = client
        self.channel = f"{prefix}:events"
        self._origin = secrets.token_hex(8)
        self._local = InMemorySubscriptionBus()
        self._reconnect_seconds = reconnect_seconds
        self._failures = redis_failures()
        self._turns = TakeTurns(self._listen_forever)
        self._listening: anyio.Event | None = None

    async def publish(self, event: ServerEvent) -> None:
        await self._local.publish(event)
        message = json.dumps({"origin": self._origin, **event_to_wire(event)})
        try:
            await self._client.publish(self.channel, message)
        except self._failures as exc:
            logger.warning("change event not sent to the other replicas (%s): %s", type(exc).__name__, exc)

    def subscribe(self, listener: Callable[[ServerEvent], None]) -> Callable[[], None]:
        return self._local.subscribe(listener)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Hear the other replicas while open."""
        async with self._turns.running():
            yield

    async def listening(self) -> None:
        """Return once this replica is subscribed to the channel (what follows is heard)."""
        if self._listening is None:
            self._listening = anyio.Event()
        await self._listening.wait()

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen()
            except self._failures as exc:
                logger.warning("change events from other replicas: Redis lost (%s), reconnecting", exc)
            await anyio.sleep(self._reconnect_seconds)

    async def _listen(self) -> None:
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            if self._listening is None:
                self._listening = anyio.Event()
            self._listening.set()
            while True:
                message = await pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=LISTEN_POLL_SECONDS
                )
                if message is not None:
                    await self._receive(message.get("data"))
        finally:
            if self._listening is not None and self._listening.is_set():
                self._listening = None
            with anyio.move_on_after(LISTEN_POLL_SECONDS, shield=True):
                await pubsub.aclose()

    async def _receive(self, data: Any) -> None:
        try:
            decoded = json.loads(_text(data))
        except ValueError:
            return
        if not isinstance(decoded, dict) or decoded.get("origin") == self._origin:
            return
        event = event_from_wire(decoded)
        if event is not None:
            await self._local.publish(event)


class RedisWatchStore:
    """The `WatchStore` shared by replicas (see the module docstring).

    `ttl_seconds` is how long a replica's watches and lease last unrenewed: a few poll intervals
    (``3 * interval``), so a replica that stops is replaced soon and one slow poll does not lose it.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        ttl_seconds: float,
        prefix: str = DEFAULT_PREFIX,
        replica: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        self._client = client
        self._prefix = prefix
        self.replica = replica or secrets.token_hex(8)
        self._ttl_ms = max(int(ttl_seconds * 1000), 1)
        self._clock = clock
        self._failures = redis_failures()
        self._lease = client.register_script(_LEASE)
        self._release = client.register_script(_RELEASE)

    def _key(self, kind: str, identity: str) -> str:
        return f"{self._prefix}:{kind}:{identity}"

    def _member(self, uri: str) -> str:
        return f"{self.replica}\n{uri}"

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    @asynccontextmanager
    async def _answering(self) -> AsyncIterator[None]:
        try:
            yield
        except self._failures as exc:
            raise StoreUnavailable(f"Redis: {type(exc).__name__}: {exc}") from exc

    async def _add(self, identity: str, uris: Collection[str]) -> None:
        key = self._key("watch", identity)
        expiry = self._now_ms() + self._ttl_ms
        async with self._answering(), self._client.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {self._member(uri): expiry for uri in uris})
            pipe.pexpire(key, self._ttl_ms)
            await pipe.execute()

    async def watch(self, identity: str, uris: Collection[str]) -> None:
        if uris:
            await self._add(identity, uris)

    async def renew(self, identity: str, uris: Collection[str]) -> None:
        if uris:
            await self._add(identity, uris)

    async def unwatch(self, identity: str, uris: Collection[str]) -> None:
        if uris:
            async with self._answering():
                await self._client.zrem(self._key("watch", identity), *[self._member(uri) for uri in uris])

    async def watched(self, identity: str) -> set[str]:
        key = self._key("watch", identity)
        async with self._answering(), self._client.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(key, "-inf", self._now_ms())
            pipe.zrange(key, 0, -1)
            _, members = await pipe.execute()
        return {_text(member).split("\n", 1)[1] for member in members if "\n" in _text(member)}

    async def seen(self, identity: str) -> dict[str, str]:
        key = self._key("seen", identity)
        async with self._answering(), self._client.pipeline(transaction=False) as pipe:
            pipe.hgetall(key)
            pipe.pexpire(key, self._ttl_ms * SEEN_TTL_FACTOR)
            found, _ = await pipe.execute()
        return {_text(uri): _text(fingerprint) for uri, fingerprint in found.items()}

    async def remember(
        self,
        identity: str,
        fingerprints: Mapping[str, str],
        *,
        only_new: bool = False,
        forget: Collection[str] = (),
    ) -> None:
        if not fingerprints and not forget:
            return
        key = self._key("seen", identity)
        async with self._answering(), self._client.pipeline(transaction=False) as pipe:
            if only_new:
                for uri, fingerprint in fingerprints.items():
                    pipe.hsetnx(key, uri, fingerprint)
            elif fingerprints:
                values: dict[Any, Any] = dict(fingerprints)
                pipe.hset(key, mapping=values)
            if forget:
                pipe.hdel(key, *forget)
            pipe.pexpire(key, self._ttl_ms * SEEN_TTL_FACTOR)
            await pipe.execute()

    async def lease(self, identity: str) -> bool:
        async with self._answering():
            held = await self._lease(keys=[self._key("lease", identity)], args=[self.replica, self._ttl_ms])
        return bool(held)

    async def release(self, identity: str) -> None:
        async with self._answering():
            await self._release(keys=[self._key("lease", identity)], args=[self.replica])
