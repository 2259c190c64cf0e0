"""What the protocol handlers of both eras need: who may subscribe, and watches to take and give back.

`Watching` is the part of `LiveSubscriptions` they use (counted per identity and URI, refused beyond
the cap, read once when new); `Admission` is what a subscribing request passes first, by default the
transport's call guard, as for a resource read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_REQUEST

from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.policy import PolicyError

from .identities import Identity
from .targets import Target

STORE_CLEANUP_SECONDS = 5.0
"""How long a closing subscription may spend giving its watches back, however it was cancelled."""


class Watching(Protocol):
    def target(self, uri: str) -> Target | None:
        """What `uri` names, or None when it names nothing that can be watched."""

    async def acquire(self, identity: Identity, uris: Iterable[str]) -> None:
        """Watch `uris` (targets only) as `identity`; `MCPError` beyond the cap or without the store."""

    async def release(self, identity: Identity, uris: Iterable[str]) -> None:
        """Give back one watch of `identity` on each of `uris`."""


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
