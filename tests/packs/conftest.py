"""An MCP client session on a server with the business packs, over the in-process simulator.

async with pack_session(series="18.0", allow_writes=True, elicit=accept) as session:
    result = await session.call("confirm_quotation", order="S00003")
    assert session.simulator.calls.writes == 1
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.server import MCPServer
from pack_helpers import Elicit

from fakes import FakeClock
from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import Protocol, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from mcp_odoo.simulator.wire.state import Simulator
from sessions import OpenSession, Session, SessionFactory, odoo_settings

SERIES = ("18.0", "19.0")


async def build_pack_server(
    registry: Registry,
    settings: ServerSettings,
    audit: AuditLog,
    protocol: Protocol = Protocol.AUTO,
    clock: FakeClock | None = None,
) -> tuple[MCPServer[Any], Simulator]:
    """build_server on a fresh simulator app over `registry`; confirmation tokens expire on `clock`."""
    app = create_app(registry)
    mcp = build_server(
        odoo_settings(registry, protocol=protocol),
        settings,
        transport=httpx2.ASGITransport(app=app),
        audit=audit,
        clock=clock or time.time,
    )
    return mcp, app.state.simulator


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
        clock: FakeClock | None = None,
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
        audit = AuditLog.from_settings(settings.audit)
        mcp, simulator = await build_pack_server(registry, settings, audit, protocol, clock)
        try:
            async with Client(mcp, mode=mode, elicitation_callback=elicit) as client:  # type: ignore[arg-type]
                yield Session(client, mcp, simulator, registry, audit)
        finally:
            await audit.aclose()

    return open_session


@pytest.fixture(params=SERIES)
def series(request: pytest.FixtureRequest) -> str:
    return str(request.param)


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


@pytest.fixture(params=("legacy", "auto"))
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def token_clock() -> FakeClock:
    """The clock confirmation tokens expire on, for ``pack_session(clock=token_clock)``: a test outlives a
    token with ``token_clock.advance(61)`` (``confirmation_ttl_seconds=60``) instead of waiting for it."""
    return FakeClock()
