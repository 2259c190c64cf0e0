"""What the pack tests share besides fixtures: the Session handle, readers of tool results, elicitation
answers and a clock moved by hand.

A module of its own, not conftest.py: pytest imports every folder's conftest.py as the module ``conftest``,
so ``from conftest import`` gets whichever folder's came last in the process (the whole suite, an xdist
worker); ``from pack_helpers import structured`` finds this file whatever else runs.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import mcp_types as types
from mcp import Client
from mcp.server import MCPServer
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.settings import OdooSettings, Protocol
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

Elicit = Callable[[Any, types.ElicitRequestParams], Any]


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
        return self.simulator.calls.writes


SessionFactory = Callable[..., AbstractAsyncContextManager[Session]]
OpenSession = Callable[[], AbstractAsyncContextManager[Session]]


def odoo_settings(registry: Registry, protocol: Protocol = Protocol.AUTO) -> OdooSettings:
    return OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
        protocol=protocol,
    )


def set_email(registry: Registry, login: str, email: str) -> None:
    """Give a user an email address, as an administrator would (Odoo 16-18 post notes only from one)."""
    admin = registry.users["admin"].uid
    registry.execute_kw(admin, "res.users", "write", [[registry.users[login].uid], {"email": email}], {})


def links_of(result: CallToolResult) -> list[str]:
    return [str(block.uri) for block in result.content if block.type == "resource_link"]


async def accept(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"confirm": True})


async def decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="decline")
