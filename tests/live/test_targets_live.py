"""Several Odoo targets on a real Odoo: the live Odoo served twice, as ``production`` (read-only, the default)
and ``staging`` (writes enabled), as a team would point one server at two databases. Each call works on its
target under that target's policy, and the addresses it returns name the target.

Creates one partner named "mcp-odoo live <hex>" through ``staging``."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from mcp import Client
from mcp_types import ResourceLink, TextResourceContents

from mcp_odoo.audit import AuditLog, AuditQuery
from mcp_odoo.server import build_server
from mcp_odoo.settings import NamedTarget, PolicySettings, ServerSettings, load_odoo_settings
from tool_results import error_of, structured, text_of


@asynccontextmanager
async def two_targets(tmp_path: Path) -> AsyncIterator[tuple[Client, AuditLog]]:
    odoo = load_odoo_settings()
    targets = [
        NamedTarget("production", odoo, PolicySettings(allow_writes=False)),
        NamedTarget("staging", odoo, PolicySettings(allow_writes=True)),
    ]
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    audit = AuditLog.from_settings(settings.audit)
    try:
        async with Client(build_server(targets, settings, audit=audit)) as client:
            yield client, audit
    finally:
        await audit.aclose()


async def test_each_target_works_under_its_own_policy_and_names_itself(tmp_path: Path) -> None:
    name = f"mcp-odoo live {secrets.token_hex(4)}"
    async with two_targets(tmp_path) as (client, audit):
        refused = await client.call_tool(
            "create_record", {"model": "res.partner", "values": {"name": name}, "target": "production"}
        )
        assert error_of(refused)["kind"] == "refused"
        before = await client.call_tool(
            "count_records", {"model": "res.partner", "domain": [["name", "=", name]], "target": "staging"}
        )
        assert structured(before)["count"] == 0

        created = await client.call_tool(
            "create_record", {"model": "res.partner", "values": {"name": name}, "target": "staging"}
        )
        assert not created.is_error, text_of(created)
        new_id = structured(created)["ids"][0]
        links = [block.uri for block in created.content if isinstance(block, ResourceLink)]
        assert links == [f"odoo://staging/res.partner/{new_id}"]
        read = await client.read_resource(links[0])
        content = read.contents[0]
        assert isinstance(content, TextResourceContents)
        assert content.text.startswith(f"# {name}")
        on_default = await client.call_tool(
            "count_records", {"model": "res.partner", "domain": [["id", "=", new_id]]}
        )
        assert structured(on_default)["count"] == 1  # the same database, served as both targets here
        entries = await audit.query(AuditQuery(last=10))
    assert [(entry.tool, entry.arguments["target"], entry.outcome) for entry in reversed(entries)] == [
        ("create_record", "production", "refused"),
        ("count_records", "staging", "ok"),
        ("create_record", "staging", "ok"),
        ("read_resource", "staging", "ok"),
        ("count_records", "production", "ok"),
    ]
