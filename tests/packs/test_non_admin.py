"""Everything the server offers works for an internal Odoo user WITHOUT the Administration rights.

mcp_bot (Sales, Invoicing and Inventory user rights) is the user of every session here. Odoo 16-19
refuse such a user any read of ir.model and ir.model.data, so no feature may send one: labels,
readable models and an activity's model come from the methods Odoo keeps public for the web client
(ir.model.get_available_models / display_name_for, mail.activity.default_get).
"""

from __future__ import annotations

from typing import Any

import pytest
from mcp_types import TextContent, TextResourceContents
from pack_helpers import set_email

from mcp_odoo.settings import Protocol
from mcp_odoo.simulator.orm import Registry
from mcp_odoo.simulator.wire.state import Simulator
from sessions import OpenSession, Session, SessionFactory
from tool_results import error_of, structured, text_of

ADMIN_ONLY_MODELS = ("ir.model", "ir.model.data")
PUBLIC_METHODS = {("ir.model", "get_available_models"), ("ir.model", "display_name_for")}
ADMIN_GROUPS = ("base.group_system", "base.group_erp_manager")


def admin_only_calls(simulator: Simulator) -> list[tuple[str, str]]:
    """The (model, method) pairs sent to ir.model / ir.model.data other than their public methods."""
    sent = {(key.model, key.method) for key in simulator.calls.snapshot()}
    return sorted(pair for pair in sent if pair[0] in ADMIN_ONLY_MODELS and pair not in PUBLIC_METHODS)


async def first_id(s: Session, model: str, domain: list[Any]) -> int:
    page = structured(await s.call("search_records", model=model, domain=domain, fields=["id"], limit=1))
    return int(page["records"][0]["id"])


async def test_every_feature_works_as_mcp_bot_without_reading_admin_only_models(
    pack_session: SessionFactory, series: str
) -> None:
    async with pack_session(series=series, allow_writes=True) as s:
        bot = s.registry.users["mcp_bot"]
        assert not any(bot.has_group(group) for group in ADMIN_GROUPS)
        set_email(s.registry, "mcp_bot", "mcp_bot@example.com")
        partner = await first_id(s, "res.partner", [["is_company", "=", True]])
        order = await first_id(s, "sale.order", [])
        lead = await first_id(s, "crm.lead", [])
        calls: list[tuple[str, dict[str, Any]]] = [
            ("list_models", {"query": "sale"}),
            ("describe_model", {"model": "sale.order", "fields": ["name"]}),
            ("log_note", {"model": "crm.lead", "record": lead, "body": "Called back"}),
            (
                "schedule_activity",
                {"model": "crm.lead", "record": lead, "summary": "Quote", "due_date": "2030-01-02"},
            ),
            (
                "schedule_activity",
                {
                    "model": "sale.order",
                    "record": order,
                    "summary": "Call",
                    "due_date": "2030-01-03",
                    "activity_type": "Call",
                },
            ),
        ]
        for tool, arguments in calls:
            structured(await s.call(tool, **arguments))
        uris = [
            "odoo://models",
            "odoo://apps",
            f"odoo://res.partner/{partner}",
            f"odoo://sale.order/{order}/document",
        ]
        for uri in uris:
            content = (await s.client.read_resource(uri)).contents[0]
            assert isinstance(content, TextResourceContents), uri
            assert content.text.strip(), uri
        prompts = [
            ("customer_briefing", {"partner": str(partner)}),
            ("quotation_summary", {"order": str(order)}),
            ("sales_followup", {"lead": str(lead)}),
        ]
        for name, arguments in prompts:
            message = (await s.client.get_prompt(name, arguments)).messages[0].content
            assert isinstance(message, TextContent), name
            assert "(not available:" not in message.text, name
        assert admin_only_calls(s.simulator) == []


async def test_list_models_and_labels_come_from_odoos_public_model_methods(
    pack_session: SessionFactory,
) -> None:
    async with pack_session() as s:
        models = structured(await s.call("list_models", query="sales order"))["models"]
        described = structured(await s.call("describe_model", model="sale.order", fields=["name"]))
        await s.call("list_models", query="partner")
        calls = s.simulator.calls
        listings = calls.count(model="ir.model", method="get_available_models")
    assert {"model": "sale.order", "label": "Sales Order"} in models
    assert described["label"] == "Sales Order"
    assert listings == 1


def admin_search(
    registry: Registry, model: str, domain: list[Any], fields: list[str]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = registry.execute_kw(
        registry.users["admin"].uid, model, "search_read", [domain, fields], {}
    )
    return rows


@pytest.mark.parametrize("protocol", [Protocol.JSON2, Protocol.JSONRPC, Protocol.XMLRPC])
async def test_log_note_returns_one_message_id_where_odoo_19_answers_a_list(
    pack_session: SessionFactory, protocol: Protocol
) -> None:
    async with pack_session(series="19.0", protocol=protocol, allow_writes=True) as s:
        result = await s.call("log_note", model="res.partner", record="Azure Interior", body="Called")
        [message] = admin_search(s.registry, "mail.message", [["body", "=", "Called"]], ["id"])
    assert structured(result)["record"]["message_id"] == message["id"]


async def test_log_note_names_the_odoo_user_that_needs_an_email_address(pack_session: SessionFactory) -> None:
    """Odoo 16-18 refuse message_post from a user without email, in words that name no user."""
    async with pack_session(series="18.0", allow_writes=True) as s:
        error = error_of(await s.call("log_note", model="res.partner", record="Azure Interior", body="x"))
        assert s.writes == 0
    assert error["kind"] == "business_rule"
    assert "Odoo user 'mcp_bot'" in error["message"]
    assert "no email address" in error["message"]


async def test_log_note_posts_once_the_odoo_user_has_an_email_address(pack_session: SessionFactory) -> None:
    async with pack_session(series="18.0", allow_writes=True) as s:
        set_email(s.registry, "mcp_bot", "mcp_bot@example.com")
        result = await s.call("log_note", model="res.partner", record="Azure Interior", body="x")
    assert structured(result)["record"]["message_id"]


def activity_types(registry: Registry) -> dict[str, int]:
    return {row["name"]: row["id"] for row in admin_search(registry, "mail.activity.type", [], ["name"])}


async def test_schedule_activity_takes_the_activity_type_by_name(writer: OpenSession) -> None:
    async with writer() as s:
        result = await s.call(
            "schedule_activity",
            model="crm.lead",
            record=1,
            summary="Call about the quote",
            due_date="2030-01-15",
            activity_type="meeting",
        )
        [activity_id] = structured(result)["record"]["activity_ids"]
        [created] = admin_search(
            s.registry, "mail.activity", [["id", "=", activity_id]], ["activity_type_id"]
        )
        types = activity_types(s.registry)
    assert created["activity_type_id"][0] == types["Meeting"]
    assert "Scheduled Meeting 'Call about the quote'" in text_of(result)


async def test_schedule_activity_with_an_unknown_type_lists_the_closest(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(
            await s.call(
                "schedule_activity",
                model="crm.lead",
                record=1,
                summary="x",
                due_date="2030-01-15",
                activity_type="Cal",
            )
        )
        assert s.writes == 0
        call_id = activity_types(s.registry)["Call"]
    assert f"Call (#{call_id})" in error["message"]
