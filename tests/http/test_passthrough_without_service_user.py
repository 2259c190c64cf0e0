"""Identity passthrough needs no service Odoo user: where Odoo is suffices, and a service login and key,
if given anyway, are never used for callers. Without passthrough the service user stays required."""

from __future__ import annotations

from pathlib import Path

import pytest
from team_server import team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.server import build_server
from mcp_odoo.settings import ConfigError, OdooTarget, ServerSettings


async def test_each_person_acts_as_their_own_odoo_user_on_a_server_without_a_service_user(
    tmp_path: Path,
) -> None:
    async with team_server(tmp_path) as team:
        alice = await team.call("alice", "count_records", model="sale.order")
        bob = await team.call("bob", "count_records", model="sale.order")
        entries = await team.audit.query(AuditQuery(last=2))
    assert alice.structured_content is not None
    assert bob.structured_content is not None
    assert (alice.structured_content["count"] > 0, bob.structured_content["count"]) == (True, 0)
    assert {entry.subject: entry.odoo_login for entry in entries} == {"alice": "mcp_bot", "bob": "limited"}


async def test_a_service_user_given_to_a_passthrough_server_is_never_used_for_a_caller(
    tmp_path: Path,
) -> None:
    async with team_server(tmp_path, with_service_user=True) as team:
        bob = await team.call("bob", "count_records", model="sale.order")
        entries = await team.audit.query(AuditQuery(last=1))
    assert bob.structured_content is not None
    assert bob.structured_content["count"] == 0
    assert entries[0].odoo_login == "limited"


async def test_a_person_without_odoo_user_is_refused_although_a_service_user_is_configured(
    tmp_path: Path,
) -> None:
    async with team_server(tmp_path, with_service_user=True) as team:
        result = await team.call("carol", "count_records", model="sale.order")
        calls = team.simulator.calls.total
    assert result.is_error
    assert "no Odoo user is mapped" in result.content[0].text  # type: ignore[union-attr]
    assert calls == 0


def test_a_server_without_passthrough_refuses_a_target_without_a_service_user(tmp_path: Path) -> None:
    target = OdooTarget(url="http://odoo.invalid")
    with pytest.raises(ConfigError) as caught:
        build_server(target, ServerSettings(audit_path=tmp_path / "audit.sqlite3"))
    assert str(caught.value) == (
        "without identity passthrough the server acts as one Odoo user: "
        "set ODOO_USER and ODOO_API_KEY (or ODOO_PASSWORD)"
    )
