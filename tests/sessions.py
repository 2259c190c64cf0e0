"""An MCP client session on a server over the simulator, as the session fixtures of several folders open
it: the handle, the factories' types, and the Odoo settings of the demo's non-admin user.

    async with mcp_session(series="19.0", mode="legacy", allow_writes=True) as session:
        result = await session.call("search_records", model="res.partner")
        assert session.writes == 0
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import httpx2
from mcp import Client
from mcp.server import MCPServer
from mcp_types import CallToolResult

from mcp_odoo.audit import AuditLog
from mcp_odoo.settings import OdooSettings
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator


@dataclass
class Session:
    client: Client
    server: MCPServer[Any]
    simulator: Simulator
    registry: Registry
    audit: AuditLog

    async def call(self, tool: str, **arguments: Any) -> CallToolResult:
        return await self.client.call_tool(tool, arguments)

    @property
    def writes(self) -> int:
        """Write requests Odoo received in this session."""
        return self.simulator.calls.writes


class HostRouter(httpx2.AsyncBaseTransport):
    """Sends each request to the simulator serving its host: several Odoo servers on one transport."""

    def __init__(self, apps: dict[str, httpx2.AsyncBaseTransport]) -> None:
        self.apps = apps

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.apps[request.url.host].handle_async_request(request)


SessionFactory = Callable[..., AbstractAsyncContextManager[Session]]
OpenSession = Callable[[], AbstractAsyncContextManager[Session]]


def odoo_settings(registry: Registry, **overrides: Any) -> OdooSettings:
    """The simulator's non-admin ``mcp_bot`` with its API key; `overrides` are OdooSettings fields."""
    values: dict[str, Any] = {
        "url": "http://simulator",
        "db": registry.db_name,
        "user": "mcp_bot",
        "api_key": DEMO_CREDENTIALS["mcp_bot"]["api_key"],
        **overrides,
    }
    return OdooSettings(**values)
