"""The prompt library through an MCP client: listed, rendered with the real Odoo data embedded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import TextContent

from mcp_odoo.prompts.sources import today
from resources.harness import OdooSession

from .conftest import OpenSession

SHIPPED = {"dunning_email", "sales_followup", "customer_briefing", "quotation_summary", "overdue_review"}


async def prompt_text(session: OdooSession, name: str, **arguments: str) -> str:
    result = await session.client.get_prompt(name, arguments)
    assert len(result.messages) == 1
    content = result.messages[0].content
    assert isinstance(content, TextContent)
    return content.text


async def test_the_shipped_prompts_are_listed_with_their_arguments(open_session: OpenSession) -> None:
    async with open_session() as session:
        prompts = {prompt.name: prompt for prompt in (await session.client.list_prompts()).prompts}
    assert set(prompts) >= SHIPPED
    assert [(arg.name, arg.required) for arg in prompts["overdue_review"].arguments or []] == [
        ("partner", False)
    ]
    assert [(arg.name, arg.required) for arg in prompts["dunning_email"].arguments or []] == [
        ("invoice", True)
    ]


async def test_dunning_email_embeds_the_invoice_as_odoo_computed_it(open_session: OpenSession) -> None:
    async with open_session() as session:
        invoice = session.find("account.move", [["name", "=", "INV/2026/00004"]])
        values = session.record("account.move", invoice["id"], ["amount_residual", "invoice_date_due"])
        text = await prompt_text(session, "dunning_email", invoice="INV/2026/00004")
    assert f"odoo://account.move/{invoice['id']}" in text
    assert f"| Amount Due | {values['amount_residual']:,.2f} USD |" in text
    assert f"- **Due Date**: {values['invoice_date_due']}" in text


async def test_every_shipped_prompt_states_what_the_model_must_not_do(open_session: OpenSession) -> None:
    async with open_session() as session:
        texts = [
            await prompt_text(session, "dunning_email", invoice="INV/2026/00004"),
            await prompt_text(session, "sales_followup", lead="1"),
            await prompt_text(session, "customer_briefing", partner="Azure Interior"),
            await prompt_text(session, "quotation_summary", order="S00001"),
            await prompt_text(session, "overdue_review"),
        ]
    for text in texts:
        assert "You must not:" in text
        assert "Tone:" in text


async def test_overdue_review_lists_overdue_invoices_with_days_late(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await prompt_text(session, "overdue_review")
        invoice = session.find("account.move", [["name", "=", "INV/2026/00004"]])
        values = session.record("account.move", invoice["id"], ["invoice_date_due", "partner_id"])
    late = (today() - dt.date.fromisoformat(values["invoice_date_due"])).days
    assert late > 0
    assert f"| INV/2026/00004 | {values['partner_id'][1]} | {values['invoice_date_due']} | {late} |" in text
    assert "INV/2026/00001" not in text


async def test_overdue_review_for_one_customer_leaves_the_others_out(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await prompt_text(session, "overdue_review", partner="Azure Interior")
    assert "of Azure Interior" in text
    assert "INV/2026/00004" not in text


async def test_customer_briefing_embeds_the_partner_and_its_opportunities(open_session: OpenSession) -> None:
    async with open_session() as session:
        partner = session.find("res.partner", [["name", "=", "Azure Interior"]])
        leads = session.odoo(
            "crm.lead",
            "search_read",
            [["partner_id", "=", partner["id"]], ["type", "=", "opportunity"]],
            fields=["name"],
        )
        text = await prompt_text(session, "customer_briefing", partner=str(partner["id"]))
    assert "# Azure Interior" in text
    assert leads
    assert all(lead["name"] in text for lead in leads)


async def test_quotation_summary_embeds_the_order_totals(open_session: OpenSession) -> None:
    async with open_session() as session:
        order = session.find("sale.order", [["name", "=", "S00001"]])
        total = session.record("sale.order", order["id"], ["amount_total"])["amount_total"]
        text = await prompt_text(session, "quotation_summary", order="S00001")
    assert f"| **Total** | **{total:,.2f} USD** |" in text


async def test_sales_followup_embeds_the_lead(open_session: OpenSession) -> None:
    async with open_session() as session:
        lead = session.record("crm.lead", 1, ["name", "contact_name"])
        text = await prompt_text(session, "sales_followup", lead="1")
    assert f"# {lead['name']}" in text
    assert lead["contact_name"] in text


async def test_ambiguous_record_name_lists_the_candidates(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(
            MCPError, match=r"no account\.move named 'INV/2026'; closest: .*INV/2026/\d+ \(#\d+\)"
        ):
            await prompt_text(session, "dunning_email", invoice="INV/2026")


async def test_unknown_record_is_a_clear_error(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match=r"no account\.move matches 'NOPE/1'"):
            await prompt_text(session, "dunning_email", invoice="NOPE/1")


async def test_prompt_on_a_denied_model_is_refused(open_session: OpenSession) -> None:
    async with open_session(denied_models=["account.move"]) as session:
        with pytest.raises(MCPError, match="not exposed"):
            await prompt_text(session, "dunning_email", invoice="INV/2026/00004")


async def test_a_clients_folder_adds_and_replaces_prompts(open_session: OpenSession, tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "dunning_email.md").write_text(
        '+++\ntitle = "Ours"\ndescription = "House style"\n\n[[arguments]]\nname = "invoice"\n'
        'description = "Invoice"\nmodel = "account.move"\n+++\nHouse reminder for ${invoice}.\n'
    )
    (folder / "hello.md").write_text(
        '+++\ntitle = "Hello"\ndescription = "Greets"\n+++\nHello on ${today}.\n'
    )
    async with open_session(prompts_dir=folder) as session:
        names = {prompt.name for prompt in (await session.client.list_prompts()).prompts}
        replaced = await prompt_text(session, "dunning_email", invoice="INV/2026/00004")
    assert names == SHIPPED | {"hello"}
    assert replaced == "House reminder for INV/2026/00004.\n"
