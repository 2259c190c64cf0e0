"""Resource reads on the multi-user server are audited with the authenticated subject, like tool calls."""

from __future__ import annotations

from pathlib import Path

from team_server import team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.settings import AuthMode, IdentityMode


async def test_a_resource_read_is_audited_with_the_callers_subject(tmp_path: Path) -> None:
    async with team_server(tmp_path, AuthMode.STATIC, IdentityMode.SHARED) as team:
        async with team.client("carol") as client:
            await client.read_resource("odoo://sale.order/3")
        entries = await team.audit.query(AuditQuery(last=1))
    assert (entries[0].tool, entries[0].subject) == ("read_resource", "carol")
