"""Fixtures: an MCP client session against `build_server`, over the in-process simulator (18.0 or 19.0)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from session_helpers import MODES, SERIES

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import OpenSession, Session, SessionFactory, odoo_settings


@pytest.fixture(scope="session")
def read_only_registries() -> dict[str, Registry]:
    """One seeded database per series, shared by the sessions that cannot write (seeding takes ~0.2 s)."""
    return {}


@pytest.fixture
def mcp_session(tmp_path: Path, read_only_registries: dict[str, Registry]) -> SessionFactory:
    """Open a client session on a simulator; keyword arguments are ServerSettings fields.

    With writes allowed the database is fresh; read-only sessions share one database per series.
    """

    @asynccontextmanager
    async def open_session(
        *, series: str = "19.0", mode: str = "auto", odoo: dict[str, Any] | None = None, **server: Any
    ) -> AsyncIterator[Session]:
        if server.get("allow_writes"):
            registry = Registry(series)
        else:
            if series not in read_only_registries:
                read_only_registries[series] = Registry(series)
            registry = read_only_registries[series]
        app = create_app(registry)
        server.setdefault("audit_path", tmp_path / "audit.sqlite3")
        settings = ServerSettings(**server)
        audit = AuditLog.from_settings(settings.audit)
        mcp = build_server(
            odoo_settings(registry, **(odoo or {})),
            settings,
            transport=httpx2.ASGITransport(app=app),
            audit=audit,
        )
        try:
            async with Client(mcp, mode=mode) as client:
                yield Session(client, mcp, app.state.simulator, registry, audit)
        finally:
            await audit.aclose()

    return open_session


@pytest.fixture(params=SERIES)
def series(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def session(mcp_session: SessionFactory, series: str, mode: str) -> OpenSession:
    """``async with session() as s:`` a read-only session, once per series and protocol era.

    (A factory, not a yielding fixture: the client's task group must open and close in the test's task.)
    """
    return lambda: mcp_session(series=series, mode=mode)
