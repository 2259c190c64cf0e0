"""HTTP 403 ``insufficient_scope`` for a call of a writing tool with a token lacking ``odoo:write``.

The SDK checks the scopes every request needs (``odoo:read``); which tool a request calls is only
known from its JSON-RPC body, so this ASGI wrapper around ``/mcp`` reads the body of authenticated
POSTs whose token lacks ``odoo:write``, answers 403 for a ``tools/call`` of a writing tool, and
replays the body unchanged otherwise. Writing tools are those not annotated read-only.

`ScopedToolList` keeps the listing honest: ``tools/list`` shows such a token only the tools it may call.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mcp_odoo.http.auth import WRITE_SCOPE, missing_scope

WriteTools = Callable[[], Awaitable[frozenset[str]]]
MAX_INSPECTED_BYTES = 1_048_576
"""Larger bodies are passed on uninspected: ``run_tool`` still refuses the call as a tool error."""


def called_tool(body: bytes) -> str | None:
    """The tool a JSON-RPC ``tools/call`` body calls, else None."""
    try:
        message = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(message, dict) or message.get("method") != "tools/call":
        return None
    params = message.get("params")
    name = params.get("name") if isinstance(params, dict) else None
    return name if isinstance(name, str) else None


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The body (up to the inspection limit) and every message read, to replay them."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if not message.get("more_body", False) or size > MAX_INSPECTED_BYTES:
            break
    body = b"".join(item.get("body", b"") for item in messages if item["type"] == "http.request")
    return body, messages


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


class WriteScopeGuard:
    def __init__(self, app: ASGIApp, write_tools: WriteTools, resource_metadata_url: str | None) -> None:
        self._app = app
        self._write_tools = write_tools
        self._resource_metadata_url = resource_metadata_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        user = scope.get("user")
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or not isinstance(user, AuthenticatedUser)
            or WRITE_SCOPE in user.scopes
        ):
            await self._app(scope, receive, send)
            return
        body, messages = await _read_body(receive)
        tool = called_tool(body)
        if tool is not None and tool in await self._write_tools():
            await self._refuse(send, tool)
            return
        await self._app(scope, _replaying(messages, receive), send)

    async def _refuse(self, send: Send, tool: str) -> None:
        description = f"tool {tool} writes to Odoo and needs the {WRITE_SCOPE} scope"
        parts = ['error="insufficient_scope"', f'error_description="{description}"', f'scope="{WRITE_SCOPE}"']
        if self._resource_metadata_url:
            parts.append(f'resource_metadata="{self._resource_metadata_url}"')
        payload: dict[str, Any] = {"error": "insufficient_scope", "error_description": description}
        body = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", f"Bearer {', '.join(parts)}".encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class ScopedToolList:
    """Server middleware: a token without ``odoo:write`` is listed only the tools annotated read-only."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        result = await call_next(ctx)
        token = get_access_token()
        if (
            ctx.method != "tools/list"
            or token is None
            or missing_scope(token, is_write=True) is None
            or not isinstance(result, dict)
            or not isinstance(result.get("tools"), list)
        ):
            return result
        return {**result, "tools": [tool for tool in result["tools"] if _reads_only(tool)]}


def _reads_only(tool: Any) -> bool:
    annotations = tool.get("annotations") if isinstance(tool, dict) else None
    return isinstance(annotations, dict) and annotations.get("readOnlyHint") is True
