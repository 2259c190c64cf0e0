"""An MCP client session on a server with the business packs, over the in-process simulator.

async with pack_session(series="18.0", allow_writes=True, elicit=accept) as session:
    result = await session.call("confirm_quotation", order="S00003")
    assert session.simulator.calls.writes == 1
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import mcp_types as types
import pytest
from mcp import Client
from mcp.server import MCPServer
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.packs import register_packs
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, Protocol, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

SERIES = ("18.0", "19.0")

Elicit = Callable[[Any, types.ElicitRequestParams], Any]


@dataclass
class Session:
    client: Client
    server: MCPServer[Any]
    simulator: Simulator
    registry: Registry
    tools: list[str]
    audit: AuditLog

    async def call(self, tool: str, **arguments: Any) -> CallToolResult:
        return await self.client.call_tool(tool, arguments)

    @property
    def writes(self) -> int:
        return self.simulator.calls.writes


def odoo_settings(registry: Registry, protocol: Protocol = Protocol.AUTO) -> OdooSettings:
    return OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
        protocol=protocol,
    )


async def build_pack_server(
    registry: Registry, settings: ServerSettings, audit: AuditLog, protocol: Protocol = Protocol.AUTO
) -> tuple[MCPServer[Any], list[str], Simulator]:
    """E's build_server plus register_packs (unless build_server already registers the packs)."""
    app = create_app(registry)
    mcp = build_server(
        odoo_settings(registry, protocol), settings, transport=httpx2.ASGITransport(app=app), audit=audit
    )
    present = {tool.name for tool in await mcp.list_tools()}
    tools = [] if "get_sale_order" in present else register_packs(mcp, settings)
    return mcp, tools, app.state.simulator


SessionFactory = Callable[..., AbstractAsyncContextManager[Session]]


@pytest.fixture(scope="session")
def registries() -> dict[tuple[str, bool], Registry]:
    """One seeded database per series for read-only sessions, one for writing sessions (reset each time)."""
    return {}


@pytest.fixture
def pack_session(tmp_path: Path, registries: dict[tuple[str, bool], Registry]) -> SessionFactory:
    """Open a session on a simulator; keyword arguments are ServerSettings fields.

    With writes allowed the database is reset to its seeded state; read-only sessions share one.
    `protocol` is the one the server speaks to the simulator (default: auto).
    """

    @asynccontextmanager
    async def open_session(
        *,
        series: str = "19.0",
        mode: str = "auto",
        elicit: Elicit | None = None,
        protocol: Protocol = Protocol.AUTO,
        **server: Any,
    ) -> AsyncIterator[Session]:
        writes = bool(server.get("allow_writes"))
        registry = registries.get((series, writes)) or registries.setdefault(
            (series, writes), Registry(series)
        )
        if writes:
            registry.reset()
        server.setdefault("audit_path", tmp_path / "audit.sqlite3")
        settings = ServerSettings(**server)
        audit = AuditLog.from_settings(settings)
        mcp, tools, simulator = await build_pack_server(registry, settings, audit, protocol)
        try:
            async with Client(mcp, mode=mode, elicitation_callback=elicit) as client:  # type: ignore[arg-type]
                yield Session(client, mcp, simulator, registry, tools, audit)
        finally:
            await audit.aclose()

    return open_session


@pytest.fixture(params=SERIES)
def series(request: pytest.FixtureRequest) -> str:
    return str(request.param)


OpenSession = Callable[[], AbstractAsyncContextManager[Session]]


@pytest.fixture
def reader(pack_session: SessionFactory, series: str) -> OpenSession:
    """``async with reader() as s:`` a read-only session, once per series.

    (Factories, not yielding fixtures: the client's task group must open and close in the test's task.)
    """
    return lambda: pack_session(series=series)


@pytest.fixture
def writer(pack_session: SessionFactory, series: str) -> OpenSession:
    """``async with writer() as s:`` writes on, no elicitation (confirmation by token), once per series."""
    return lambda: pack_session(series=series, allow_writes=True)


def set_email(registry: Registry, login: str, email: str) -> None:
    """Give a user an email address, as an administrator would (Odoo 16-18 post notes only from one)."""
    admin = registry.users["admin"].uid
    registry.execute_kw(admin, "res.users", "write", [[registry.users[login].uid], {"email": email}], {})


def text_of(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


def structured(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None, text_of(result)
    content: dict[str, Any] = result.structured_content
    return content


def error_of(result: CallToolResult) -> dict[str, Any]:
    assert result.is_error, text_of(result)
    assert result.structured_content is None, "an error must not claim the success output schema"
    assert result.meta is not None
    error: dict[str, Any] = dict(result.meta[ERROR_META_KEY])
    return error


def links_of(result: CallToolResult) -> list[str]:
    return [str(block.uri) for block in result.content if block.type == "resource_link"]


async def accept(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"confirm": True})


async def decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="decline")


@pytest.fixture(params=("legacy", "auto"))
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)
