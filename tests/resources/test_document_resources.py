"""odoo://{model}/{id}/document: orders, invoices and transfers as people read them, with Odoo's totals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp.shared.exceptions import MCPError

from mcp_odoo.simulator.orm import Registry

from .conftest import OpenSession
from .harness import odoo_session


def money(amount: float, currency: list[Any]) -> str:
    return f"{amount:,.2f} {currency[1]}"


async def test_invoice_totals_are_odoos_computed_amounts(open_session: OpenSession) -> None:
    async with open_session() as session:
        invoice = session.find("account.move", [["name", "=", "INV/2026/00004"]])
        amounts = ["amount_untaxed", "amount_tax", "amount_total", "amount_residual", "currency_id"]
        values = session.record("account.move", invoice["id"], amounts)
        text = await session.read_text(f"odoo://account.move/{invoice['id']}/document")
    totals = text.split("## Taxes and totals")[1]
    assert f"| **Total** | **{money(values['amount_total'], values['currency_id'])}** |" in totals
    assert f"| Amount Due | {money(values['amount_residual'], values['currency_id'])} |" in totals
    assert f"Tax {money(values['amount_tax'], values['currency_id'])}" in totals


async def test_tax_groups_come_from_odoos_tax_totals(open_session: OpenSession) -> None:
    async with open_session() as session:
        moves = session.odoo("account.move", "search_read", [], fields=["tax_totals"])
        move = next(row for row in moves if row["tax_totals"] and row["tax_totals"]["has_tax_groups"])
        group = move["tax_totals"]["subtotals"][0]["tax_groups"][0]
        text = await session.read_text(f"odoo://account.move/{move['id']}/document")
    assert f"| {group['group_name']} (on " in text
    assert f"| **Total** | **{move['tax_totals']['total_amount_currency']:,.2f}" in text


async def test_invoice_shows_its_payment_state_and_due_date(open_session: OpenSession) -> None:
    async with open_session() as session:
        invoice = session.find("account.move", [["name", "=", "INV/2026/00004"]])
        values = session.record("account.move", invoice["id"], ["invoice_date_due"])
        text = await session.read_text(f"odoo://account.move/{invoice['id']}/document")
    assert "- **Payment Status**: Not Paid" in text
    assert f"- **Due Date**: {values['invoice_date_due']}" in text


async def test_document_title_names_the_kind_of_move(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://account.move/1/document")
    assert text.startswith("# Customer Invoice INV/2026/00001")


async def test_order_lists_every_line_with_its_quantity(open_session: OpenSession) -> None:
    async with open_session() as session:
        order = session.find("sale.order", [["name", "=", "S00001"]])
        lines = session.odoo(
            "sale.order.line", "search_read", [["order_id", "=", order["id"]]], fields=["name"]
        )
        text = await session.read_text(f"odoo://sale.order/{order['id']}/document")
    table = text.split("## Lines")[1].split("## Taxes")[0]
    assert len(lines) > 1
    for line in lines:
        assert " ".join(line["name"].split()) in table


async def test_customer_address_is_shown(open_session: OpenSession) -> None:
    async with open_session() as session:
        order = session.find("sale.order", [["name", "=", "S00001"]])
        customer = session.record("sale.order", order["id"], ["partner_id"])["partner_id"]
        street = session.record("res.partner", customer[0], ["street"])["street"]
        text = await session.read_text(f"odoo://sale.order/{order['id']}/document")
    assert f"**Customer**: {customer[1]} (odoo://res.partner/{customer[0]}) — {street}" in text


async def test_transfer_lists_its_products(open_session: OpenSession) -> None:
    async with open_session() as session:
        picking = session.odoo(
            "stock.picking", "search_read", [["move_ids", "!=", False]], fields=["name"], limit=1
        )[0]
        moves = session.odoo(
            "stock.move", "search_read", [["picking_id", "=", picking["id"]]], fields=["product_id"]
        )
        text = await session.read_text(f"odoo://stock.picking/{picking['id']}/document")
    assert picking["name"] in text.splitlines()[0]
    for move in moves:
        assert move["product_id"][1] in text
    assert "## Taxes and totals" not in text


async def test_other_models_have_no_document(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match="has no document rendering"):
            await session.read_text("odoo://res.partner/15/document")


async def test_document_of_a_denied_model_is_refused(open_session: OpenSession) -> None:
    async with open_session(denied_models=["account.move"]) as session:
        with pytest.raises(MCPError, match="not exposed"):
            await session.read_text("odoo://account.move/1/document")


def totals_of_16(totals: dict[str, Any]) -> dict[str, Any]:
    """`tax_totals` in the shape Odoo 16 and 17 give it: an amount per subtotal, the tax groups apart."""
    subtotals = totals["subtotals"]
    return {
        "amount_untaxed": totals["base_amount_currency"],
        "amount_total": totals["total_amount_currency"],
        "subtotals": [{"name": sub["name"], "amount": sub["base_amount_currency"]} for sub in subtotals],
        "groups_by_subtotal": {
            sub["name"]: [
                {
                    "tax_group_name": group["group_name"],
                    "tax_group_amount": group["tax_amount_currency"],
                    "tax_group_base_amount": group["base_amount_currency"],
                }
                for group in sub["tax_groups"]
            ]
            for sub in subtotals
        },
    }


def with_totals_of_16(answer: Any) -> Any:
    if isinstance(answer, list):
        return [
            {**row, "tax_totals": totals_of_16(row["tax_totals"])}
            if isinstance(row, dict) and isinstance(row.get("tax_totals"), dict)
            else row
            for row in answer
        ]
    return answer


class Odoo17Totals(Registry):
    """The simulated Odoo, reading `tax_totals` as Odoo 16 and 17 shape it."""

    def execute_kw(self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        return with_totals_of_16(super().execute_kw(uid, model, method, args, kwargs))

    def execute_json2(self, uid: int, model: str, method: str, body: dict[str, Any]) -> Any:
        return with_totals_of_16(super().execute_json2(uid, model, method, body))


async def test_tax_groups_and_total_in_odoo_16_and_17s_shape(series: str, tmp_path: Path) -> None:
    async with odoo_session(series, tmp_path=tmp_path, database=Odoo17Totals(series)) as session:
        moves = session.odoo("account.move", "search_read", [], fields=["tax_totals", "currency_id"])
        move = next(
            row
            for row in moves
            if row["tax_totals"] and row["tax_totals"]["groups_by_subtotal"].get("Untaxed Amount")
        )
        [group] = move["tax_totals"]["groups_by_subtotal"]["Untaxed Amount"][:1]
        text = await session.read_text(f"odoo://account.move/{move['id']}/document")
    total = money(move["tax_totals"]["amount_total"], move["currency_id"])
    assert f"| **Total** | **{total}** |" in text
    assert (
        f"| {group['tax_group_name']} (on {money(group['tax_group_base_amount'], move['currency_id'])}) |"
        in text
    )
