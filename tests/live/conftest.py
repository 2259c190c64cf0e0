"""The live tier: every test here talks to a real Odoo (any series 16-19 with the stock demo data).

Every test under tests/live is marked ``live`` and skipped unless ODOO_URL, ODOO_DB, ODOO_USER and
ODOO_API_KEY are set (ODOO_PROTOCOL optional). ODOO_USER is an internal user WITHOUT Administration
rights (README.md in this folder lists the rights it needs): the tier proves that the server works for
such a user. Tests that need an administrator use the `admin` fixture and are skipped unless
ODOO_ADMIN_API_KEY is set (ODOO_ADMIN_USER, default ``admin``). `open_live` builds the real server
(`build_server`: core tools, packs, resources, prompts) on that Odoo, with its audit in the test's tmp_path.

    async with open_live(allow_writes=True) as live:
        partner = await live.ok("create_partner", name="...")
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from live_support import Live, OpenLive
from mcp import Client

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings, load_odoo_settings

REQUIRED = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")
HERE = Path(__file__).resolve().parent
SKIP = pytest.mark.skipif(
    not all(os.environ.get(name) for name in REQUIRED),
    reason="live Odoo not configured (set ODOO_URL, ODOO_DB, ODOO_USER, ODOO_API_KEY)",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark this directory's tests ``live`` and skip them without a configured Odoo (before -m selects)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.live)
            item.add_marker(SKIP)


@pytest.fixture
def admin() -> OdooSettings:
    """The live Odoo as its administrator, for the tests that need one (skipped without an admin key)."""
    key = os.environ.get("ODOO_ADMIN_API_KEY")
    if not key:
        pytest.skip("needs an Odoo administrator: set ODOO_ADMIN_API_KEY (and ODOO_ADMIN_USER if not admin)")
    return load_odoo_settings(user=os.environ.get("ODOO_ADMIN_USER") or "admin", api_key=key)


@pytest.fixture
def open_live(tmp_path: Path) -> OpenLive:
    """Opens the server on the live Odoo as ODOO_USER (or as `odoo`); other keyword arguments are
    ServerSettings (read-only by default)."""

    @asynccontextmanager
    async def open_(odoo: OdooSettings | None = None, **server: Any) -> AsyncIterator[Live]:
        settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3", **server)
        audit = AuditLog.from_settings(settings.audit)
        mcp = build_server(odoo or load_odoo_settings(), settings, audit=audit)
        try:
            async with Client(mcp) as client:
                yield Live(client)
        finally:
            await audit.aclose()

    return open_
