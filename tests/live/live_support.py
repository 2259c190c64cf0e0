"""What the live tests share: an MCP client on the real server and the assertions they all repeat.

A module of its own (not conftest) so that ``from live_support import ...`` means this file even when
several test directories, each with its conftest.py, are collected in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from mcp import Client
from mcp_types import CallToolResult

from tool_results import text_of


@dataclass
class Live:
    """An MCP client on the server built for the live Odoo."""

    client: Client

    async def call(self, tool: str, **arguments: Any) -> CallToolResult:
        return await self.client.call_tool(tool, arguments)

    async def ok(self, tool: str, **arguments: Any) -> dict[str, Any]:
        """The structured answer of a call that must succeed."""
        result = await self.call(tool, **arguments)
        assert not result.is_error, text_of(result)
        assert result.structured_content is not None, text_of(result)
        content: dict[str, Any] = result.structured_content
        return content

    async def records(
        self, model: str, domain: list[Any], fields: list[str], *, limit: int = 1, order: str = ""
    ) -> list[dict[str, Any]]:
        arguments: dict[str, Any] = {"model": model, "domain": domain, "fields": fields, "limit": limit}
        if order:
            arguments["order"] = order
        found: list[dict[str, Any]] = (await self.ok("search_records", **arguments))["records"]
        return found

    async def first(
        self, model: str, domain: list[Any], fields: list[str], *, order: str = ""
    ) -> dict[str, Any]:
        """The first record matching `domain`; fails when the demo database has none."""
        found = await self.records(model, domain, fields, order=order)
        assert found, f"the demo database has no {model} matching {domain}"
        return found[0]


OpenLive = Callable[..., AbstractAsyncContextManager[Live]]
"""The `open_live` fixture: ``async with open_live(allow_writes=True) as live`` (ServerSettings keywords;
``odoo=`` another user's OdooSettings)."""
