"""Business workflows: real state changes and Odoo's UserErrors when a step does not apply."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import MissingError, UserError
from mcp_odoo.simulator.orm import Registry

MCP_BOT = 7
CHAIR, LAMP = 5, 6


def read_one(registry: Registry, model: str, record_id: int, fields: list[str]) -> dict[str, Any]:
    records: list[dict[str, Any]] = registry.execute_kw(
        MCP_BOT, model, "read", [[record_id]], {"fields": fields}
    )
    [record] = records
    return record


def new_order(registry: Registry) -> int:
    lines = [
        [0, 0, {"product_id": CHAIR, "product_uom_qty": 2}],
        [0, 0, {"product_id": LAMP, "product_uom_qty": 1}],
    ]
    order_id: int = registry.execute_kw(
        MCP_BOT, "sale.order", "create", [{"partner_id": 9, "order_line": lines}], {}
    )
    return order_id


def test_confirming_a_quotation_makes_it_a_sales_order_with_a_delivery() -> None:
    registry = fresh_registry()
    order = new_order(registry)
    assert registry.execute_kw(MCP_BOT, "sale.order", "action_confirm", [[order]], {}) is True
    record = read_one(registry, "sale.order", order, ["state", "picking_ids"])
    assert record["state"] == "sale"
    assert len(record["picking_ids"]) == 1


def test_confirming_a_confirmed_order_is_refused() -> None:
    with pytest.raises(UserError, match=r"^Some orders are not in a state requiring confirmation\.$"):
        fresh_registry().execute_kw(MCP_BOT, "sale.order", "action_confirm", [[4]], {})


def test_a_failed_call_leaves_no_trace() -> None:
    registry = fresh_registry()
    count, writes = (
        registry.execute_kw(MCP_BOT, "res.partner", "search_count", [[]], {}),
        registry.write_count,
    )
    with pytest.raises(ValueError, match=re.escape("Wrong value for res.partner.type: 'bogus'")):
        registry.execute_kw(
            MCP_BOT, "res.partner", "create", [[{"name": "A"}, {"name": "B", "type": "bogus"}]], {}
        )
    assert registry.execute_kw(MCP_BOT, "res.partner", "search_count", [[]], {}) == count
    assert registry.write_count == writes


def test_cancel_then_back_to_quotation() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "sale.order", "action_cancel", [[1]], {})
    assert read_one(registry, "sale.order", 1, ["state"])["state"] == "cancel"
    registry.execute_kw(MCP_BOT, "sale.order", "action_draft", [[1]], {})
    assert read_one(registry, "sale.order", 1, ["state"])["state"] == "draft"


SENT_QUOTATION = 19


def test_cancelling_a_sent_quotation_opens_odoos_cancel_wizard_and_changes_nothing() -> None:
    registry = fresh_registry()
    action = registry.execute_kw(MCP_BOT, "sale.order", "action_cancel", [[SENT_QUOTATION]], {})
    assert (action["type"], action["res_model"], action["target"]) == (
        "ir.actions.act_window",
        "sale.order.cancel",
        "new",
    )
    assert read_one(registry, "sale.order", SENT_QUOTATION, ["state"])["state"] == "sent"


def test_the_cancel_wizards_own_flag_cancels_a_sent_quotation() -> None:
    registry = fresh_registry()
    flag = {"context": {"disable_cancel_warning": True}}
    assert registry.execute_kw(MCP_BOT, "sale.order", "action_cancel", [[SENT_QUOTATION]], flag) is True
    assert read_one(registry, "sale.order", SENT_QUOTATION, ["state"])["state"] == "cancel"


def test_a_locked_order_cannot_be_cancelled() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "sale.order", "write", [[4], {"locked": True}], {})
    with pytest.raises(UserError, match=r"^You cannot cancel a locked order\. Please unlock it first\.$"):
        registry.execute_kw(
            MCP_BOT, "sale.order", "action_cancel", [[4]], {"context": {"disable_cancel_warning": True}}
        )
    assert read_one(registry, "sale.order", 4, ["state"])["state"] == "sale"


def new_invoice(registry: Registry) -> int:
    invoice_id: int = registry.execute_kw(
        MCP_BOT,
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": 9,
                "invoice_date": "2026-11-24",
                "invoice_line_ids": [[0, 0, {"product_id": CHAIR, "quantity": 3, "price_unit": 100.0}]],
            }
        ],
        {},
    )
    return invoice_id


def test_posting_a_draft_invoice_gives_it_the_next_number_of_the_year() -> None:
    registry = fresh_registry()
    invoice = new_invoice(registry)
    assert registry.execute_kw(MCP_BOT, "account.move", "action_post", [[invoice]], {}) is False
    record = read_one(
        registry, "account.move", invoice, ["state", "name", "payment_state", "amount_residual"]
    )
    assert record == {
        "id": invoice,
        "state": "posted",
        "name": "INV/2026/00010",
        "payment_state": "not_paid",
        "amount_residual": 300.0,
    }


def test_posting_a_posted_entry_names_it_in_the_error() -> None:
    with pytest.raises(UserError, match=r"^The entry INV/2026/00001 \(id 1\) must be in draft\.$"):
        fresh_registry().execute_kw(MCP_BOT, "account.move", "action_post", [[1]], {})


def test_reset_to_draft_and_cancel() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "account.move", "button_draft", [[1]], {})
    assert read_one(registry, "account.move", 1, ["state"])["state"] == "draft"
    registry.execute_kw(MCP_BOT, "account.move", "button_cancel", [[1]], {})
    assert read_one(registry, "account.move", 1, ["state"])["state"] == "cancel"


def test_lead_won_moves_to_the_won_stage() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "crm.lead", "action_set_won", [[1]], {})
    record = read_one(registry, "crm.lead", 1, ["stage_id", "probability", "won_status"])
    assert record["stage_id"] == [4, "Won"]
    assert record["probability"] == 100.0
    assert record["won_status"] == "won"


def test_lead_lost_is_archived_with_its_reason() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "crm.lead", "action_set_lost", [[1]], {"lost_reason_id": 1})
    assert registry.execute_kw(MCP_BOT, "crm.lead", "search", [[["id", "=", 1]]], {}) == []
    record = read_one(registry, "crm.lead", 1, ["active", "lost_reason_id"])
    assert record["active"] is False
    assert record["lost_reason_id"][0] == 1


def test_validating_a_delivery_moves_stock_out_of_the_warehouse() -> None:
    registry = fresh_registry()
    order = new_order(registry)
    registry.execute_kw(MCP_BOT, "sale.order", "action_confirm", [[order]], {})
    [picking] = read_one(registry, "sale.order", order, ["picking_ids"])["picking_ids"]
    source = read_one(registry, "stock.picking", picking, ["location_id"])["location_id"][0]
    quants_before = registry.execute_kw(
        MCP_BOT,
        "stock.quant",
        "search_read",
        [[["product_id", "=", CHAIR], ["location_id", "=", source]]],
        {"fields": ["quantity"]},
    )
    before = sum(quant["quantity"] for quant in quants_before)
    assert registry.execute_kw(MCP_BOT, "stock.picking", "button_validate", [[picking]], {}) is True
    assert read_one(registry, "stock.picking", picking, ["state"])["state"] == "done"
    quants_after = registry.execute_kw(
        MCP_BOT,
        "stock.quant",
        "search_read",
        [[["product_id", "=", CHAIR], ["location_id", "=", source]]],
        {"fields": ["quantity"]},
    )
    assert sum(quant["quantity"] for quant in quants_after) == before - 2


def test_workflow_on_a_missing_record_is_a_missing_error() -> None:
    with pytest.raises(MissingError, match=r"\(Record: sale.order\(999,\), User: 7\)"):
        fresh_registry().execute_kw(MCP_BOT, "sale.order", "action_confirm", [[999]], {})


def test_portal_url_carries_an_access_token_and_report_options() -> None:
    url = fresh_registry().execute_kw(
        MCP_BOT, "account.move", "get_portal_url", [[1]], {"report_type": "pdf", "download": True}
    )
    assert url.startswith("/my/invoices/1?access_token=")
    assert url.endswith("&report_type=pdf&download=true")


def test_message_post_logs_a_chatter_message() -> None:
    registry = fresh_registry()
    [message] = registry.execute_kw(MCP_BOT, "res.partner", "message_post", [[9]], {"body": "<p>Hi</p>"})
    [record] = registry.execute_kw(
        2, "mail.message", "read", [[message]], {"fields": ["model", "res_id", "body", "author_id"]}
    )
    assert record == {
        "id": message,
        "model": "res.partner",
        "res_id": 9,
        "body": "<p>Hi</p>",
        "author_id": [45, "MCP Bot"],
    }


def test_message_post_on_18_answers_the_message_id() -> None:
    message = fresh_registry("18.0").execute_kw(2, "res.partner", "message_post", [[9]], {"body": "Hi"})
    assert isinstance(message, int)


def test_message_post_on_18_needs_an_author_with_an_email_address() -> None:
    registry = fresh_registry("18.0")
    with pytest.raises(UserError, match="please configure the sender's email address"):
        registry.execute_kw(8, "res.partner", "message_post", [[9]], {"body": "Hi"})
    registry.execute_kw(2, "res.users", "write", [[8], {"email": "bot@example.com"}], {})
    assert isinstance(registry.execute_kw(8, "res.partner", "message_post", [[9]], {"body": "Hi"}), int)


def test_a_users_email_is_its_partners() -> None:
    registry = fresh_registry()
    registry.execute_kw(2, "res.users", "write", [[MCP_BOT], {"email": "bot@example.com"}], {})
    [user] = registry.execute_kw(2, "res.users", "read", [[MCP_BOT], ["email", "partner_id"]], {})
    [partner] = registry.execute_kw(2, "res.partner", "read", [[user["partner_id"][0]], ["email"]], {})
    assert user["email"] == partner["email"] == "bot@example.com"


def test_copy_duplicates_a_record_with_a_copy_suffix() -> None:
    registry = fresh_registry()
    duplicate = registry.execute_kw(MCP_BOT, "res.partner", "copy", [[9]], {})
    record = read_one(registry, "res.partner", duplicate, ["name", "category_id", "child_ids"])
    assert record == {"id": duplicate, "name": "Acme Corporation (copy)", "category_id": [7], "child_ids": []}


def test_copy_over_json2_returns_a_list_of_ids() -> None:
    result = fresh_registry().execute_json2(MCP_BOT, "res.partner", "copy", {"ids": [9]})
    assert isinstance(result, list)
    assert len(result) == 1


def test_a_new_company_gets_its_own_partner() -> None:
    registry = fresh_registry()
    company = registry.execute_kw(2, "res.company", "create", [{"name": "Branch"}], {})
    [record] = registry.execute_kw(
        2, "res.company", "read", [[company]], {"fields": ["partner_id", "currency_id"]}
    )
    assert record["partner_id"][1] == "Branch"
    assert record["currency_id"] == [1, "USD"]


def test_delivery_waits_when_stock_is_short_and_is_ready_when_it_is_not() -> None:
    registry = fresh_registry()
    short = registry.execute_kw(
        MCP_BOT,
        "sale.order",
        "create",
        [{"partner_id": 9, "order_line": [[0, 0, {"product_id": CHAIR, "product_uom_qty": 1}]]}],
        {},
    )
    plenty = registry.execute_kw(
        MCP_BOT,
        "sale.order",
        "create",
        [{"partner_id": 9, "order_line": [[0, 0, {"product_id": 20, "product_uom_qty": 1}]]}],
        {},
    )
    registry.execute_kw(MCP_BOT, "sale.order", "action_confirm", [[short, plenty]], {})
    states = [
        read_one(
            registry,
            "stock.picking",
            read_one(registry, "sale.order", order, ["picking_ids"])["picking_ids"][0],
            ["state"],
        )["state"]
        for order in (short, plenty)
    ]
    assert states == ["confirmed", "assigned"]
