"""The runtime of the request being served, for handlers the SDK calls without a `Context`.

Static resources and the completion handler receive no request context from the SDK, yet they
must use the connection's gateway. A server middleware (a public SDK extension point) sees
every request's lifespan context and publishes it in a context variable for the duration of
that request; `current_runtime` reads it back.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext

from mcp_odoo.calls.runner import Runtime

_runtime: ContextVar[Runtime | None] = ContextVar("mcp_odoo_runtime", default=None)


class RuntimePublisher(ServerMiddleware[Any]):
    """Makes the request's `Runtime` visible to `current_runtime` while the request runs."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        runtime = ctx.lifespan_context if isinstance(ctx.lifespan_context, Runtime) else None
        token = _runtime.set(runtime)
        try:
            return await call_next(ctx)
        finally:
            _runtime.reset(token)


def publish_runtime(mcp: MCPServer[Any]) -> None:
    """Install the publisher once on `mcp` (resources and prompts both need it)."""
    if not any(isinstance(middleware, RuntimePublisher) for middleware in mcp.middleware):
        mcp.middleware.append(RuntimePublisher())


def current_runtime() -> Runtime:
    runtime = _runtime.get()
    if runtime is None:
        raise RuntimeError("no MCP request is being served: the runtime is only known inside a request")
    return runtime
