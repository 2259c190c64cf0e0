"""The 2025 era: ``resources/subscribe`` on a session, ``notifications/resources/updated`` on its
standalone stream.

Each connection's subscriptions are kept with the identity each was made as, and given back when the
connection closes (its exit stack). Events come from the bus, as a listener: one the connection's
identity may hear (`visible_to`) and whose URI it subscribed is queued and sent by `deliver`, which
runs while the subscriptions run; a notification already queued for a connection is not queued twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp.server.connection import Connection
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ResourceUpdated, ServerEvent
from mcp_types import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    EmptyResult,
    SubscribeRequestParams,
    UnsubscribeRequestParams,
)

from mcp_odoo.echo import echo

from .events import visible_to
from .identities import Identity, IdentityResolver
from .watching import STORE_CLEANUP_SECONDS, Admission, Watching

logger = logging.getLogger(__name__)

WATCHABLE = (
    "odoo://{model}/{id}, odoo://{model}/{id}/document (on a named Odoo target: "
    "odoo://{target}/{model}/{id}) or a saved query odoo://query/{name}"
)


def connection_of(ctx: ServerRequestContext[Any, Any]) -> Connection | None:
    """The request's connection: its standalone stream carries 2025-era notifications, and its exit
    stack says when it closes. The SDK exposes neither on the request context yet (its Context
    rework, TODO L54, will), so this is the one place that reads the session's private attribute."""
    connection = getattr(ctx.session, "_connection", None)
    return connection if isinstance(connection, Connection) else None


@dataclass
class _Subscriber:
    """One connection's subscriptions: URI -> the identity it subscribed as."""

    connection: Connection
    uris: dict[str, Identity] = field(default_factory=dict)


class SessionSubscriptions:
    """``resources/subscribe`` and ``resources/unsubscribe``, and the notifications they ask for."""

    def __init__(
        self,
        watching: Watching,
        *,
        identities: IdentityResolver,
        admission: Admission,
        max_buffered_events: int = 1024,
    ) -> None:
        self._watching = watching
        self._identities = identities
        self._admission = admission
        self._subscribers: dict[int, _Subscriber] = {}
        self._pending: set[tuple[int, str]] = set()
        self._outbox, self._outbox_out = anyio.create_memory_object_stream[tuple[int, str]](
            max_buffered_events
        )

    async def subscribe(
        self, ctx: ServerRequestContext[Any, Any], params: SubscribeRequestParams
    ) -> EmptyResult:
        uri = params.uri
        if self._watching.target(uri) is None:
            raise MCPError(INVALID_PARAMS, f"{echo(uri)} cannot be watched: subscribe to {WATCHABLE}")
        connection = connection_of(ctx)
        if connection is None or not connection.has_standalone_channel:
            raise MCPError(
                INVALID_REQUEST,
                "this connection cannot receive notifications: keep a session open (not stateless HTTP)",
            )
        await self._admission(ctx)
        identity = await self._identities(ctx)
        subscriber = self._subscribers.get(id(connection))
        if subscriber is None:
            subscriber = self._subscribers[id(connection)] = _Subscriber(connection)
            connection.exit_stack.push_async_callback(self._closed, id(connection))
        previous = subscriber.uris.get(uri)
        if previous is not None and previous.key == identity.key:
            return EmptyResult()
        await self._watching.acquire(identity, [uri])
        subscriber.uris[uri] = identity
        if previous is not None:
            await self._watching.release(previous, [uri])
        return EmptyResult()

    async def unsubscribe(
        self, ctx: ServerRequestContext[Any, Any], params: UnsubscribeRequestParams
    ) -> EmptyResult:
        connection = connection_of(ctx)
        subscriber = self._subscribers.get(id(connection)) if connection is not None else None
        identity = subscriber.uris.pop(params.uri, None) if subscriber is not None else None
        if identity is not None:
            await self._watching.release(identity, [params.uri])
        return EmptyResult()

    async def _closed(self, connection_id: int) -> None:
        subscriber = self._subscribers.pop(connection_id, None)
        if subscriber is None:
            return
        with anyio.move_on_after(STORE_CLEANUP_SECONDS, shield=True):
            for uri, identity in subscriber.uris.items():
                await self._watching.release(identity, [uri])

    def listener(self, event: ServerEvent) -> None:
        """Bus listener: queue the event for each connection that subscribed its URI as an identity
        that may hear it."""
        if not isinstance(event, ResourceUpdated):
            return
        for connection_id, subscriber in list(self._subscribers.items()):
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

    async def deliver(self) -> None:
        """Send what `listener` queued, until cancelled."""
        async for pending in self._outbox_out:
            self._pending.discard(pending)
            connection_id, uri = pending
            subscriber = self._subscribers.get(connection_id)
            if subscriber is not None and uri in subscriber.uris:
                await subscriber.connection.send_resource_updated(uri)
