"""Serving a resource read or a prompt rendering through the one runner, `run_call` (guard, audit,
metrics), answered as the protocol wants it: a read error is a JSON-RPC error, not an `isError`
result, so a refusal or an Odoo error becomes a `ResourceError` whose message says what failed and
what to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from mcp.server.mcpserver.exceptions import ResourceError

from mcp_odoo.calls.results import clipped_message
from mcp_odoo.calls.runner import ToolCall, run_call
from mcp_odoo.calls.runtime import Runtime

T = TypeVar("T")


async def served(
    runtime: Runtime,
    action: str,
    arguments: dict[str, Any],
    body: Callable[[ToolCall], Awaitable[T]],
    *,
    request_id: str | None = None,
    subject: str | None = None,
    target: str | None = None,
) -> T:
    """`body(call)` run as `action` (e.g. ``read_resource``) about the model `subject` on the Odoo `target`
    (None: the default); its failure raises `ResourceError`."""
    with runtime.addressing(target):
        ran = await run_call(
            runtime, action, arguments, body, request_id=request_id, subject=subject, target=target
        )
    if ran.error is not None:
        raise ResourceError(f"{clipped_message(str(ran.error['message']))} (hint: {ran.error['hint']})")
    return cast(T, ran.value)
