"""Each view as a person sees it: rendered in headless Chromium by an MCP Apps host with the answer of
its tool (called for real on the simulator), its DOM checked against that answer, and its actions
sent back through the same tools and policy."""

from __future__ import annotations

from typing import Any

from mcp import Client
from mcp_types import CallToolResult

from mcp_odoo.preview.browser import Browser
from mcp_odoo.preview.render import OpenView, demo_client, open_view
from mcp_odoo.views import DOCUMENT, PIPELINE, STOCK, View


def data(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    assert result.structured_content is not None
    content: dict[str, Any] = result.structured_content
    return content


async def show(
    browser: Browser, client: Client, view: View, tool: str, **arguments: Any
) -> tuple[OpenView, dict[str, Any]]:
    result = await client.call_tool(tool, arguments)
    return await open_view(browser, view, tool, arguments, result, client.call_tool), data(result)


COLUMNS = """[...document.querySelectorAll('section.column')].map((column) => ({
  id: Number(column.dataset.stageId),
  name: column.querySelector('h2').textContent,
  count: Number(column.querySelector('.count').dataset.value),
  revenue: Number(column.querySelector('.revenue').dataset.value),
  cards: [...column.querySelectorAll('article.card')].map((card) => ({
    id: Number(card.dataset.leadId),
    partner: card.querySelector('.partner').textContent,
    probability: Number(card.querySelector('.probability').dataset.value),
    expected: Number(card.querySelector('.expected').dataset.value),
  })),
}))"""


async def test_pipeline_board_has_a_column_per_stage_with_odoos_totals(browser: Browser) -> None:
    async with demo_client() as client:
        board, pipeline = await show(browser, client, PIPELINE, "get_crm_pipeline", leads_per_stage=3)
        columns = await board.evaluate(COLUMNS)
        total = await board.evaluate("Number(document.getElementById('total-revenue').dataset.value)")
    assert [(column["id"], column["name"]) for column in columns] == [
        (stage["stage"]["id"], stage["stage"]["name"]) for stage in pipeline["stages"]
    ]
    assert [(column["count"], column["revenue"]) for column in columns] == [
        (stage["count"], stage["expected_revenue"]) for stage in pipeline["stages"]
    ]
    assert total == pipeline["total_expected_revenue"]
    for column, stage in zip(columns, pipeline["stages"], strict=True):
        assert [card["id"] for card in column["cards"]] == [lead["id"] for lead in stage["leads"]]
        for card, lead in zip(column["cards"], stage["leads"], strict=True):
            partner = (lead.get("partner_id") or {}).get("name") or lead.get("contact_name") or "No customer"
            assert (card["partner"], card["probability"]) == (partner, lead.get("probability", 0))
            assert card["expected"] == lead.get("expected_revenue", 0)


async def test_pipeline_board_of_listed_leads_sums_them_per_stage(browser: Browser) -> None:
    async with demo_client() as client:
        board, listed = await show(browser, client, PIPELINE, "list_crm_leads", limit=12)
        columns = await board.evaluate(COLUMNS)
        note = await board.evaluate("document.getElementById('summary').textContent")
    sums: dict[int, float] = {}
    for lead in listed["records"]:
        sums[lead["stage_id"]["id"]] = sums.get(lead["stage_id"]["id"], 0.0) + lead.get("expected_revenue", 0)
    assert {column["id"]: column["revenue"] for column in columns} == sums
    assert sum(len(column["cards"]) for column in columns) == len(listed["records"]) == 12
    assert "over the leads listed" in note


async def test_moving_a_lead_goes_through_update_crm_lead(browser: Browser) -> None:
    async with demo_client() as client:
        board, pipeline = await show(browser, client, PIPELINE, "get_crm_pipeline", leads_per_stage=3)
        lead = pipeline["stages"][0]["leads"][0]
        target = pipeline["stages"][1]["stage"]
        await board.choose(f"article[data-lead-id='{lead['id']}'] select", str(target["id"]))
        moved = await board.evaluate(
            f"document.querySelector(\"article[data-lead-id='{lead['id']}']\").closest('section').dataset.stageId"
        )
        after = data(await client.call_tool("get_crm_pipeline", {"leads_per_stage": 0}))
    assert board.calls == [
        ("update_crm_lead", {"lead": lead["id"], "stage": target["id"]}),
        ("get_crm_pipeline", {"leads_per_stage": 3}),
    ]
    assert int(moved) == target["id"]
    counts = {stage["stage"]["id"]: stage["count"] for stage in after["stages"]}
    assert counts[target["id"]] == pipeline["stages"][1]["count"] + 1


async def test_a_view_cannot_write_on_a_read_only_server(browser: Browser) -> None:
    async with demo_client(allow_writes=False) as client:
        board, pipeline = await show(browser, client, PIPELINE, "get_crm_pipeline", leads_per_stage=3)
        lead = pipeline["stages"][0]["leads"][0]
        target = pipeline["stages"][1]["stage"]
        await board.choose(f"article[data-lead-id='{lead['id']}'] select", str(target["id"]))
        message = await board.evaluate("document.getElementById('status').textContent")
        after = data(await client.call_tool("get_crm_pipeline", {"leads_per_stage": 0}))
    assert "update_crm_lead" in message
    assert [stage["count"] for stage in after["stages"]] == [stage["count"] for stage in pipeline["stages"]]


DOCUMENT_DOM = """({
  title: document.getElementById('title').textContent,
  state: document.getElementById('state').textContent,
  payment: document.getElementById('payment-state') && document.getElementById('payment-state').dataset.value,
  lines: [...document.querySelectorAll('tr.line')].map((row) => ({
    id: Number(row.dataset.lineId),
    quantity: Number(row.querySelector('.quantity').dataset.value),
    subtotal: Number(row.querySelector('.subtotal').dataset.value),
    taxes: row.querySelector('.taxes').textContent,
  })),
  totals: Object.fromEntries(['untaxed', 'tax', 'total', 'residual']
    .filter((id) => document.getElementById(id))
    .map((id) => [id, Number(document.getElementById(id).dataset.value)])),
  actions: [...document.querySelectorAll('button[data-tool]')].map((button) => button.dataset.tool),
})"""


async def test_invoice_preview_shows_lines_taxes_totals_and_payment_state(browser: Browser) -> None:
    async with demo_client() as client:
        sheet, detail = await show(browser, client, DOCUMENT, "get_invoice", invoice="INV/2026/00003")
        shown = await sheet.evaluate(DOCUMENT_DOM)
    invoice = detail["invoice"]
    assert shown["title"] == f"Invoice {invoice['name']}"
    assert shown["payment"] == invoice["payment_state"] == "not_paid"
    assert shown["totals"] == {
        "untaxed": invoice["amount_untaxed"],
        "tax": invoice["amount_tax"],
        "total": invoice["amount_total"],
        "residual": invoice["amount_residual"],
    }
    assert [(line["id"], line["quantity"], line["subtotal"]) for line in shown["lines"]] == [
        (line["id"], line["quantity"], line["price_subtotal"]) for line in detail["lines"]
    ]
    assert shown["lines"][0]["taxes"] == "15%"
    assert shown["actions"] == ["register_payment"]
    assert sheet.calls == [("read_records", {"model": "account.tax", "ids": [1], "fields": ["name"]})]


async def test_confirming_a_quotation_in_the_view_waits_for_the_persons_click(browser: Browser) -> None:
    async with demo_client() as client:
        sheet, detail = await show(browser, client, DOCUMENT, "get_sale_order", order="S00003")
        before = await sheet.evaluate(DOCUMENT_DOM)
        await sheet.click("button[data-tool='confirm_quotation']")
        preview = await sheet.evaluate("document.getElementById('preview').textContent")
        still = data(await client.call_tool("get_sale_order", {"order": "S00003"}))["order"]["state"]
        await sheet.click("#confirm")
        after = await sheet.evaluate(DOCUMENT_DOM)
    order = detail["order"]
    assert (before["title"], before["actions"]) == (f"Quotation {order['name']}", ["confirm_quotation"])
    assert before["totals"] == {
        "untaxed": order["amount_untaxed"],
        "tax": order["amount_tax"],
        "total": order["amount_total"],
    }
    assert "Confirm" in preview
    assert order["name"] in preview
    assert still == "draft"
    (first, asked), (second, confirmed) = sheet.calls[:2]
    assert (first, asked) == ("confirm_quotation", {"order": order["id"]})
    assert second == "confirm_quotation"
    assert confirmed["confirmation_token"]
    assert (after["title"], after["state"], after["actions"]) == (
        f"Sales order {order['name']}",
        "Sales order",
        [],
    )


STOCK_DOM = """({
  title: document.getElementById('title').textContent,
  rows: [...document.querySelectorAll('tr.level')].map((row) => ({
    location: row.closest('tbody').dataset.location,
    lot: row.dataset.lot,
    onHand: Number(row.querySelector('.on-hand').dataset.value),
    reserved: Number(row.querySelector('.reserved').dataset.value),
    available: Number(row.querySelector('.available').dataset.value),
  })),
  onHand: Number(document.getElementById('on-hand-total').dataset.value),
  reserved: Number(document.getElementById('reserved-total').dataset.value),
  available: document.getElementById('available-total') && {
    product: document.getElementById('available-total').dataset.product,
    value: Number(document.getElementById('available-total').dataset.value),
  },
})"""


async def test_stock_view_lists_locations_and_lots_with_the_tools_totals(browser: Browser) -> None:
    async with demo_client() as client:
        lots, by_lot = await show(browser, client, STOCK, "get_stock_levels", product="[FURN_5555]")
        lots_dom = await lots.evaluate(STOCK_DOM)
        reserved, with_reservation = await show(
            browser, client, STOCK, "get_stock_levels", product="[E-COM07]"
        )
        reserved_dom = await reserved.evaluate(STOCK_DOM)
    for shown, levels in ((lots_dom, by_lot), (reserved_dom, with_reservation)):
        assert shown["rows"] == [
            {
                "location": level["location"],
                "lot": level.get("lot") or "",
                "onHand": level["on_hand"],
                "reserved": level["reserved"],
                "available": level["available"],
            }
            for level in levels["levels"]
        ]
        ((product, available),) = levels["totals"].items()
        assert shown["available"] == {"product": product, "value": available}
        assert shown["title"] == product
        assert shown["onHand"] == sum(level["on_hand"] for level in levels["levels"])
        assert shown["reserved"] == sum(level["reserved"] for level in levels["levels"])
    assert {row["lot"] for row in lots_dom["rows"]} == {"CM-BOX-00001", "CM-BOX-00002"}
    assert reserved_dom["reserved"] > 0
    assert reserved_dom["available"]["value"] == reserved_dom["onHand"] - reserved_dom["reserved"]


BACKGROUND = "getComputedStyle(document.body).backgroundColor"


async def test_views_follow_the_hosts_theme_and_its_variables(browser: Browser) -> None:
    async with demo_client() as client:
        result = await client.call_tool("get_stock_levels", {"product": "[FURN_5555]"})
        arguments = {"product": "[FURN_5555]"}
        light = await open_view(browser, STOCK, "get_stock_levels", arguments, result, client.call_tool)
        dark = await open_view(
            browser, STOCK, "get_stock_levels", arguments, result, client.call_tool, theme="dark"
        )
        hosted = await open_view(
            browser,
            STOCK,
            "get_stock_levels",
            arguments,
            result,
            client.call_tool,
            theme="dark",
            variables={"--color-background-primary": "rgb(1, 2, 3)"},
        )
        colours = [await shown.evaluate(BACKGROUND) for shown in (light, dark, hosted)]
    assert colours == ["rgb(255, 255, 255)", "rgb(24, 24, 27)", "rgb(1, 2, 3)"]
