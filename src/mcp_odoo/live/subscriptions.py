"""Change subscriptions on both protocol eras, fed by one batched poll per Odoo identity and interval.

    2025 era    resources/subscribe, resources/unsubscribe  ─┐
    2026-07-28  subscriptions/listen (its resource URIs)     ─┴▶ LiveSubscriptions.acquire / release
                                                                  (per identity: URIs, cap, baseline)
    poll loop, every `interval`, per identity with subscribers here:
        WatchStore.renew ▶ lease? ▶ watched URIs of every replica ▶ observe (one search_read per
        model and per saved query) ▶ compare with what was last seen ▶ OdooResourceUpdated on the bus
    SubscriptionBus ─▶ listen streams of that identity (`streams`: the SDK's ListenHandler, filtered)
                    └▶ 2025 sessions that subscribed the URI as that identity (`sessions`: their
                       standalone stream)

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
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio
from mcp.server import MCPServer
from mcp.server.lowlevel.server import Server
from mcp.server.subscriptions import SubscriptionBus
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    SubscribeRequestParams,
    SubscriptionsListenRequestParams,
    UnsubscribeRequestParams,
)

from .events import OdooResourceUpdated
from .identities import Identity, IdentityResolver, shared_identity
from .observe import Now, Observation, Today, changes, observe, utc_now, utc_today
from .query_resources import register_saved_queries
from .sessions import SessionSubscriptions
from .store import MemoryWatchStore, StoreUnavailable, WatchStore
from .streams import ListenStreams
from .targets import RecordTarget, SavedQuery, Target, parse_target
from .turns import TakeTurns
from .watching import Admission, transport_admission

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 30.0
DEFAULT_CAP = 100
"""Subscriptions (distinct URIs) per Odoo identity, over every replica."""
DEFAULT_QUERY_CAP = 200
"""Records a saved query is watched over (newest change first)."""
CONCURRENT_POLLS = 8
"""Identities polled at the same time: bounds the load one server puts on Odoo at each interval."""

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


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
        odoo_targets: Sequence[str] = (),
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
        self.odoo_targets = frozenset(odoo_targets)
        self.interval = interval
        self.cap = cap
        self.query_cap = query_cap
        self._sleep = sleep
        self._clock = clock
        self._today = today
        self._now = now
        self._local: dict[str, Counter[str]] = {}
        self._identities: dict[str, Identity] = {}
        self._leased: set[str] = set()
        self.rounds = 0
        """Poll rounds run so far (by the loop or by hand)."""
        self.sessions = SessionSubscriptions(
            self, identities=identities, admission=admission, max_buffered_events=max_buffered_events
        )
        self.streams = ListenStreams(
            self,
            bus,
            identities=identities,
            admission=admission,
            max_streams=max_streams,
            max_buffered_events=max_buffered_events,
        )
        self._turns = TakeTurns(self._run)
        self._unsubscribe_bus = bus.subscribe(self.sessions.listener)

    # -- what is watched ----------------------------------------------------------------------------
    def target(self, uri: str) -> Target | None:
        return parse_target(uri, self.queries, self.odoo_targets)

    def watched_here(self, identity: str) -> set[str]:
        """The URIs subscribers on this replica watch as `identity`."""
        return {uri for uri, count in self._local.get(identity, Counter()).items() if count > 0}

    async def acquire(self, identity: Identity, uris: Iterable[str]) -> None:
        """Subscribe as `identity` to `uris` (targets only): refused beyond the cap; the new ones are
        read once so a change from now on is announced."""
        wanted = [uri for uri in dict.fromkeys(uris) if self.target(uri) is not None]
        if not wanted:
            return
        counts = self._local.get(identity.key, Counter())
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
        except StoreUnavailable as exc:
            raise MCPError(
                INTERNAL_ERROR, f"subscriptions are unavailable right now ({exc}); retry"
            ) from None
        counts.update(wanted)
        self._local[identity.key] = counts
        self._identities[identity.key] = identity
        if fresh:
            await self._baseline(identity, fresh)

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
        """Read the new targets once; when that fails the subscription holds all the same, and its first
        poll takes the baseline instead."""
        try:
            await self._read_baseline(identity, uris)
        except StoreUnavailable as exc:
            logger.warning("change subscriptions: baseline not stored: %s", exc)
        except Exception:
            logger.exception("change subscriptions: baseline not read")

    async def _read_baseline(self, identity: Identity, uris: list[str]) -> None:
        seen = await self.store.seen(identity.key)
        targets = [target for uri in uris if uri not in seen and (target := self.target(uri)) is not None]
        if not targets:
            return
        observed = await self._observe(identity, targets)
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
        observed = await self._observe(identity, targets)
        changed, news = changes(seen, observed, self._now())
        forgotten = [uri for uri in seen if uri not in watched]
        if news or forgotten:
            await self.store.remember(key, news, forget=forgotten)
        for uri in changed:
            await self.bus.publish(OdooResourceUpdated(uri, key))
        return changed

    async def _observe(self, identity: Identity, targets: list[Target]) -> dict[str, Observation]:
        """What `identity` sees of `targets` now: one batched read per model on each Odoo target."""
        by_odoo: dict[str | None, list[Target]] = defaultdict(list)
        for target in targets:
            by_odoo[target.odoo if isinstance(target, RecordTarget) else None].append(target)
        observed: dict[str, Observation] = {}
        for odoo, watched in by_odoo.items():
            gateway = await identity.gateway(odoo)
            observed.update(await observe(gateway, watched, query_cap=self.query_cap, today=self._today))
        return observed

    async def _poll_forever(self) -> None:
        while True:
            started = self._clock()
            await self.poll_once()
            await self._sleep(max(0.0, self.interval - (self._clock() - started)))

    # -- running ------------------------------------------------------------------------------------
    async def _run(self) -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(self.sessions.deliver)
            await self._poll_forever()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Poll and deliver while open: enter it in the server's lifespan (entered more than once at a
        time, one poller still runs)."""
        async with self._turns.running():
            yield

    def install(self, mcp: MCPServer[Any]) -> None:
        """Serve resources/subscribe, resources/unsubscribe and subscriptions/listen on `mcp`."""
        server = lowlevel_server(mcp)
        server.add_request_handler("resources/subscribe", SubscribeRequestParams, self.sessions.subscribe)
        server.add_request_handler(
            "resources/unsubscribe", UnsubscribeRequestParams, self.sessions.unsubscribe
        )
        server.add_request_handler(
            "subscriptions/listen", SubscriptionsListenRequestParams, self.streams.listen
        )


def install_subscriptions(
    mcp: MCPServer[Any],
    *,
    bus: SubscriptionBus,
    store: WatchStore | None = None,
    identities: IdentityResolver = shared_identity,
    admission: Admission = transport_admission,
    queries: Sequence[SavedQuery] = (),
    odoo_targets: Sequence[str] = (),
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
        odoo_targets=odoo_targets,
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
