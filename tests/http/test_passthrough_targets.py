"""Several Odoo targets on a multi-user server: each person signs in to every target with their own stored
login and key (staging is a copy of production), under each target's policy; nobody reaches a target as
anyone else."""

from __future__ import annotations

from pathlib import Path

from mcp_types import ResourceLink
from team_server import team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.settings import AuthMode
from mcp_odoo.simulator.orm import Registry
from tool_results import error_of, structured, text_of

PARTNER = {"model": "res.partner", "values": {"name": "Staging only partner"}}


async def test_each_person_works_on_each_target_as_their_own_odoo_user(tmp_path: Path) -> None:
    async with team_server(tmp_path, AuthMode.STATIC, staging=Registry("19.0")) as team:
        assert team.staging is not None
        refused = await team.call("alice", "create_record", **PARTNER, target="production")
        assert error_of(refused)["kind"] == "refused"
        created = await team.call("alice", "create_record", **PARTNER, target="staging")
        assert not created.is_error, text_of(created)
        new_id = structured(created)["ids"][0]
        links = [block.uri for block in created.content if isinstance(block, ResourceLink)]
        assert links == [f"odoo://staging/res.partner/{new_id}"]
        assert team.staging.calls.writes == 1
        assert team.simulator.calls.writes == 0

        counted = await team.call("bob", "count_records", model="res.partner", target="staging")
        assert not counted.is_error, text_of(counted)
        nobody = await team.call("carol", "count_records", model="res.partner", target="staging")
        assert error_of(nobody)["kind"] == "refused"
        entries = await team.audit.query(AuditQuery(last=10))
    seen = [
        (entry.subject, entry.arguments["target"], entry.odoo_login, entry.outcome)
        for entry in reversed(entries)
    ]
    assert seen == [
        ("alice", "production", "mcp_bot", "refused"),
        ("alice", "staging", "mcp_bot", "ok"),
        ("bob", "staging", "limited", "ok"),
        ("carol", "staging", None, "refused"),
    ]
