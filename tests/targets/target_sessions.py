"""The handle of a session on a server with two Odoo targets, each a simulator of its own behind one
transport routed by host name: ``production`` (19.0, the default) and ``staging`` (18.0)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from mcp import Client
from mcp.server import MCPServer

from mcp_odoo.audit import AuditLog
from mcp_odoo.simulator.orm import Registry
from mcp_odoo.simulator.wire.state import Simulator

SERIES = {"production": "19.0", "staging": "18.0"}


@dataclass
class TwoTargets:
    client: Client
    server: MCPServer[Any]
    simulators: dict[str, Simulator]
    registries: dict[str, Registry]
    audit: AuditLog

    async def call(self, tool: str, **arguments: Any) -> Any:
        return await self.client.call_tool(tool, arguments)

    def writes(self, target: str) -> int:
        return self.simulators[target].calls.writes

    def rows(self, target: str, model: str, domain: list[Any]) -> int:
        """How many records of `model` match `domain` in the target's database, as its administrator sees."""
        return int(self.registries[target].execute_kw(2, model, "search_count", [domain], {}))


TwoTargetsFactory = Callable[..., AbstractAsyncContextManager[TwoTargets]]
