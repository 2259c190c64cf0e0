"""Subscribing passes what any read passes on the transport: on HTTP the token's read scope and the
caller's rate limit (the runtime's call guard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from live_helpers import ServerFactory
from mcp import Client
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_REQUEST

from mcp_odoo.audit import AuditLog, AuditSettings
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.live.watching import transport_admission
from mcp_odoo.policy import OdooGateway, Refused

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

PARTNER = "odoo://res.partner/9"


async def refuse(ctx: ServerRequestContext[Any, Any]) -> None:
    raise MCPError(INVALID_REQUEST, "your access token lacks the 'odoo:read' scope")


async def test_a_refused_caller_cannot_subscribe(live_server: ServerFactory) -> None:
    async with live_server(admission=refuse) as server, Client(server.mcp, mode="legacy") as client:
        with pytest.raises(MCPError, match="odoo:read"):
            await client.subscribe_resource(PARTNER)
        assert await server.live.store.watched("shared") == set()


async def test_a_refused_caller_cannot_listen(live_server: ServerFactory) -> None:
    async with live_server(admission=refuse) as server, Client(server.mcp, mode="auto") as client:
        with pytest.raises(MCPError, match="odoo:read"):
            async with client.listen(resource_subscriptions=[PARTNER]):
                pass
        assert await server.live.store.watched("shared") == set()


class RefusingGuard:
    async def admit(self, *, writes: bool) -> None:
        raise Refused("your access token lacks the 'odoo:read' scope this tool needs", hint="sign in again")

    def observe(self, name: str, outcome: str, seconds: float, error_kind: str | None) -> None:
        return None


class NoGateways:
    def current(self) -> OdooGateway:
        raise AssertionError("admission reaches no Odoo")

    async def aclose(self) -> None:
        return None


def request_in(runtime: Runtime) -> ServerRequestContext[Any, Any]:
    return ServerRequestContext(
        session=cast(Any, None),
        lifespan_context=runtime,
        protocol_version="2025-11-25",
        method="resources/subscribe",
    )


async def test_the_transport_guard_refusal_is_the_answer(tmp_path: Path) -> None:
    audit = AuditLog.from_settings(AuditSettings(path=tmp_path / "audit.sqlite3"))
    runtime = Runtime(gateways=NoGateways(), audit=audit, guard=RefusingGuard())
    with pytest.raises(
        MCPError, match=r"lacks the 'odoo:read' scope this tool needs \(hint: sign in again\)"
    ):
        await transport_admission(request_in(runtime))
    await audit.aclose()


async def test_without_a_guard_everyone_is_admitted(tmp_path: Path) -> None:
    audit = AuditLog.from_settings(AuditSettings(path=tmp_path / "audit.sqlite3"))
    await transport_admission(request_in(Runtime(gateways=NoGateways(), audit=audit)))
    await audit.aclose()
