"""odoo://{model}/{id}: one record as markdown, through the same policy as the tools."""

from __future__ import annotations

import pytest
from mcp.shared.exceptions import MCPError

from mcp_odoo.audit import AuditQuery

from .conftest import OpenSession


async def test_record_templates_are_listed(open_session: OpenSession) -> None:
    async with open_session() as session:
        templates = {
            t.uri_template for t in (await session.client.list_resource_templates()).resource_templates
        }
    assert {
        "odoo://{model}/{id}",
        "odoo://{model}/{id}/document",
        "odoo://report/{report_name}/{id}",
    } <= templates


async def test_partner_record_shows_relations_as_names(open_session: OpenSession) -> None:
    async with open_session() as session:
        partner = session.find("res.partner", [["name", "=", "Azure Interior"]])
        country = session.record("res.partner", partner["id"], ["country_id"])["country_id"]
        text = await session.read_text(f"odoo://res.partner/{partner['id']}")
    assert text.startswith("# Azure Interior")
    assert f"- **Country**: {country[1]}" in text
    assert f"[{country[0]}," not in text


async def test_monetary_values_carry_their_currency(open_session: OpenSession) -> None:
    async with open_session() as session:
        order = session.find("sale.order", [["name", "=", "S00001"]])
        values = session.record("sale.order", order["id"], ["amount_total", "currency_id"])
        text = await session.read_text(f"odoo://sale.order/{order['id']}")
    assert f"{values['amount_total']:,.2f} {values['currency_id'][1]}" in text


async def test_record_of_a_document_model_links_its_document(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://account.move/1")
    assert "odoo://account.move/1/document" in text


async def test_technical_fields_are_left_out(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://res.partner/15")
    for noise in ("Created by", "Last Updated by", "message_", "activity_", "Followers"):
        assert noise not in text


async def test_denied_model_is_unreadable(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match="not exposed"):
            await session.read_text("odoo://ir.config_parameter/1")


async def test_model_denied_by_configuration_is_unreadable(open_session: OpenSession) -> None:
    async with open_session(denied_models=["res.partner"]) as session:
        with pytest.raises(MCPError, match="not exposed"):
            await session.read_text("odoo://res.partner/15")
        assert session.simulator.calls.count(model="res.partner") == 0


async def test_access_token_of_a_record_is_never_shown(open_session: OpenSession) -> None:
    async with open_session() as session:
        session.odoo("account.move", "get_portal_url", [1])
        token = session.record("account.move", 1, ["access_token"])["access_token"]
        text = await session.read_text("odoo://account.move/1")
    assert token
    assert token not in text
    assert "access_token" not in text.lower().replace(" ", "_")


async def test_missing_record_is_reported(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match="does not exist or is not visible"):
            await session.read_text("odoo://res.partner/999999")


async def test_id_must_be_a_number(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match="not a record id"):
            await session.read_text("odoo://res.partner/azure")


async def test_resource_reads_are_audited(open_session: OpenSession) -> None:
    async with open_session() as session:
        await session.read_text("odoo://res.partner/15")
        entries = await session.audit.query(AuditQuery(tool="read_resource"))
    assert [(entry.model, entry.record_ids, entry.outcome) for entry in entries] == [
        ("res.partner", [15], "ok")
    ]
