"""Garbage on the Streamable HTTP endpoint: a 4xx answer without internals, and the server keeps serving.

In process (the HTTP app over an in-process simulator): bodies a broken or hostile client may POST to /mcp.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from mcp_odoo.http.app import build_http_app
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import odoo_settings

from .harness import INTERNAL_MARKERS, SECRETS

BASE_URL = "http://127.0.0.1:8000"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
SHORT_ANSWER = 400
"""A refusal is one short line: never a validation report that repeats the body."""
VALIDATION_REPORT = "errors.pydantic.dev"
"""The links a pydantic validation report ends its lines with."""
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}


def deeply_nested(depth: int) -> str:
    return "[" * depth + "]" * depth


GARBAGE: dict[str, bytes] = {
    "empty body": b"",
    "not JSON": b"this is not json",
    "truncated JSON": b'{"jsonrpc": "2.0", "id": 1, "meth',
    "JSON scalar": b"42",
    "JSON null": b"null",
    "array of junk": b"[1, 2, {}]",
    "unknown method": json.dumps({"jsonrpc": "2.0", "id": 1, "method": "no/such", "params": {}}).encode(),
    "params of the wrong type": json.dumps({**INITIALIZE, "params": [1, 2]}).encode(),
    "deeply nested JSON": deeply_nested(100_000).encode(),
    "invalid UTF-8": b'{"jsonrpc": "2.0", "id": 1, "method": "\xff\xfe"}',
    "control characters": json.dumps({"jsonrpc": "2.0", "id": "\x00\x1b", "method": "\x07"}).encode(),
    "params not an object": json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": "x"}
    ).encode(),
    "no method": json.dumps({"jsonrpc": "2.0", "id": 1}).encode(),
    "no jsonrpc member": json.dumps({"id": 1, "method": "ping"}).encode(),
    "tool call without a session": json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "count_records"}}
    ).encode(),
}


@asynccontextmanager
async def served(tmp_path: Path) -> AsyncIterator[httpx2.AsyncClient]:
    registry = Registry("19.0")
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    mcp = build_server(
        odoo_settings(registry), settings, transport=httpx2.ASGITransport(app=create_app(registry))
    )
    app = build_http_app(mcp, settings.http, host="127.0.0.1", port=8000)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=BASE_URL) as http,
    ):
        yield http


@pytest.mark.parametrize("body", GARBAGE.values(), ids=GARBAGE.keys())
async def test_garbage_gets_a_client_error_without_internals(tmp_path: Path, body: bytes) -> None:
    async with served(tmp_path) as http:
        answer = await http.post("/mcp", content=body, headers=HEADERS)
    assert 400 <= answer.status_code < 500
    assert [
        marker for marker in (*SECRETS, *INTERNAL_MARKERS, VALIDATION_REPORT) if marker in answer.text
    ] == []
    assert len(answer.text) <= SHORT_ANSWER, answer.text[:SHORT_ANSWER]


async def test_the_server_serves_a_real_client_after_garbage(tmp_path: Path) -> None:
    async with served(tmp_path) as http:
        for body in GARBAGE.values():
            await http.post("/mcp", content=body, headers=HEADERS)
        async with Client(streamable_http_client(f"{BASE_URL}/mcp", http_client=http)) as client:
            result = await client.call_tool("count_records", {"model": "res.partner"})
    assert not result.is_error
