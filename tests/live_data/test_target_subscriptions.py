"""Change subscriptions on a server with two Odoo targets: a record on a named target is watched there, with
that target's gateway, and announced under the address it was subscribed by; the same id on the default
target is another record."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from live_helpers import Notifications, OdooUser
from mcp import Client

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import NamedTarget, PolicySettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import HostRouter, odoo_settings

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")


async def test_a_record_on_a_named_target_is_watched_there(tmp_path: Path) -> None:
    registries = {"production": Registry("19.0"), "staging": Registry("19.0")}
    apps = {name: create_app(registry) for name, registry in registries.items()}
    router = HostRouter({f"{name}.example": httpx2.ASGITransport(app=app) for name, app in apps.items()})
    targets = [
        NamedTarget(name, odoo_settings(registry, url=f"http://{name}.example"), PolicySettings())
        for name, registry in registries.items()
    ]
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3", subscription_interval_seconds=1)
    audit = AuditLog.from_settings(settings.audit)
    notes = Notifications()
    try:
        mcp = build_server(targets, settings, transport=router, audit=audit)
        async with Client(mcp, mode="legacy", message_handler=notes.handler) as client:
            await client.subscribe_resource("odoo://staging/res.partner/9")
            await client.subscribe_resource("odoo://res.partner/10")
            production = OdooUser(apps["production"], registries["production"])
            await production.write("res.partner", 9, {"phone": "+32 2 555 01 09"})
            staging = OdooUser(apps["staging"], registries["staging"])
            await staging.write("res.partner", 9, {"phone": "+32 2 555 01 19"})
            await notes.wait_for("odoo://staging/res.partner/9")
            await production.write("res.partner", 10, {"phone": "+32 2 555 01 10"})
            await notes.wait_for("odoo://res.partner/10")
            with pytest.raises(Exception, match="cannot be watched"):
                await client.subscribe_resource("odoo://nowhere/res.partner/9")
    finally:
        await audit.aclose()
    # a write is announced once it is seen, and again once its write_date has settled (see live.observe)
    assert set(notes.uris) == {"odoo://staging/res.partner/9", "odoo://res.partner/10"}
