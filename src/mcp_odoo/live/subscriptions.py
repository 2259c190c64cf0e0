"""Change subscriptions on both protocol eras, fed by one batched poll per Odoo identity and interval.

    2025 era    resources/subscribe, resources/unsubscribe  ─┐
    2026-07-28  subscriptions/listen (its resource URIs)     ─┴▶ LiveSubscriptions.acquire / release
                                                                  (per identity: URIs, cap, baseline)
    poll loop, every `interval`, per identity with subscribers here:
        WatchStore.renew ▶ lease? ▶ watched URIs of every replica ▶ observe (one search_read per
        model and per saved query) ▶ compare with what was last seen ▶ OdooResourceUpdated on the bus
    SubscriptionBus ─▶ listen streams of that identity (the SDK's ListenHandler, behind a filter)
                    └▶ 2025 sessions that subscribed the URI as that identity (their standalone stream)

The bus is the SDK's seam: `InMemorySubscriptionBus` in one process, `RedisSubscriptionBus` across
replicas (with `RedisWatchStore`, so only one replica polls each identity and it polls what every
replica's subscribers watch). Nothing is announced that the subscriber's own Odoo user cannot read:
polls run through that identity's policy gateway, and an event reaches only that identity.

A subscription takes effect when the subscribe (or listen) request is answered: it reads the new
targets' ``write_date`` once (one request per model) unless another subscription already watches them,
so a change made after the answer is announced even before the next poll.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp.server import MCPServer
from mcp.server.connection import Connection
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel.server import Server
from mcp.server.subscriptions import ListenHandler, SubscriptionBus
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ResourceUpdated, ServerEvent
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    EmptyResult,
    SubscribeRequestParams,
    SubscriptionsListenRequestParams,
    SubscriptionsListenResult,
    UnsubscribeRequestParams,
)

from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.echo import echo
from mcp_odoo.policy import PolicyError

from .events import OdooResourceUpdated, visible_to
from .identities import Identity, IdentityResolver, shared_identity
from .observe import Now, Today, changes, observe, utc_now, utc_today
from .query_resources import register_saved_queries
from .store import MemoryWatchStore, StoreUnavailable, WatchStore
from .targets import SavedQuery, Target, parse_target
from .turns import TakeTurns

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 30.0
DEFAULT_CAP = 100
"""Subscriptions (distinct URIs) per Odoo identity, over every replica."""
DEFAULT_QUERY_CAP = 200
"""Records a saved query is watched over (newest change first)."""
CONCURRENT_POLLS = 8
"""Identities polled at the same time: bounds the load one server puts on Odoo at each interval."""
STORE_CLEANUP_SECONDS = 5.0
"""How long a closing subscription may spend telling the store, however it was cancelled."""
WATCHABLE = "odoo://{model}/{id}, odoo://{model}/{id}/document or a saved query odoo://query/{name}"

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class _IdentityView:
    """The bus as one identity's listen stream sees it: events of other identities left out."""

    def __init__(self, bus: SubscriptionBus, identity: str) -> None:
        self._bus = bus
        self._identity = identity

    async def publish(self, event: ServerEvent) -> None:
        await self._bus.publish(event)

    def subscribe(self, listener: Callable[[ServerEvent], None]) -> Callable[[], None]:
        identity = self._identity

        def deliver(event: ServerEvent) -> None:
            if visible_to(event, identity):
                listener(event)

        return self._bus.subscribe(deliver)


@dataclass
class _LegacySubscriber:
    """One 2025-era connection's subscriptions: URI -> the identity it subscribed as."""

    connection: Connection
    uris: dict[str, Identity] = field(default_factory=dict)


def _connection_of(ctx: ServerRequestContext[Any, Any]) -> Connection | None:
    """The request's connection: its standalone stream carries 2025-era notifications, and its exit
    stack says when it closes. The SDK exposes neither on the request context yet (its Context
    rework, TODO L54, will), so this is the one place that reads the session's private attribute."""
    connection = getattr(ctx.session, "_connection", None)
    return connection if isinstance(connection, Connection) else None


Admission = Callable[[ServerRequestContext[Any, Any]], Awaitable[None]]
"""What a subscribing request must pass first; raises `MCPError` to refuse it."""


async def transport_admission(ctx: ServerRequestContext[Any, Any]) -> None:
    """The transport's call guard, as for a resource read: on HTTP the token's read scope and the
    caller's rate limit (a subscription costs Odoo a read); nothing on stdio."""
    runtime = ctx.lifespan_context
    if not isinstance(runtime, Runtime) or runtime.guard is None:
        return
    try:
        await runtime.guard.admit(writes=False)
    except PolicyError as exc:
        raise MCPError(INVALID_REQUEST, f"{exc.message} (hint: {exc.hint})") from None


