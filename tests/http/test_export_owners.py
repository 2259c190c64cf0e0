"""An export belongs to the Odoo user who made it: on a multi-user server another person, acting as another
Odoo user, cannot read the file, even with its address."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import TextResourceContents
from team_server import team_server

from mcp_odoo.settings import AuthMode
from tool_results import structured, text_of


async def test_another_odoo_user_cannot_read_an_export(tmp_path: Path) -> None:
    async with team_server(tmp_path, AuthMode.STATIC) as team:
        async with team.client("alice") as alice:
            exported = await alice.call_tool("export_records", {"model": "res.partner", "fields": ["name"]})
            outcome = structured(exported)
            assert outcome["status"] == "complete", text_of(exported)
            read = await alice.read_resource(outcome["uri"])
            assert isinstance(read.contents[0], TextResourceContents)
        async with team.client("bob") as bob:
            with pytest.raises(MCPError, match=r"there is no export .* for this Odoo user"):
                await bob.read_resource(outcome["uri"])
        async with team.client("reader") as alice_read_only:
            again = await alice_read_only.read_resource(outcome["uri"])
    assert again.contents == read.contents
