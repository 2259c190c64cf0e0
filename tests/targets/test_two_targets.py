"""Several Odoo databases in one server: every tool takes `target`, each call works on one database under
that database's policy, addresses name their target, and the audit says which database a call worked on."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import types
from mcp_types import ResourceLink, TextResourceContents
from target_sessions import TwoTargetsFactory

from mcp_odoo.audit import AuditQuery
from tool_results import error_of, structured, text_of

NAME = "Target test partner"


async def accept(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"confirm": True})


def links_of(result: Any) -> list[str]:
    return [block.uri for block in result.content if isinstance(block, ResourceLink)]


async def test_every_tool_takes_the_target_with_the_default_first(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        tools = (await session.client.list_tools()).tools
        assert tools
        for tool in tools:
            target = tool.input_schema["properties"]["target"]
            assert target["enum"] == ["production", "staging"], tool.name
            assert "target" not in tool.input_schema.get("required", [])
        instructions = session.server.instructions or ""
        assert "production (read-only); staging (writes enabled)" in instructions


async def test_a_call_reads_the_database_it_names(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        created = await session.call(
            "create_record", model="res.partner", values={"name": NAME}, target="staging"
        )
        new_id = structured(created)["ids"][0]
        on_staging = await session.call(
            "count_records", model="res.partner", domain=[["name", "=", NAME]], target="staging"
        )
        on_default = await session.call("count_records", model="res.partner", domain=[["name", "=", NAME]])
        assert structured(on_staging)["count"] == 1
        assert structured(on_default)["count"] == 0
        assert session.rows("staging", "res.partner", [["id", "=", new_id]]) == 1
        assert session.writes("production") == 0
        named = await session.call("count_records", model="res.partner", target="production")
        unnamed = await session.call("count_records", model="res.partner")
        assert structured(named) == structured(unnamed)


async def test_each_target_applies_its_own_policy(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        refused = await session.call(
            "create_record", model="res.partner", values={"name": NAME}, target="production"
        )
        error = error_of(refused)
        assert error["kind"] == "refused"
        assert "read-only" in error["message"]
        assert session.writes("production") == 0
        defaulted = await session.call("create_record", model="res.partner", values={"name": NAME})
        assert error_of(defaulted)["kind"] == "refused"
        assert session.writes("production") == 0
        assert session.writes("staging") == 0


async def test_links_name_the_target_and_read_back_from_it(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        created = await session.call(
            "create_record", model="res.partner", values={"name": NAME}, target="staging"
        )
        new_id = structured(created)["ids"][0]
        assert links_of(created) == [f"odoo://staging/res.partner/{new_id}"]
        read = await session.client.read_resource(f"odoo://staging/res.partner/{new_id}")
        content = read.contents[0]
        assert isinstance(content, TextResourceContents)
        assert content.text.startswith(f"# {NAME}")
        if session.rows("production", "res.partner", [["id", "=", new_id]]):
            other = await session.client.read_resource(f"odoo://res.partner/{new_id}")
            assert NAME not in str(other.contents[0])


async def test_documents_and_unknown_targets_in_addresses(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        orders = await session.call(
            "search_records", model="sale.order", fields=["name"], limit=1, target="staging"
        )
        order = structured(orders)["records"][0]
        document = await session.client.read_resource(f"odoo://staging/sale.order/{order['id']}/document")
        assert order["name"] in str(document.contents[0])
        templates = {
            template.uri_template
            for template in (await session.client.list_resource_templates()).resource_templates
        }
        assert {"odoo://{target}/{model}/{id}", "odoo://{target}/{model}/{id}/document"} <= templates
        with pytest.raises(Exception, match="there is no Odoo target 'nowhere'"):
            await session.client.read_resource("odoo://nowhere/res.partner/1")


async def test_an_unknown_target_argument_is_refused_before_odoo(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        result = await session.call("count_records", model="res.partner", target="nowhere")
        assert result.is_error
        assert "production" in text_of(result)
        assert "staging" in text_of(result)


async def test_the_audit_names_the_target_of_every_call(two_targets: TwoTargetsFactory) -> None:
    async with two_targets() as session:
        await session.call("count_records", model="res.partner")
        await session.call("count_records", model="res.partner", target="staging")
        await session.call("create_record", model="res.partner", values={"name": NAME}, target="production")
        entries = list(reversed(await session.audit.query(AuditQuery(last=10))))
    assert [(entry.tool, entry.arguments["target"], entry.outcome) for entry in entries] == [
        ("count_records", "production", "ok"),
        ("count_records", "staging", "ok"),
        ("create_record", "production", "refused"),
    ]
    assert entries[1].odoo_login == "mcp_bot"


async def test_a_confirmation_is_for_the_target_it_was_shown_on(two_targets: TwoTargetsFactory) -> None:
    async with two_targets(writes=("production", "staging")) as session:
        partner = await session.call(
            "search_records", model="res.partner", fields=["name"], limit=1, target="staging"
        )
        partner_id = structured(partner)["records"][0]["id"]
        asked = await session.call(
            "update_record", model="res.partner", ids=[partner_id], values={"active": False}, target="staging"
        )
        token = structured(asked)["confirmation_token"]
        elsewhere = await session.call(
            "update_record",
            model="res.partner",
            ids=[partner_id],
            values={"active": False},
            target="production",
            confirmation_token=token,
        )
        assert elsewhere.is_error
        assert session.writes("production") == 0
        done = await session.call(
            "update_record",
            model="res.partner",
            ids=[partner_id],
            values={"active": False},
            target="staging",
            confirmation_token=token,
        )
        assert not done.is_error, text_of(done)
        assert session.writes("staging") == 1


async def test_the_elicited_confirmation_previews_the_target_it_runs_on(
    two_targets: TwoTargetsFactory,
) -> None:
    async with two_targets(elicitation_callback=accept, mode="legacy") as session:
        drafts = await session.call(
            "search_records",
            model="sale.order",
            domain=[["state", "=", "draft"]],
            fields=["name"],
            limit=1,
            target="staging",
        )
        order = structured(drafts)["records"][0]
        confirmed = await session.call("confirm_quotation", order=order["name"], target="staging")
        assert structured(confirmed)["status"] == "done", text_of(confirmed)
        assert session.writes("production") == 0
        assert links_of(confirmed)[0] == f"odoo://staging/sale.order/{order['id']}"


async def test_an_export_made_on_a_named_target_is_read_back(two_targets: TwoTargetsFactory) -> None:
    """The server signs in as another Odoo user on staging: the export is still the caller's."""
    async with two_targets(users={"staging": "admin"}) as session:
        exported = await session.call(
            "export_records", model="res.partner", fields=["name"], target="staging"
        )
        data = structured(exported)
        assert data["status"] == "complete", text_of(exported)
        read = await session.client.read_resource(data["uri"])
        content = read.contents[0]
        assert isinstance(content, TextResourceContents)
        lines = content.text.splitlines()
        assert len(lines) == data["rows"] + 1
        assert lines[0].startswith("id,")
        [entry] = [e for e in await session.audit.query(AuditQuery(last=5)) if e.tool == "read_resource"]
    assert entry.arguments == {"uri": data["uri"], "target": "production"}
    assert entry.outcome == "ok"
