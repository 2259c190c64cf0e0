"""Whose rights a subscription is polled with: the Odoo identity of the caller who subscribed.

An `Identity` is a stable key (what groups subscriptions into one batched poll, names the lease in
Redis and scopes the events) and a way to get that identity's policy gateway when a poll runs, which
may be long after the subscribing request, on whichever replica holds the lease.

- `shared_identity`: every caller acts as the one service user (stdio, or HTTP in shared mode): one key.
- `CallerIdentities`: each authenticated caller acts as its own Odoo user (passthrough): one key per
  token subject, the gateway looked up by subject when the poll runs (so a removed or rotated identity
  stops being used, as for its tool calls).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_REQUEST

from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.policy import OdooGateway

SHARED_KEY = "shared"
"""The key of the one service identity."""


@dataclass(frozen=True)
class Identity:
    """One Odoo identity whose subscriptions are polled together."""

    key: str
    """Stable and opaque (no subject or login in clear): safe as a Redis key and in events."""
    gateway: Callable[[str | None], Awaitable[OdooGateway]] = field(compare=False, repr=False)
    """The identity's gateway on an Odoo target (None: the default one), looked up each time a poll runs."""


class IdentityResolver(Protocol):
    async def __call__(self, ctx: ServerRequestContext[Any, Any]) -> Identity:
        """The identity of the caller making this request; `MCPError` when it has none."""


async def shared_identity(ctx: ServerRequestContext[Any, Any]) -> Identity:
    """The service user every caller acts as: the runtime's one gateway."""
    runtime = ctx.lifespan_context
    if not isinstance(runtime, Runtime):
        raise MCPError(INVALID_REQUEST, "subscriptions are not available before the server has started")

    async def gateway(target: str | None) -> OdooGateway:
        return runtime.gateway_on(target)

    return Identity(SHARED_KEY, gateway)


class SubjectGateways(Protocol):
    """Where a caller's own gateway comes from (`mcp_odoo.identity.gateways.PassthroughGateways`)."""

    async def gateway_for(self, subject: str, target: str | None = None) -> OdooGateway: ...


def subject_key(subject: str) -> str:
    """The identity key of a token subject: a digest, so no subject appears in Redis or in events."""
    return "subject:" + hashlib.sha256(subject.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class CallerIdentities:
    """Each authenticated caller as its own Odoo user (passthrough mode)."""

    gateways: SubjectGateways

    async def __call__(self, ctx: ServerRequestContext[Any, Any]) -> Identity:
        token = get_access_token()
        subject = token.subject if token is not None else None
        if not subject:
            raise MCPError(
                INVALID_REQUEST,
                "this server acts as each caller's own Odoo user; subscribing needs an authenticated caller",
            )
        gateways = self.gateways

        async def gateway(target: str | None) -> OdooGateway:
            return await gateways.gateway_for(subject, target)

        return Identity(subject_key(subject), gateway)
