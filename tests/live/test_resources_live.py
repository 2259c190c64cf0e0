"""Resources and prompts against a real Odoo with the stock demo data. Reads only."""

from __future__ import annotations

import pytest
from live_support import Live, OpenLive
from mcp_types import TextContent, TextResourceContents

POSTED_INVOICE = [["move_type", "=", "out_invoice"], ["state", "=", "posted"]]


async def read_text(live: Live, uri: str) -> str:
    content = (await live.client.read_resource(uri)).contents[0]
    assert isinstance(content, TextResourceContents)
    return content.text


async def prompt_text(live: Live, name: str, arguments: dict[str, str]) -> str:
    content = (await live.client.get_prompt(name, arguments)).messages[0].content
    assert isinstance(content, TextContent)
    return content.text


@pytest.mark.parametrize("uri", ["odoo://user", "odoo://apps", "odoo://models"])
async def test_static_resource_reads_as_text(uri: str, open_live: OpenLive) -> None:
    async with open_live() as live:
        assert (await read_text(live, uri)).strip()


async def test_partner_record_reads_as_markdown(open_live: OpenLive) -> None:
    async with open_live() as live:
        partner = await live.first("res.partner", [["is_company", "=", True]], ["display_name"])
        text = await read_text(live, f"odoo://res.partner/{partner['id']}")
    assert text.startswith(f"# {partner['display_name']}")


async def test_invoice_document_total_is_odoos(open_live: OpenLive) -> None:
    async with open_live() as live:
        invoice = await live.first("account.move", POSTED_INVOICE, ["amount_total", "currency_id"])
        text = await read_text(live, f"odoo://account.move/{invoice['id']}/document")
    total = f"{invoice['amount_total']:,.2f} {invoice['currency_id']['name']}"
    assert any(line.startswith("| ") and "Total" in line and total in line for line in text.splitlines())


async def test_dunning_prompt_embeds_the_invoice(open_live: OpenLive) -> None:
    async with open_live() as live:
        invoice = await live.first("account.move", POSTED_INVOICE, ["name"])
        text = await prompt_text(live, "dunning_email", {"invoice": str(invoice["id"])})
    assert f"odoo://account.move/{invoice['id']}" in text
    assert "You must not:" in text


async def test_customer_briefing_prompt_embeds_the_partner(open_live: OpenLive) -> None:
    async with open_live() as live:
        partner = await live.first("res.partner", [["is_company", "=", True]], ["name"])
        text = await prompt_text(live, "customer_briefing", {"partner": str(partner["id"])})
    assert f"odoo://res.partner/{partner['id']}" in text


async def test_quotation_summary_prompt_embeds_the_order(open_live: OpenLive) -> None:
    async with open_live() as live:
        order = await live.first("sale.order", [], ["name"], order="id")
        text = await prompt_text(live, "quotation_summary", {"order": str(order["id"])})
    assert f"odoo://sale.order/{order['id']}" in text


async def test_sales_followup_prompt_embeds_the_lead(open_live: OpenLive) -> None:
    async with open_live() as live:
        lead = await live.first("crm.lead", [], ["name"], order="id")
        text = await prompt_text(live, "sales_followup", {"lead": str(lead["id"])})
    assert f"odoo://crm.lead/{lead['id']}" in text


async def test_overdue_review_prompt_answers_for_every_customer(open_live: OpenLive) -> None:
    async with open_live() as live:
        assert (await prompt_text(live, "overdue_review", {})).strip()


async def test_invoice_pdf_is_rendered_or_clearly_refused(open_live: OpenLive) -> None:
    async with open_live() as live:
        invoice = await live.first("account.move", POSTED_INVOICE, ["name"])
        result = await live.call("get_invoice_pdf", invoice=str(invoice["id"]))
    if result.is_error:
        content = result.content[0]
        assert isinstance(content, TextContent)
        assert "wkhtmltopdf" in content.text
    else:
        assert result.structured_content is not None
        assert result.structured_content["obtained_via"] == "portal"
        assert result.structured_content["size"] > 0
