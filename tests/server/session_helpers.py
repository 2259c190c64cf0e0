"""Helpers for MCP session tests: the Session handle and readers of tool results.

async with mcp_session(series="19.0", mode="legacy", allow_writes=True) as session:
    result = await session.call("search_records", model="res.partner")
    assert session.simulator.calls.writes == 0
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from mcp import Client
from mcp.server import MCPServer
from mcp_types import CallToolResult

from mcp_odoo.audit import AuditLog
from mcp_odoo.settings import OdooSettings
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

SERIES = ("18.0", "19.0")
MODES = ("legacy", "auto")


@dataclass
class Session:
    client: Client
    server: MCPServer[Any]
    simulator: Simulator
    registry: Registry
    audit: AuditLog

    async def call(self, tool: str, **arguments: Any) -> CallToolResult:
        return await self.client.call_tool(tool, arguments)


def odoo_settings(registry: Registry, **overrides: Any) -> OdooSettings:
    values: dict[str, Any] = {
        "url": "http://simulator",
        "db": registry.db_name,
        "user": "mcp_bot",
        "api_key": DEMO_CREDENTIALS["mcp_bot"]["api_key"],
        **overrides,
    }
    return OdooSettings(**values)


SessionFactory = Callable[..., AbstractAsyncContextManager[Session]]
OpenSession = Callable[[], AbstractAsyncContextManager[Session]]
