"""Structured JSON logs for the HTTP server, each line carrying the id of the request it belongs to.

``RequestIdMiddleware`` takes the caller's ``X-Request-ID`` when it is a sane token (a proxy such as
nginx can set one), else makes one, keeps it in a context variable for the request's duration and
returns it in the response. ``JsonFormatter`` writes one JSON object per record, with the request
id and any ``extra={...}`` fields. Callers must never pass secrets as fields.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

request_id: ContextVar[str | None] = ContextVar("mcp_odoo_request_id", default=None)


def current_request_id() -> str | None:
    return request_id.get()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current is not None:
            entry["request_id"] = current
        entry.update(
            (name, value) for name, value in vars(record).items() if name not in _STANDARD_ATTRIBUTES
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_json_logging(level: int | str = logging.INFO, stream: IO[str] | None = None) -> None:
    """Send every log record to ``stream`` (stderr by default) as one JSON line."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)


class RequestIdMiddleware:
    """ASGI middleware that gives each HTTP request an id, for the logs and the response."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        offered = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode("latin-1"), b"").decode("latin-1")
        chosen = offered if _SANE_REQUEST_ID.match(offered) else uuid.uuid4().hex

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = chosen
            await send(message)

        token = request_id.set(chosen)
        try:
            await self._app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
