"""Fixtures: a server with the long-job tools over an in-process simulator whose database holds 10,000
generated partners (created once per module, ~1.5 s; a test that writes gets its own database)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from job_helpers import GENERATED, generate_partners
from mcp import Client
from mcp.client.extension import ClientExtension

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import Session, SessionFactory, odoo_settings


@pytest.fixture(scope="module")
def big_registry() -> Registry:
    registry = Registry("19.0")
    generate_partners(registry, GENERATED)
    return registry


@pytest.fixture(autouse=True)
def export_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the server keeps its export files in these tests (to see that a stopped export leaves none)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def jobs_session(tmp_path: Path, big_registry: Registry) -> SessionFactory:
    """Open a client on a server over `registry` (default: the module's 10,000 partners, never written);
    keyword arguments are ServerSettings fields."""

    @asynccontextmanager
    async def open_session(
        *,
        registry: Registry | None = None,
        mode: str = "legacy",
        extensions: Sequence[ClientExtension] = (),
        **server: Any,
    ) -> AsyncIterator[Session]:
        database = registry if registry is not None else big_registry
        app = create_app(database)
        server.setdefault("audit_path", tmp_path / "audit.sqlite3")
        settings = ServerSettings(**server)
        audit = AuditLog.from_settings(settings.audit)
        mcp = build_server(
            odoo_settings(database), settings, transport=httpx2.ASGITransport(app=app), audit=audit
        )
        try:
            async with Client(mcp, mode=mode, extensions=list(extensions)) as client:
                yield Session(client, mcp, app.state.simulator, database, audit)
        finally:
            await audit.aclose()

    return open_session
