"""The Streamable HTTP app: /mcp behind DNS-rebinding protection, and GET /healthz, tested in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from starlette.applications import Starlette

from mcp_odoo.http.app import build_http_app
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import odoo_settings

BASE_URL = "http://127.0.0.1:8000"
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
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@asynccontextmanager
async def served(
    tmp_path: Path, *, stateless: bool = False, **server: object
) -> AsyncIterator[tuple[Starlette, httpx2.AsyncClient]]:
    registry = Registry("19.0")
    settings = ServerSettings.model_validate({"audit_path": tmp_path / "audit.sqlite3", **server})
    mcp = build_server(
        odoo_settings(registry), settings, transport=httpx2.ASGITransport(app=create_app(registry))
    )
    app = build_http_app(mcp, settings.http, host="127.0.0.1", port=8000, stateless=stateless)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=BASE_URL) as http,
    ):
        yield app, http


async def test_healthz_answers_ok_without_calling_odoo(tmp_path: Path) -> None:
    async with served(tmp_path) as (_, http):
        answer = await http.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_a_client_calls_a_tool_over_streamable_http(tmp_path: Path, mode: str) -> None:
    async with (
        served(tmp_path) as (_, http),
        Client(streamable_http_client(f"{BASE_URL}/mcp", http_client=http), mode=mode) as client,
    ):
        result = await client.call_tool("count_records", {"model": "res.partner"})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["count"] > 0


async def test_a_stateless_app_serves_each_request_on_its_own(tmp_path: Path) -> None:
    async with (
        served(tmp_path, stateless=True) as (_, http),
        Client(streamable_http_client(f"{BASE_URL}/mcp", http_client=http), mode="auto") as client,
    ):
        first = await client.call_tool("count_records", {"model": "res.partner"})
        second = await client.call_tool("count_records", {"model": "sale.order"})
    assert not first.is_error
    assert not second.is_error


async def test_a_foreign_host_header_is_rejected(tmp_path: Path) -> None:
    async with served(tmp_path) as (_, http):
        answer = await http.post(
            "/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Host": "evil.example:8000"}
        )
    assert answer.status_code in (400, 403, 421)


async def test_a_foreign_origin_is_rejected(tmp_path: Path) -> None:
    async with served(tmp_path) as (_, http):
        answer = await http.post(
            "/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Origin": "https://evil.example"}
        )
    assert answer.status_code == 403


async def test_a_configured_host_is_accepted(tmp_path: Path) -> None:
    async with served(tmp_path, allowed_hosts=["erp-mcp.example.com"]) as (_, http):
        answer = await http.post(
            "/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Host": "erp-mcp.example.com"}
        )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": "x"},
        {"jsonrpc": "2.0", "id": 1},
        {"id": 1, "method": "ping"},
        [1, 2],
        "just a string",
    ],
    ids=["params not an object", "no method", "no jsonrpc", "a list", "a string"],
)
async def test_a_malformed_json_rpc_body_is_an_invalid_request_in_one_short_line(
    tmp_path: Path, body: object
) -> None:
    async with served(tmp_path) as (_, http):
        answer = await http.post("/mcp", json=body, headers=MCP_HEADERS)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == -32600
    assert error["message"].startswith("Invalid Request")
    assert "pydantic" not in answer.text
    assert len(answer.text) < 400
    assert answer.headers["content-length"] == str(len(answer.content))
