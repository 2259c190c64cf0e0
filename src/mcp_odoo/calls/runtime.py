"""What one connection's calls share (the `Runtime`), and how handlers the SDK calls without a
`Context` find it.

The runtime is built when the server starts and closed when it stops. The transports plug in what
only they know through two small protocols: where each request's gateway comes from
(`GatewaySource`: the service user's, or the caller's own) and what a call must pass before it may
reach Odoo and what it reports afterwards (`CallGuard`: scopes, rate limits and metrics on HTTP).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext

from mcp_odoo.audit import AuditEntry, AuditLog
from mcp_odoo.calls.uris import on_target
from mcp_odoo.echo import echo
from mcp_odoo.policy import InvalidRequest, OdooGateway

logger = logging.getLogger("mcp_odoo.tools")


class GatewaySource(Protocol):
    def current(self) -> OdooGateway:
        """The gateway of the request being served."""

    async def aclose(self) -> None: ...


class CallGuard(Protocol):
    """What a transport checks before a call and learns after it (the HTTP transport's scopes, rate
    limits and metrics; stdio has none)."""

    async def admit(self, *, writes: bool) -> None:
        """Return when the call may go on; raise a `PolicyError` to refuse it."""

    def observe(self, name: str, outcome: str, seconds: float, error_kind: str | None) -> None:
        """A call ended: ``outcome`` is ok, refused or error."""


@dataclass
class Runtime:
    """What the tools, resources and prompts of one connection use.

    `gateways` serves the default Odoo target; `targets` names every target of a server configured with
    several (the default first), each with its own gateways, policy and caches.
    """

    gateways: GatewaySource
    audit: AuditLog
    audit_required_for_writes: bool = False
    guard: CallGuard | None = None
    targets: Mapping[str, GatewaySource] = field(default_factory=dict)
    _storing: set[asyncio.Task[None]] = field(default_factory=set, init=False, repr=False)

    @property
    def gateway(self) -> OdooGateway:
        """The gateway of the request being served, on the default target."""
        return self.gateways.current()

    def target_name(self, target: str | None) -> str | None:
        """The name of the target a call asks for: the default one's for None (None on a server with one
        Odoo); `InvalidRequest` naming the targets when there is no such target."""
        if target is None:
            return next(iter(self.targets), None)
        if target not in self.targets:
            named = ", ".join(self.targets)
            raise InvalidRequest(
                f"there is no Odoo target {echo(target)}",
                hint=f"targets: {named} (the first is the default)" if named else "leave target out",
            )
        return target

    def gateway_on(self, target: str | None) -> OdooGateway:
        """The request's gateway on `target` (a name `target_name` accepted; None: the default)."""
        if target is None or not self.targets:
            return self.gateway
        return self.targets[target].current()

    def addressing(self, target: str | None) -> AbstractContextManager[None]:
        """While open, the addresses built (`mcp_odoo.calls.uris`) name `target`, or take the short form
        when it is the default one."""
        default = target is None or not self.targets or target == next(iter(self.targets))
        return on_target(None if default else target)

    async def record(self, entry: AuditEntry, *, writes: bool) -> None:
        """Store an audit entry; a failure is logged (critical when every write must be audited)."""
        try:
            await self.audit.record(entry)
        except Exception as exc:
            level = logging.CRITICAL if writes and self.audit_required_for_writes else logging.ERROR
            logger.log(level, "audit entry for %s was not stored: %s", entry.tool, exc)

    def record_soon(self, entry: AuditEntry) -> None:
        """Store the audit entry of a read without holding its answer back.

        Entries reach the log in call order: each sink applies them one at a time, as they come.
        """
        task = asyncio.get_running_loop().create_task(self.record(entry, writes=False))
        self._storing.add(task)
        task.add_done_callback(self._storing.discard)

    async def settle(self) -> None:
        """Wait until the audit entries of reads are stored (before the audit log closes)."""
        while self._storing:
            await asyncio.wait(set(self._storing))


_runtime: ContextVar[Runtime | None] = ContextVar("mcp_odoo_runtime", default=None)


class RuntimePublisher(ServerMiddleware[Any]):
    """Makes the request's `Runtime` visible to `current_runtime` while the request runs: static
    resources and the completion handler receive no request context from the SDK."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        runtime = ctx.lifespan_context if isinstance(ctx.lifespan_context, Runtime) else None
        token = _runtime.set(runtime)
        try:
            return await call_next(ctx)
        finally:
            _runtime.reset(token)


def publish_runtime(mcp: MCPServer[Any]) -> None:
    """Install the publisher once on `mcp`."""
    if not any(isinstance(middleware, RuntimePublisher) for middleware in mcp.middleware):
        mcp.middleware.append(RuntimePublisher())


def current_runtime() -> Runtime:
    runtime = _runtime.get()
    if runtime is None:
        raise RuntimeError("no MCP request is being served: the runtime is only known inside a request")
    return runtime
