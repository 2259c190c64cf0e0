"""The views on the wire: each bound tool links a ui:// resource served as an MCP App, the views fetch
nothing from elsewhere, and a client without MCP Apps gets exactly the answers it always got."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from pydantic import SecretStr

from mcp_odoo.preview.render import apps_support
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.views import VIEWS, view_html

BOUND = {
    "list_crm_leads": "ui://mcp-odoo/pipeline.html",
    "get_crm_pipeline": "ui://mcp-odoo/pipeline.html",
    "get_sale_order": "ui://mcp-odoo/document.html",
    "create_quotation": "ui://mcp-odoo/document.html",
    "get_invoice": "ui://mcp-odoo/document.html",
    "create_invoice": "ui://mcp-odoo/document.html",
    "get_stock_levels": "ui://mcp-odoo/stock.html",
}
CALLS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("list_crm_leads", {"limit": 5}),
    ("get_crm_pipeline", {"leads_per_stage": 2}),
    ("get_sale_order", {"order": "S00003"}),
    ("get_invoice", {"invoice": "INV/2026/00003"}),
    ("get_stock_levels", {"product": "[FURN_5555]"}),
)


@asynccontextmanager
async def two_clients(tmp_path: Path) -> AsyncIterator[tuple[Client, Client]]:
    """A client announcing MCP Apps and one that does not, on the same read-only server."""
    registry = Registry("19.0")
    odoo = OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    server = ServerSettings(allow_writes=True, audit_path=tmp_path / "audit.sqlite3")
    mcp = build_server(odoo, server, transport=httpx2.ASGITransport(app=create_app(registry)))
    async with Client(mcp, extensions=[apps_support()]) as with_apps, Client(mcp) as without:
        yield with_apps, without


async def test_bound_tools_link_ui_resources_served_as_mcp_apps(tmp_path: Path) -> None:
    async with two_clients(tmp_path) as (client, _):
        tools = (await client.list_tools()).tools
        listed = {str(resource.uri): resource for resource in (await client.list_resources()).resources}
        read = {uri: (await client.read_resource(uri)).contents[0] for uri in set(BOUND.values())}
        extensions = client.server_capabilities.extensions or {}
    bound = {tool.name: (tool.meta or {})["ui"]["resourceUri"] for tool in tools if "ui" in (tool.meta or {})}
    assert bound == BOUND
    assert EXTENSION_ID in extensions
    for uri, content in read.items():
        assert listed[uri].mime_type == content.mime_type == APP_MIME_TYPE
        assert (content.meta or {})["ui"] == {"csp": {}, "prefersBorder": True}
        assert content.text.startswith("<!doctype html>")  # type: ignore[union-attr]


def test_views_are_self_contained_and_fetch_nothing() -> None:
    for view in VIEWS:
        html = view_html(view)
        assert "{{" not in html
        for forbidden in (
            "http://",
            "https://",
            "<link",
            "@import",
            "url(",
            " src=",
            "fetch(",
            "XMLHttpRequest",
            "WebSocket",
            "innerHTML",
            "eval(",
        ):
            assert forbidden not in html, (view.name, forbidden)
        assert len(re.findall(r"<script>", html)) == 2, view.name


async def test_a_client_without_mcp_apps_gets_the_same_answers(tmp_path: Path) -> None:
    async with two_clients(tmp_path) as (with_apps, without):
        for tool, arguments in CALLS:
            seen = await without.call_tool(tool, arguments)
            rendered = await with_apps.call_tool(tool, arguments)
            assert not seen.is_error, seen.content
            assert seen.content == rendered.content, tool
            assert seen.structured_content == rendered.structured_content, tool
            assert seen.meta == rendered.meta, tool
            assert all("ui://" not in getattr(block, "text", "") for block in seen.content)