def lowlevel_server(mcp: MCPServer[Any]) -> Server[Any]:
    """The SDK's low-level server under `mcp`: the only public way to register request handlers
    (the SDK's own in-memory transport reads the same attribute, "TODO: make lowlevel_server public")."""
    server: Server[Any] = mcp._lowlevel_server
    return server


class LiveSubscriptions:
    """The change subscriptions of one server (see the module docstring)."""

    def __init__(
        self,
        *,
        bus: SubscriptionBus,
        store: WatchStore | None = None,
        identities: IdentityResolver = shared_identity,
        admission: Admission = transport_admission,
        queries: Sequence[SavedQuery] = (),
        interval: float = DEFAULT_INTERVAL_SECONDS,
        cap: int = DEFAULT_CAP,
        query_cap: int = DEFAULT_QUERY_CAP,
        max_streams: int = 1024,
        max_buffered_events: int = 1024,
        sleep: Sleep = anyio.sleep,
        clock: Clock = time.monotonic,
        today: Today = utc_today,
        now: Now = utc_now,
    ) -> None:
        if interval <= 0 or cap < 1 or query_cap < 1:
            raise ValueError("interval, cap and query_cap must be positive")
        self.bus = bus
        self.store: WatchStore = store if store is not None else MemoryWatchStore()
        self.queries: dict[str, SavedQuery] = {query.name: query for query in queries}
        self.interval = interval
        self.cap = cap
        self.query_cap = query_cap
        self._identities_of = identities
        self._admission = admission
        self._max_streams = max_streams
        self._max_buffered = max_buffered_events
        self._sleep = sleep
        self._clock = clock
        self._today = today
        self._now = now
        self._local: dict[str, Counter[str]] = {}
        self._identities: dict[str, Identity] = {}
        self._leased: set[str] = set()
        self._legacy: dict[int, _LegacySubscriber] = {}
        self._pending: set[tuple[int, str]] = set()
        self._outbox, self._outbox_out = anyio.create_memory_object_stream[tuple[int, str]](
            max_buffered_events
        )
        self._streams: set[ListenHandler] = set()
        self.rounds = 0
        """Poll rounds run so far (by the loop or by hand)."""
        self._turns = TakeTurns(self._run)
        self._unsubscribe_bus = bus.subscribe(self._to_legacy_subscribers)

    # -- what is watched ----------------------------------------------------------------------------
    def target(self, uri: str) -> Target | None:
        return parse_target(uri, self.queries)

    def watched_here(self, identity: str) -> set[str]:
        """The URIs subscribers on this replica watch as `identity`."""
        return {uri for uri, count in self._local.get(identity, Counter()).items() if count > 0}

    async def acquire(self, identity: Identity, uris: Iterable[str]) -> None:
        """Subscribe as `identity` to `uris` (targets only): refused beyond the cap; the new ones are
        read once so a change from now on is announced."""
        wanted = [uri for uri in dict.fromkeys(uris) if self.target(uri) is not None]
        if not wanted:
            return
        counts = self._local.setdefault(identity.key, Counter())
        fresh = [uri for uri in wanted if counts[uri] == 0]
        try:
            if fresh:
                watched = await self.store.watched(identity.key)
                if len(watched | set(fresh)) > self.cap:
                    raise MCPError(
                        INVALID_REQUEST,
                        f"at most {self.cap} subscriptions per Odoo user on this server: unsubscribe from "
                        "some first",
                    )
                await self.store.watch(identity.key, fresh)
            counts.update(wanted)
            self._identities[identity.key] = identity
            if fresh:
                await self._baseline(identity, fresh)
        except StoreUnavailable as exc:
            raise MCPError(
                INTERNAL_ERROR, f"subscriptions are unavailable right now ({exc}); retry"
            ) from None

    async def release(self, identity: Identity, uris: Iterable[str]) -> None:
        """Drop one subscription of `identity` to each of `uris`."""
        counts = self._local.get(identity.key)
        if counts is None:
            return
        gone = []
        for uri in dict.fromkeys(uris):
            if counts[uri] > 0:
                counts[uri] -= 1
                if counts[uri] == 0:
                    del counts[uri]
                    gone.append(uri)
        if not counts:
            self._local.pop(identity.key, None)
            self._identities.pop(identity.key, None)
        if not gone:
            return
        try:
            await self.store.unwatch(identity.key, gone)
            still = await self.store.watched(identity.key)
            await self.store.remember(identity.key, {}, forget=[uri for uri in gone if uri not in still])
        except StoreUnavailable as exc:
            logger.warning("change subscriptions: could not release %d URIs: %s", len(gone), exc)

    async def _baseline(self, identity: Identity, uris: list[str]) -> None:
        seen = await self.store.seen(identity.key)
        targets = [target for uri in uris if uri not in seen and (target := self.target(uri)) is not None]
        if not targets:
            return
        gateway = await identity.gateway()
        observed = await observe(gateway, targets, query_cap=self.query_cap, today=self._today)
        now = self._now()
        baseline = {uri: observation.stored(now) for uri, observation in observed.items()}
        await self.store.remember(identity.key, baseline, only_new=True)

    # -- polling ------------------------------------------------------------------------------------
    async def poll_once(self) -> list[str]:
        """One round: each identity with subscribers here is polled, if this replica holds its lease.
        Returns the URIs announced (for any identity)."""
        self.rounds += 1
        for key in sorted(self._leased - set(self._identities)):
            self._leased.discard(key)
            try:
                await self.store.release(key)
            except StoreUnavailable as exc:
                logger.warning("change subscriptions: lease not released: %s", exc)
        announced: list[str] = []
        limiter = anyio.CapacityLimiter(CONCURRENT_POLLS)
        async with anyio.create_task_group() as group:
            for identity in list(self._identities.values()):
                group.start_soon(self._poll_limited, limiter, identity, announced)
        return sorted(announced)

    async def _poll_limited(
        self, limiter: anyio.CapacityLimiter, identity: Identity, announced: list[str]
    ) -> None:
        async with limiter:
            try:
                announced.extend(await self.poll_identity(identity))
            except StoreUnavailable as exc:
                logger.warning("change subscriptions: store unavailable, poll skipped: %s", exc)
            except Exception:
                logger.exception("change subscriptions: poll failed")

    async def poll_identity(self, identity: Identity) -> list[str]:
        """Poll `identity`'s watched targets (if this replica holds its lease); returns the URIs
        announced as changed."""
        key = identity.key
        await self.store.renew(key, self.watched_here(key))
        if not await self.store.lease(key):
            self._leased.discard(key)
            return []
        self._leased.add(key)
        watched = await self.store.watched(key)
        seen = await self.store.seen(key)
        targets = [target for uri in sorted(watched) if (target := self.target(uri)) is not None]
        observed = await observe(
            await identity.gateway(), targets, query_cap=self.query_cap, today=self._today
        )
        changed, news = changes(seen, observed, self._now())
        forgotten = [uri for uri in seen if uri not in watched]
        if news or forgotten:
            await self.store.remember(key, news, forget=forgotten)
        for uri in changed:
            await self.bus.publish(OdooResourceUpdated(uri, key))
        return changed

    async def _poll_forever(self) -> None:
        while True:
            started = self._clock()
            await self.poll_once()
            await self._sleep(max(0.0, self.interval - (self._clock() - started)))

    # -- 2025 era: resources/subscribe --------------------------------------------------------------
    async def subscribe(
        self, ctx: ServerRequestContext[Any, Any], params: SubscribeRequestParams
    ) -> EmptyResult:
        uri = params.uri
        if self.target(uri) is None:
            raise MCPError(INVALID_PARAMS, f"{echo(uri)} cannot be watched: subscribe to {WATCHABLE}")
        connection = _connection_of(ctx)
        if connection is None or not connection.has_standalone_channel:
            raise MCPError(
                INVALID_REQUEST,
                "this connection cannot receive notifications: keep a session open (not stateless HTTP)",
            )
        await self._admission(ctx)
        identity = await self._identities_of(ctx)
        subscriber = self._legacy.get(id(connection))
        if subscriber is None:
            subscriber = self._legacy[id(connection)] = _LegacySubscriber(connection)
            connection.exit_stack.push_async_callback(self._connection_closed, id(connection))
        previous = subscriber.uris.get(uri)
        if previous is not None and previous.key == identity.key:
            return EmptyResult()
        await self.acquire(identity, [uri])
        subscriber.uris[uri] = identity
        if previous is not None:
            await self.release(previous, [uri])
        return EmptyResult()

    async def unsubscribe(
        self, ctx: ServerRequestContext[Any, Any], params: UnsubscribeRequestParams
    ) -> EmptyResult:
        connection = _connection_of(ctx)
        subscriber = self._legacy.get(id(connection)) if connection is not None else None
        identity = subscriber.uris.pop(params.uri, None) if subscriber is not None else None
        if identity is not None:
            await self.release(identity, [params.uri])
        return EmptyResult()

    async def _connection_closed(self, connection_id: int) -> None:
        subscriber = self._legacy.pop(connection_id, None)
        if subscriber is None:
            return
        with anyio.move_on_after(STORE_CLEANUP_SECONDS, shield=True):
            for uri, identity in subscriber.uris.items():
                await self.release(identity, [uri])

    def _to_legacy_subscribers(self, event: ServerEvent) -> None:
        """Bus listener: queue the event for each 2025-era connection that subscribed its URI."""
        if not isinstance(event, ResourceUpdated):
            return
        for connection_id, subscriber in list(self._legacy.items()):
            identity = subscriber.uris.get(event.uri)
            pending = (connection_id, event.uri)
            if identity is None or not visible_to(event, identity.key) or pending in self._pending:
                continue
            try:
                self._outbox.send_nowait(pending)
            except anyio.WouldBlock:
                logger.warning("change notifications backlog full: one notification dropped")
            else:
                self._pending.add(pending)

    async def _send_to_legacy_subscribers(self) -> None:
        async for pending in self._outbox_out:
            self._pending.discard(pending)
            connection_id, uri = pending
            subscriber = self._legacy.get(connection_id)
            if subscriber is not None and uri in subscriber.uris:
                await subscriber.connection.send_resource_updated(uri)

    # -- 2026-07-28 era: subscriptions/listen -------------------------------------------------------
    async def listen(
        self, ctx: ServerRequestContext[Any, Any], params: SubscriptionsListenRequestParams
    ) -> SubscriptionsListenResult:
        """Serve one listen stream as the SDK does, with the caller's Odoo identity: its resource URIs
        are watched while the stream is open, and only that identity's changes reach it."""
        if len(self._streams) >= self._max_streams:
            raise MCPError(INTERNAL_ERROR, "Subscription limit reached")
        await self._admission(ctx)
        identity = await self._identities_of(ctx)
        uris = list(dict.fromkeys(params.notifications.resource_subscriptions or ()))
        await self.acquire(identity, uris)
        handler = ListenHandler(
            _IdentityView(self.bus, identity.key), max_subscriptions=1, max_buffered_events=self._max_buffered
        )
        self._streams.add(handler)
        try:
            return await handler(ctx, params)
        finally:
            self._streams.discard(handler)
            with anyio.move_on_after(STORE_CLEANUP_SECONDS, shield=True):
                await self.release(identity, uris)

    # -- running ------------------------------------------------------------------------------------
    async def _run(self) -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(self._send_to_legacy_subscribers)
            await self._poll_forever()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Poll and deliver while open: enter it in the server's lifespan (entered more than once at a
        time, one poller still runs)."""
        async with self._turns.running():
            yield

    def close_streams(self) -> None:
        """End every open listen stream gracefully (its client re-listens and refetches)."""
        for handler in list(self._streams):
            handler.close()

    def install(self, mcp: MCPServer[Any]) -> None:
        """Serve resources/subscribe, resources/unsubscribe and subscriptions/listen on `mcp`."""
        server = lowlevel_server(mcp)
        server.add_request_handler("resources/subscribe", SubscribeRequestParams, self.subscribe)
        server.add_request_handler("resources/unsubscribe", UnsubscribeRequestParams, self.unsubscribe)
        server.add_request_handler("subscriptions/listen", SubscriptionsListenRequestParams, self.listen)


def install_subscriptions(
    mcp: MCPServer[Any],
    *,
    bus: SubscriptionBus,
    store: WatchStore | None = None,
    identities: IdentityResolver = shared_identity,
    admission: Admission = transport_admission,
    queries: Sequence[SavedQuery] = (),
    interval: float = DEFAULT_INTERVAL_SECONDS,
    cap: int = DEFAULT_CAP,
    query_cap: int = DEFAULT_QUERY_CAP,
    sleep: Sleep = anyio.sleep,
    clock: Clock = time.monotonic,
    today: Today = utc_today,
    now: Now = utc_now,
) -> LiveSubscriptions:
    """Change subscriptions on `mcp`, and a resource per saved query: `bus` must be the one `mcp` was
    built with (``MCPServer(subscriptions=bus)``); enter the result's `running()` in the server's
    lifespan."""
    live = LiveSubscriptions(
        bus=bus,
        store=store,
        identities=identities,
        admission=admission,
        queries=queries,
        interval=interval,
        cap=cap,
        query_cap=query_cap,
        sleep=sleep,
        clock=clock,
        today=today,
        now=now,
    )
    live.install(mcp)
    register_saved_queries(mcp, queries, cap=query_cap, today=today)
    return live
