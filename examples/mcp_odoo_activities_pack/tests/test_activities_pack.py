"""The example pack, registered as mcp-odoo registers an installed pack, against the simulator."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.packs import register_packs
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ENTRY_POINT = EntryPoint(name="activities", value="mcp_odoo_activities_pack:PACK", group="mcp_odoo.packs")


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the example were pip-installed: its entry point is listed in the group."""
    monkeypatch.setattr(
        "mcp_odoo.packs.entry_points", lambda group: [ENTRY_POINT] if group == "mcp_odoo.packs" else []
    )


async def test_installed_pack_tool_is_registered_and_answers(installed: None, tmp_path: Path) -> None:
    registry = Registry("19.0")
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    odoo = OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    audit = AuditLog.from_settings(settings.audit)
    mcp = build_server(odoo, settings, transport=httpx2.ASGITransport(app=create_app(registry)), audit=audit)
    assert "list_activities" in register_packs(mcp, settings.surface, settings.policy)
    try:
        async with Client(mcp) as client:
            result = await client.call_tool("list_activities", {"limit": 5})
            structured: dict[str, Any] = result.structured_content or {}
            assert not result.is_error
            assert structured["model"] == "mail.activity"
    finally:
        await audit.aclose()
