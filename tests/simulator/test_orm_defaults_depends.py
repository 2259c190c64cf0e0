"""default_get answers Odoo's defaults, and fields_get tells computed fields by their `depends`."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

MCP_BOT = 7


def default_get(model: str, fields: list[str], context: dict[str, Any] | None = None) -> dict[str, Any]:
    kwargs = {"context": context} if context else {}
    defaults: dict[str, Any] = fresh_registry().execute_kw(MCP_BOT, model, "default_get", [fields], kwargs)
    return defaults


def describe(model: str, fields: list[str]) -> dict[str, Any]:
    attributes = ["depends", "relation_field", "required"]
    answer: dict[str, Any] = fresh_registry().execute_kw(
        MCP_BOT, model, "fields_get", [fields], {"attributes": attributes}
    )
    return answer


def test_a_new_sales_order_is_named_new_and_ships_directly() -> None:
    assert default_get("sale.order", ["name", "picking_policy"]) == {
        "name": "New",
        "picking_policy": "direct",
    }


def test_onchange_results_are_not_defaults() -> None:
    assert default_get("sale.order", ["partner_invoice_id", "partner_shipping_id", "user_id"]) == {}


def test_a_new_partner_is_a_contact_asking_before_posting_bills() -> None:
    assert default_get("res.partner", ["type", "autopost_bills"]) == {
        "type": "contact",
        "autopost_bills": "ask",
    }


def test_the_invoice_journal_follows_the_move_type_of_the_context() -> None:
    defaults = default_get("account.move", ["move_type", "journal_id"], {"default_move_type": "out_invoice"})
    assert defaults["move_type"] == "out_invoice"
    journal = fresh_registry().execute_kw(MCP_BOT, "account.journal", "read", [[defaults["journal_id"]]], {})
    assert journal[0]["type"] == "sale"


def test_a_new_transfer_moves_everything_at_once() -> None:
    assert default_get("stock.picking", ["move_type"]) == {"move_type": "direct"}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("sale.order", "partner_invoice_id"),
        ("sale.order", "amount_total"),
        ("crm.lead", "name"),
        ("stock.picking", "location_id"),
        ("account.move.line", "display_type"),
    ],
)
def test_computed_fields_list_what_they_depend_on(model: str, field: str) -> None:
    assert describe(model, [field])[field]["depends"]


def test_a_required_field_the_user_must_give_has_no_depends() -> None:
    assert describe("sale.order", ["partner_id"])["partner_id"] == {"depends": [], "required": True}


def test_related_fields_depend_on_their_path() -> None:
    description = describe("account.move", ["company_currency_id"])["company_currency_id"]
    assert description["depends"] == ["company_id.currency_id"]


def test_one2many_fields_name_the_comodel_field_they_mirror() -> None:
    assert describe("sale.order", ["order_line"])["order_line"]["relation_field"] == "order_id"
