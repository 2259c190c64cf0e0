"""A body that is JSON but not a JSON-RPC message gets ``-32600 Invalid Request`` in one short line.

The SDK answers such a body (no ``method``, ``params`` that is not an object, a list ...) with
``-32602`` and pydantic's whole validation report: every branch of its message union, the input
repeated, and links to pydantic's documentation site. This ASGI wrapper around ``/mcp`` replaces that
one answer (HTTP 400 whose JSON-RPC error message starts with ``Validation error``) and passes every
other response through untouched, so nothing is parsed twice on the way in.
"""

from __future__ import annotations

import json
from typing import Any

from mcp_types import INVALID_REQUEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

INVALID_REQUEST_MESSAGE = (
    'Invalid Request: the body must be one JSON-RPC 2.0 message: an object with jsonrpc "2.0", a '
    "method, an id for a request and, if any, params as an object"
)
_SDK_VALIDATION_REPORT = "Validation error"


def _short(body: bytes) -> bytes | None:
    """The short answer replacing `body`, or None when `body` is not the SDK's validation report."""
    try:
        answer: Any = json.loads(body)
    except ValueError:
        return None
    error = answer.get("error") if isinstance(answer, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str) or not message.startswith(_SDK_VALIDATION_REPORT):
        return None
    short = {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": INVALID_REQUEST, "message": INVALID_REQUEST_MESSAGE},
    }
    return json.dumps(short).encode()


class ShortInvalidRequests:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self._app(scope, receive, send)
            return
        held: list[Message] = []

        async def send_short(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 400:
                held.append(message)
                return
            if held and message["type"] == "http.response.body" and not message.get("more_body", False):
                start = held.pop()
                short = _short(message.get("body", b""))
                if short is not None:
                    start = {**start, "headers": _with_length(start.get("headers", []), len(short))}
                    message = {**message, "body": short}
                await send(start)
            elif held:
                await send(held.pop())
            await send(message)

        await self._app(scope, receive, send_short)


def _with_length(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())]
