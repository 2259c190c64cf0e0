"""Amounts computed from lines: price_unit * qty * (1 - discount/100) plus percent taxes."""

from __future__ import annotations

from test_orm_corpus_support import fresh_registry

MCP_BOT = 7
CHAIR, LAMP = 5, 6
SALE_TAX_15 = 1


def test_order_totals_follow_the_lines_with_discount() -> None:
    registry = fresh_registry()
    lines = [
        [0, 0, {"product_id": CHAIR, "product_uom_qty": 2}],
        [0, 0, {"product_id": LAMP, "product_uom_qty": 1, "price_unit": 99.5, "discount": 10}],
    ]
    order = registry.execute_kw(MCP_BOT, "sale.order", "create", [{"partner_id": 9, "order_line": lines}], {})
    [record] = registry.execute_kw(
        MCP_BOT,
        "sale.order",
        "read",
        [[order]],
        {"fields": ["amount_untaxed", "amount_tax", "amount_total", "order_line"]},
    )
    assert (record["amount_untaxed"], record["amount_tax"], record["amount_total"]) == (229.55, 0.0, 229.55)
    line_records = registry.execute_kw(
        MCP_BOT,
        "sale.order.line",
        "read",
        [record["order_line"]],
        {"fields": ["name", "price_unit", "price_subtotal"]},
    )
    assert line_records[0]["name"] == "[FURN_7777] Office Chair\nComfortable yellow chair for daily work"
    assert [line["price_subtotal"] for line in line_records] == [140.0, 89.55]


def test_percent_tax_is_added_to_the_total() -> None:
    registry = fresh_registry()
    line = {
        "product_id": CHAIR,
        "product_uom_qty": 1,
        "price_unit": 200.0,
        "tax_ids": [[6, 0, [SALE_TAX_15]]],
    }
    order = registry.execute_kw(
        MCP_BOT, "sale.order", "create", [{"partner_id": 9, "order_line": [[0, 0, line]]}], {}
    )
    [record] = registry.execute_kw(
        MCP_BOT, "sale.order", "read", [[order]], {"fields": ["amount_untaxed", "amount_tax", "amount_total"]}
    )
    assert (record["amount_untaxed"], record["amount_tax"], record["amount_total"]) == (200.0, 30.0, 230.0)


def test_18_uses_tax_id_on_order_lines() -> None:
    registry = fresh_registry("18.0")
    line = {"product_id": CHAIR, "product_uom_qty": 1, "price_unit": 100.0, "tax_id": [[6, 0, [SALE_TAX_15]]]}
    order = registry.execute_kw(
        8, "sale.order", "create", [{"partner_id": 10, "order_line": [[0, 0, line]]}], {}
    )
    [record] = registry.execute_kw(8, "sale.order", "read", [[order]], {"fields": ["amount_total"]})
    assert record["amount_total"] == 115.0


def test_writing_a_line_recomputes_the_order() -> None:
    registry = fresh_registry()
    order = registry.execute_kw(
        MCP_BOT,
        "sale.order",
        "create",
        [{"partner_id": 9, "order_line": [[0, 0, {"product_id": CHAIR}]]}],
        {},
    )
    [line] = registry.execute_kw(MCP_BOT, "sale.order", "read", [[order]], {"fields": ["order_line"]})[0][
        "order_line"
    ]
    registry.execute_kw(MCP_BOT, "sale.order.line", "write", [[line], {"product_uom_qty": 3}], {})
    [record] = registry.execute_kw(MCP_BOT, "sale.order", "read", [[order]], {"fields": ["amount_total"]})
    assert record["amount_total"] == 210.0


def test_invoice_totals_and_receivable_line() -> None:
    registry = fresh_registry()
    invoice = registry.execute_kw(
        MCP_BOT,
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": 9,
                "invoice_date": "2026-11-24",
                "invoice_line_ids": [
                    [
                        0,
                        0,
                        {
                            "product_id": CHAIR,
                            "quantity": 3,
                            "price_unit": 100.0,
                            "tax_ids": [[6, 0, [SALE_TAX_15]]],
                        },
                    ]
                ],
            }
        ],
        {},
    )
    [record] = registry.execute_kw(
        MCP_BOT,
        "account.move",
        "read",
        [[invoice]],
        {
            "fields": [
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "line_ids",
                "invoice_line_ids",
                "invoice_date_due",
            ]
        },
    )
    assert (record["amount_untaxed"], record["amount_tax"], record["amount_total"]) == (300.0, 45.0, 345.0)
    assert len(record["line_ids"]) == 2
    assert set(record["invoice_line_ids"]) < set(record["line_ids"])
    assert record["invoice_date_due"] == "2026-12-24"
