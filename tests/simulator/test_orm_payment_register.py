"""The Register Payment wizard (account.payment.register) and what its payments do to the invoice."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import AccessError, UserError
from mcp_odoo.simulator.orm import Registry

MCP_BOT, LIMITED = 7, 8
MCP_BOT_18 = 8
INVOICE, TOTAL = 3, 20375.0  # INV/2026/00003 of the 19.0 demo data, posted and not paid
WIZARD = "account.payment.register"


def receivable_lines(registry: Registry, move_id: int = INVOICE) -> list[int]:
    domain = [["move_id", "=", move_id], ["display_type", "=", "payment_term"]]
    return list(registry.execute_kw(MCP_BOT, "account.move.line", "search", [domain], {}))


def open_wizard(registry: Registry, values: dict[str, Any] | None = None, **kwargs: Any) -> int:
    vals = {"line_ids": [[6, 0, receivable_lines(registry)]], **(values or {})}
    wizard_id: int = registry.execute_kw(MCP_BOT, WIZARD, "create", [vals], kwargs)
    return wizard_id


def invoice(registry: Registry) -> dict[str, Any]:
    fields = ["amount_residual", "payment_state", "status_in_payment", "matched_payment_ids"]
    records: list[dict[str, Any]] = registry.execute_kw(
        MCP_BOT, "account.move", "read", [[INVOICE]], {"fields": fields}
    )
    return records[0]


def test_the_wizard_proposes_the_amount_due_a_bank_journal_today_and_the_invoice_number() -> None:
    registry = fresh_registry()
    fields = ["amount", "journal_id", "payment_date", "communication", "currency_id", "partner_type"]
    [wizard] = registry.execute_kw(MCP_BOT, WIZARD, "read", [[open_wizard(registry)]], {"fields": fields})
    assert wizard["amount"] == TOTAL
    assert wizard["journal_id"][1] == "Bank"
    assert wizard["payment_date"] == "2026-11-24"
    assert wizard["communication"] == "INV/2026/00003"
    assert (wizard["currency_id"][1], wizard["partner_type"]) == ("USD", "customer")


def test_the_wizard_takes_the_lines_of_the_active_invoices_from_the_context() -> None:
    registry = fresh_registry()
    context = {"active_model": "account.move", "active_ids": [INVOICE]}
    wizard_id = registry.execute_kw(MCP_BOT, WIZARD, "create", [{}], {"context": context})
    [wizard] = registry.execute_kw(MCP_BOT, WIZARD, "read", [[wizard_id]], {"fields": ["line_ids"]})
    assert wizard["line_ids"] == receivable_lines(registry)


def test_paying_the_whole_amount_leaves_the_invoice_in_payment() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, WIZARD, "action_create_payments", [[open_wizard(registry)]], {})
    record = invoice(registry)
    assert (record["amount_residual"], record["payment_state"], record["status_in_payment"]) == (
        0.0,
        "in_payment",
        "in_payment",
    )


def test_paying_part_of_the_amount_makes_the_invoice_partial() -> None:
    registry = fresh_registry()
    wizard_id = open_wizard(registry, {"amount": 375.0})
    registry.execute_kw(MCP_BOT, WIZARD, "action_create_payments", [[wizard_id]], {})
    record = invoice(registry)
    assert (record["amount_residual"], record["payment_state"]) == (TOTAL - 375.0, "partial")


def test_the_payment_is_in_process_and_linked_to_the_invoice() -> None:
    registry = fresh_registry()
    action = registry.execute_kw(MCP_BOT, WIZARD, "action_create_payments", [[open_wizard(registry)]], {})
    assert (action["res_model"], action["view_mode"]) == ("account.payment", "form")
    fields = ["name", "state", "amount", "reconciled_invoice_ids", "memo"]
    [payment] = registry.execute_kw(
        MCP_BOT, "account.payment", "read", [[action["res_id"]]], {"fields": fields}
    )
    assert payment["state"] == "in_process"
    assert payment["name"] == "PBNK1/2026/00001"
    assert (payment["amount"], payment["reconciled_invoice_ids"]) == (TOTAL, [INVOICE])
    assert invoice(registry)["matched_payment_ids"] == [action["res_id"]]


def test_dont_redirect_to_payments_returns_true() -> None:
    registry = fresh_registry()
    context = {"dont_redirect_to_payments": True}
    result = registry.execute_kw(
        MCP_BOT, WIZARD, "action_create_payments", [[open_wizard(registry)]], {"context": context}
    )
    assert result is True


def test_a_paid_invoice_has_nothing_left_to_pay() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, WIZARD, "action_create_payments", [[open_wizard(registry)]], {})
    with pytest.raises(UserError, match="nothing left to pay for the selected journal items"):
        open_wizard(registry)


def test_a_blocked_invoice_cannot_be_paid() -> None:
    registry = fresh_registry()
    registry.execute_kw(MCP_BOT, "account.move", "write", [[INVOICE], {"payment_state": "blocked"}], {})
    with pytest.raises(UserError, match="blocked invoices"):
        open_wizard(registry)


def test_customer_and_vendor_documents_cannot_be_paid_together() -> None:
    registry = fresh_registry()
    bills = registry.execute_kw(MCP_BOT, "account.move", "search", [[["move_type", "=", "in_invoice"]]], {})
    lines = receivable_lines(registry) + receivable_lines(registry, bills[0])
    with pytest.raises(UserError, match="both inbound and outbound"):
        open_wizard(registry, {"line_ids": [[6, 0, lines]]})


def test_a_user_without_invoicing_rights_cannot_open_the_wizard() -> None:
    registry = fresh_registry()
    with pytest.raises(AccessError):
        registry.execute_kw(
            LIMITED, WIZARD, "create", [{"line_ids": [[6, 0, receivable_lines(registry)]]}], {}
        )


def test_the_18_wizard_pays_the_18_demo_invoice() -> None:
    registry = fresh_registry("18.0")
    domain = [["move_id", "=", INVOICE], ["display_type", "=", "payment_term"]]
    lines = registry.execute_kw(MCP_BOT_18, "account.move.line", "search", [domain], {})
    wizard_id = registry.execute_kw(MCP_BOT_18, WIZARD, "create", [{"line_ids": [[6, 0, lines]]}], {})
    registry.execute_kw(MCP_BOT_18, WIZARD, "action_create_payments", [[wizard_id]], {})
    fields = ["payment_state", "status_in_payment"]
    [record] = registry.execute_kw(MCP_BOT_18, "account.move", "read", [[INVOICE]], {"fields": fields})
    assert (record["payment_state"], record["status_in_payment"]) == ("in_payment", "in_payment")


def test_a_new_invoice_books_its_receivable_on_the_company_receivable_account() -> None:
    registry = fresh_registry()
    draft = registry.execute_kw(
        MCP_BOT, "account.move", "create", [{"move_type": "out_invoice", "partner_id": 9}], {}
    )
    lines = registry.execute_kw(
        MCP_BOT, "account.move.line", "read", [receivable_lines(registry, draft)], {"fields": ["account_id"]}
    )
    assert lines[0]["account_id"][1].endswith("Account Receivable")


def test_paying_a_vendor_bill_sends_money_to_the_supplier() -> None:
    registry = fresh_registry()
    [bill] = registry.execute_kw(
        MCP_BOT, "account.move", "search_read", [[["name", "=", "BILL/2026/11/0002"]]], {"fields": ["id"]}
    )
    wizard_id = open_wizard(registry, {"line_ids": [[6, 0, receivable_lines(registry, bill["id"])]]})
    fields = ["amount", "payment_type", "partner_type"]
    [wizard] = registry.execute_kw(MCP_BOT, WIZARD, "read", [[wizard_id]], {"fields": fields})
    assert wizard == {
        "id": wizard_id,
        "amount": 622.27,
        "payment_type": "outbound",
        "partner_type": "supplier",
    }
    registry.execute_kw(MCP_BOT, WIZARD, "action_create_payments", [[wizard_id]], {})
    fields = ["amount_residual", "payment_state"]
    [paid] = registry.execute_kw(MCP_BOT, "account.move", "read", [[bill["id"]]], {"fields": fields})
    assert (paid["amount_residual"], paid["payment_state"]) == (0.0, "in_payment")
