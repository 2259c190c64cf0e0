"""The server built from the settings serves change subscriptions: the poll interval and the saved queries
come from MCP_ODOO_SUBSCRIPTION_INTERVAL_SECONDS and [[server.saved_queries]], with no extra wiring."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from live_helpers import Notifications, OdooUser, odoo_settings
from mcp import Client
from starlette.applications import Starlette

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import ConfigError, ServerSettings, load_server_settings
from mcp_odoo.simulator.orm import Registry

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

PARTNER = "odoo://res.partner/9"


async def test_a_server_built_from_its_settings_announces_changes(
    tmp_path: Path, registry: Registry, app: Starlette
) -> None:
    settings = ServerSettings(
        audit_path=tmp_path / "audit.sqlite3",
        subscription_interval_seconds=1,
        saved_queries=[{"name": "draft_orders", "model": "sale.order", "domain": [["state", "=", "draft"]]}],
    )
    audit = AuditLog.from_settings(settings.audit)
    mcp = build_server(
        odoo_settings(registry, "mcp_bot"), settings, transport=httpx2.ASGITransport(app=app), audit=audit
    )
    notes = Notifications()
    try:
        async with Client(mcp, mode="legacy", message_handler=notes.handler) as client:
            listed = [str(resource.uri) for resource in (await client.list_resources()).resources]
            await client.subscribe_resource(PARTNER)
            await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 01 09"})
            await notes.wait_for(PARTNER)
    finally:
        await audit.aclose()
    assert "odoo://query/draft_orders" in listed


def test_saved_queries_and_the_interval_are_read_from_the_configuration_file(tmp_path: Path) -> None:
    config = tmp_path / "mcp-odoo.toml"
    config.write_text(
        "[server]\nsubscription_interval_seconds = 10\n"
        '[[server.saved_queries]]\nname = "my_quotations"\nmodel = "sale.order"\n'
        'domain = [["user_id", "=", "$uid"], ["state", "in", ["draft", "sent"]]]\n'
    )
    settings = load_server_settings(config)
    assert settings.live.subscription_interval_seconds == 10
    assert [query.saved().name for query in settings.live.saved_queries] == ["my_quotations"]


def test_a_poll_interval_under_a_second_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_ODOO_SUBSCRIPTION_INTERVAL_SECONDS", "0.1")
    with pytest.raises(ConfigError, match="MCP_ODOO_SUBSCRIPTION_INTERVAL_SECONDS"):
        load_server_settings()
