"""Every read tool of the packs against a real Odoo with the stock demo data (skipped without one).

Read-only, changes nothing. Documents are named by references found first with search_records:
demo numbers such as S00001 or INV/2026/00001 depend on when the database was installed.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_support import OpenLive

READ_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("find_partners", {"query": "Azure"}),
    ("list_crm_leads", {"status": "open", "limit": 5}),
    ("list_sale_orders", {"limit": 5}),
    ("get_overdue_invoices", {"min_days_overdue": 0, "limit": 5}),
    ("get_stock_levels", {"limit": 5}),
    ("list_transfers", {"limit": 5}),
]


@pytest.mark.parametrize(("tool", "arguments"), READ_CALLS, ids=[tool for tool, _ in READ_CALLS])
async def test_read_tool_answers_on_live_odoo(
    tool: str, arguments: dict[str, Any], open_live: OpenLive
) -> None:
    async with open_live() as live:
        assert await live.ok(tool, **arguments)


async def test_get_sale_order_by_its_number_shows_its_lines(open_live: OpenLive) -> None:
    async with open_live() as live:
        order = await live.first("sale.order", [["order_line", "!=", False]], ["name"], order="id")
        answer = await live.ok("get_sale_order", order=order["name"])
    assert answer["order"]["id"] == order["id"]
    assert answer["lines"]


async def test_get_invoice_by_its_id_shows_its_lines(open_live: OpenLive) -> None:
    async with open_live() as live:
        invoice = await live.first(
            "account.move",
            [["move_type", "=", "out_invoice"], ["state", "=", "posted"]],
            ["name"],
            order="id",
        )
        answer = await live.ok("get_invoice", invoice=invoice["id"])
    assert answer["invoice"]["name"] == invoice["name"]
    assert answer["lines"]
