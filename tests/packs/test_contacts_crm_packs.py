"""Contacts and CRM packs through an MCP client session, on 18.0 and 19.0."""

from __future__ import annotations

from pack_helpers import links_of, set_email

from sessions import OpenSession
from tool_results import error_of, structured, text_of


async def test_find_partners_matches_name_and_email(reader: OpenSession) -> None:
    async with reader() as s:
        by_name = structured(await s.call("find_partners", query="Azure"))["records"]
        assert any(card["name"] == "Azure Interior" for card in by_name)
        email = next(card["email"] for card in by_name if card["name"] == "Azure Interior")
        by_email = structured(await s.call("find_partners", query=email))["records"]
        assert [card["name"] for card in by_email] == ["Azure Interior"]


async def test_create_partner_links_the_new_record(writer: OpenSession) -> None:
    async with writer() as s:
        result = await s.call(
            "create_partner", name="Jane Example", email="jane@example.invalid", company="Azure Interior"
        )
        card = structured(result)["record"]
        assert card["parent_id"]["name"] == "Azure Interior"
        assert links_of(result) == [f"odoo://res.partner/{card['id']}"]


async def test_create_partner_with_existing_email_returns_the_existing_partner(writer: OpenSession) -> None:
    async with writer() as s:
        azure = structured(await s.call("find_partners", query="Azure Interior"))["records"][0]
        result = await s.call("create_partner", name="Azure again", email=azure["email"])
        assert structured(result)["record"]["id"] == azure["id"]
        assert "already has email" in text_of(result)
        assert s.writes == 0


async def test_create_crm_lead_for_an_email_and_retry_creates_one(writer: OpenSession) -> None:
    async with writer() as s:
        arguments = {
            "name": "Chairs for 40 seats",
            "email": "buyer@example.invalid",
            "idempotency_key": "lead-1",
        }
        first = structured(await s.call("create_crm_lead", **arguments))["record"]
        writes = s.writes
        again = structured(await s.call("create_crm_lead", **arguments))["record"]
        assert again["id"] == first["id"]
        assert first["email_from"] == "buyer@example.invalid"
        assert s.writes == writes


async def test_list_crm_leads_won(reader: OpenSession) -> None:
    async with reader() as s:
        leads = structured(await s.call("list_crm_leads", status="won"))["records"]
        assert leads
        assert all(lead["stage_id"]["name"] == "Won" for lead in leads)


async def test_list_crm_leads_by_unknown_stage_lists_candidates(reader: OpenSession) -> None:
    async with reader() as s:
        error = error_of(await s.call("list_crm_leads", stage="Qualif"))
        assert "Qualified (#" in error["message"]


async def test_update_crm_lead_moves_it_to_a_stage_by_name(writer: OpenSession) -> None:
    async with writer() as s:
        lead = structured(await s.call("list_crm_leads", stage="New", limit=1))["records"][0]
        updated = structured(
            await s.call("update_crm_lead", lead=lead["id"], stage="Qualified", probability=40)
        )
        assert updated["record"]["stage_id"]["name"] == "Qualified"
        assert updated["record"]["probability"] == 40


async def test_log_note_on_an_order_by_number(writer: OpenSession) -> None:
    async with writer() as s:
        set_email(s.registry, "mcp_bot", "mcp_bot@example.com")
        result = await s.call("log_note", model="sale.order", record="S00003", body="Customer called")
        assert structured(result)["record"]["message_id"]
        assert links_of(result) == ["odoo://sale.order/3"]


async def test_schedule_activity_for_a_user_by_login(writer: OpenSession) -> None:
    async with writer() as s:
        result = await s.call(
            "schedule_activity",
            model="res.partner",
            record="Azure Interior",
            summary="Call back",
            due_date="2026-12-01",
            assignee="demo",
        )
        assert structured(result)["record"]["activity_ids"]
        assert "Marc Demo" in text_of(result)


async def test_schedule_activity_rejects_a_bad_date(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(
            await s.call(
                "schedule_activity", model="res.partner", record=15, summary="x", due_date="next week"
            )
        )
        assert "YYYY-MM-DD" in error["hint"]
        assert s.writes == 0
