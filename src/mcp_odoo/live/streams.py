"""The 2026-07-28 era: ``subscriptions/listen`` streams, each as the Odoo identity that opened it.

The SDK's `ListenHandler` serves each stream (acknowledgment, subscription id, buffering, graceful
close), over a view of the bus that leaves out the events of other identities; the stream's resource
URIs are watched while it is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from mcp.server.context import ServerRequestContext
from mcp.server.subscriptions import ListenHandler, SubscriptionBus
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ServerEvent
from mcp_types import INTERNAL_ERROR, SubscriptionsListenRequestParams, SubscriptionsListenResult

from .events import visible_to
from .identities import IdentityResolver
from .watching import STORE_CLEANUP_SECONDS, Admission, Watching


class IdentityView:
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


class ListenStreams:
    """``subscriptions/listen``: at most `max_streams` open at a time on this server."""

    def __init__(
        self,
        watching: Watching,
        bus: SubscriptionBus,
        *,
        identities: IdentityResolver,
        admission: Admission,
        max_streams: int = 1024,
        max_buffered_events: int = 1024,
    ) -> None:
        self._watching = watching
        self._bus = bus
        self._identities = identities
        self._admission = admission
        self._max_streams = max_streams
        self._max_buffered = max_buffered_events
        self._open: set[ListenHandler] = set()

    async def listen(
        self, ctx: ServerRequestContext[Any, Any], params: SubscriptionsListenRequestParams
    ) -> SubscriptionsListenResult:
        if len(self._open) >= self._max_streams:
            raise MCPError(INTERNAL_ERROR, "Subscription limit reached")
        await self._admission(ctx)
        identity = await self._identities(ctx)
        uris = list(dict.fromkeys(params.notifications.resource_subscriptions or ()))
        await self._watching.acquire(identity, uris)
        handler = ListenHandler(
            IdentityView(self._bus, identity.key), max_subscriptions=1, max_buffered_events=self._max_buffered
        )
        self._open.add(handler)
        try:
            return await handler(ctx, params)
        finally:
            self._open.discard(handler)
            with anyio.move_on_after(STORE_CLEANUP_SECONDS, shield=True):
                await self._watching.release(identity, uris)

    def close(self) -> None:
        """End every open stream gracefully (its client re-listens and refetches)."""
        for handler in list(self._open):
            handler.close()
