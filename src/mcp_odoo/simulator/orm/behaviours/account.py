"""account.move: invoice lines, totals, receivable line, posting with a sequence name, reset/cancel."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from ...exceptions import UserError
from ..computed import CUSTOMER_MOVES, VENDOR_MOVES, term_account
from .base import Behaviour, BusinessMethod
from .portal import PORTAL_METHOD
from .pricing import line_amounts, next_number, product_label, product_taxes

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row

_JOURNAL_TYPE = {
    "out_invoice": "sale",
    "out_refund": "sale",
    "in_invoice": "purchase",
    "in_refund": "purchase",
}
_PREFIX = {"out_invoice": "INV", "out_refund": "RINV", "in_invoice": "BILL", "in_refund": "RBILL"}


def _journal(model: Model, move_type: str, company_id: int) -> int | bool:
    wanted = _JOURNAL_TYPE.get(move_type, "general")
    for row in model.db.rows("account.journal").values():
        if row.get("type") == wanted and row.get("company_id") == company_id:
            return int(row["id"])
    return False


#: Documents whose receivable/payable line is a debit (money comes in).
INBOUND_TYPES = ("out_invoice", "in_refund", "out_receipt")
#: Payment states that count against the invoice's residual.
ACTIVE_PAYMENT_STATES = ("in_process", "paid")
#: Payment states the dataset gives seeded invoices that were paid outside the simulator.
SETTLED_STATES = ("paid", "in_payment", "reversed")


def registered_amount(model: Model, move_id: int) -> float:
    """What the active payments registered on the invoice add up to."""
    return sum(
        float(payment.get("amount") or 0.0)
        for payment in model.db.rows("account.payment").values()
        if move_id in (payment.get("reconciled_invoice_ids") or [])
        and payment.get("state") in ACTIVE_PAYMENT_STATES
    )


def status_in_payment(series: str, move: Row) -> str:
    """The payment status list views show: the payment state of posted entries, else the entry state."""
    state, payment_state = move.get("state", "draft"), move.get("payment_state", "not_paid")
    if state != "posted":
        return str(state)
    if series == "18.0" or payment_state in ("partial", "in_payment", "paid", "reversed"):
        return str(payment_state)
    return "sent" if move.get("is_move_sent") else "posted"


def _payment_state(move: Row, paid: float, residual: float) -> str:
    """Odoo's payment state with account_payment installed; without payments the stored one stays."""
    if not paid:
        return str(move.get("payment_state") or "not_paid")
    if move.get("state") != "posted":
        return "not_paid"
    return "in_payment" if residual <= 0.0 else "partial"


def recompute_move(model: Model, move_id: int) -> None:
    move = model.rows[move_id]
    if move.get("move_type", "entry") == "entry":
        return  # journal entries carry no invoice lines to total (their lines are not simulated)
    lines = model.db.rows("account.move.line")
    product_lines = [lines[line] for line in move.get("invoice_line_ids", []) if line in lines]
    untaxed = round(sum(float(line.get("price_subtotal", 0.0)) for line in product_lines), 2)
    total = round(sum(float(line.get("price_total", 0.0)) for line in product_lines), 2)
    paid = registered_amount(model, move_id)
    if not paid and move.get("payment_state") in SETTLED_STATES:
        residual = 0.0
    else:
        residual = round(max(total - paid, 0.0), 2)
    move.update(
        {
            "amount_untaxed": untaxed,
            "amount_tax": round(total - untaxed, 2),
            "amount_total": total,
            "amount_residual": residual,
            "payment_state": _payment_state(move, paid, residual),
        }
    )
    move["status_in_payment"] = status_in_payment(model.env.series, move)
    receivable = next(
        (
            lines[line]
            for line in move.get("line_ids", [])
            if line in lines and lines[line].get("display_type") == "payment_term"
        ),
        None,
    )
    if receivable is not None:
        sign = 1 if move.get("move_type") in INBOUND_TYPES else -1  # receivable debit, payable credit
        receivable.update(
            {
                "debit": total if sign > 0 else 0.0,
                "credit": total if sign < 0 else 0.0,
                "balance": sign * total,
                "price_total": total,
                "amount_residual": sign * residual,
                "reconciled": bool(total) and residual <= 0.0,
            }
        )


def _term_account_id(model: Model, move: Row) -> int | bool:
    """The receivable/payable account the company's documents of that kind use."""
    move_types = CUSTOMER_MOVES if move.get("move_type") in CUSTOMER_MOVES else VENDOR_MOVES
    account = term_account(model.db, move.get("company_id"), move_types)
    return int(account[0]) if isinstance(account, list) else False


class MoveBehaviour(Behaviour):
    default_fields = ("state", "move_type", "journal_id", "currency_id", "date")
    constant_defaults: ClassVar[dict[str, Any]] = {"auto_post": "no"}

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        move_type = vals.get("move_type", "entry")
        company_id = vals.get("company_id") or model.env.company_id
        company = model.db.rows("res.company").get(company_id, {})
        return {
            "name": "/",
            "state": "draft",
            "move_type": move_type,
            "company_id": company_id,  # Odoo computes it from the journal, which is of this company
            "payment_state": "not_paid",
            "journal_id": _journal(model, move_type, company_id),
            "currency_id": company.get("currency_id", 1),
            "date": model.db.today.isoformat(),
            "invoice_user_id": model.env.uid if move_type != "entry" else False,
            "amount_untaxed": 0.0,
            "amount_tax": 0.0,
            "amount_total": 0.0,
            "amount_residual": 0.0,
        }

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        move = model.rows[record_id]
        if move.get("invoice_date"):
            move["date"] = move["invoice_date"]
            if not vals.get("invoice_date_due"):
                due = dt.date.fromisoformat(move["invoice_date"]) + dt.timedelta(days=30)
                move["invoice_date_due"] = due.isoformat()
        if move.get("move_type", "entry") != "entry":
            receivable = model.db.store.insert(
                "account.move.line",
                {
                    "move_id": record_id,
                    "display_type": "payment_term",
                    "name": False,
                    "partner_id": move.get("partner_id", False),
                    "company_id": move.get("company_id"),
                    "currency_id": move.get("currency_id"),
                    "quantity": 1.0,
                    "price_unit": 0.0,
                    "tax_ids": [],
                    "date_maturity": move.get("invoice_date_due", False),
                    "parent_state": "draft",
                    "account_id": _term_account_id(model, move),
                },
            )
            model.sibling("account.move.line").touch([receivable], creating=True)
            move["line_ids"] = [*move.get("invoice_line_ids", []), receivable]
        recompute_move(model, record_id)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        recompute_move(model, record_id)

    def display_name(self, model: Model, row: Row) -> str:
        name = row.get("name")
        if name and name != "/":
            return str(name)
        labels = {
            "out_invoice": "Draft Invoice",
            "out_refund": "Draft Credit Note",
            "in_invoice": "Draft Bill",
            "in_refund": "Draft Vendor Credit Note",
            "entry": "Draft Entry",
        }
        return f"{labels.get(row.get('move_type', 'entry'), 'Draft Entry')} ({row['id']})"

    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "action_post": BusinessMethod(action_post),
            "button_draft": BusinessMethod(button_draft),
            "button_cancel": BusinessMethod(button_cancel),
            "action_invoice_download_pdf": BusinessMethod(action_invoice_download_pdf),
            "action_print_pdf": BusinessMethod(action_print_pdf, series=("19.0",)),
            "get_portal_url": PORTAL_METHOD,
        }


def _moves(model: Model, ids: list[int]) -> list[Row]:
    model.check_acl("write")
    model.check_rules(ids, "read")
    return [model.rows[record_id] for record_id in model.existing_or_missing(ids)]


def action_post(model: Model, ids: list[int]) -> bool:
    moves = _moves(model, ids)
    for move in moves:
        if move.get("state") != "draft":
            raise UserError(f"The entry {move.get('name')} (id {move['id']}) must be in draft.")
    for move in moves:
        if move.get("name") in (None, False, "/"):
            move["name"] = _sequence_name(model, move)
        move["state"] = "posted"
        lines = model.db.rows("account.move.line")
        for line in move.get("line_ids", []):
            if line in lines:
                lines[line]["parent_state"] = "posted"
                lines[line]["move_name"] = move["name"]
        recompute_move(model, move["id"])
        move["display_name"] = move["name"]
        model.sibling("account.move.line").touch(list(move.get("line_ids", [])))
    model.touch(ids)
    model.db.store.count_mutation()
    return False


def _sequence_name(model: Model, move: Row) -> str:
    year = str(move.get("date") or model.db.today.isoformat())[:4]
    prefix = f"{_PREFIX.get(move.get('move_type', 'entry'), 'MISC')}/{year}/"
    names = [
        row.get("name") for row in model.rows.values() if row.get("journal_id") == move.get("journal_id")
    ]
    return f"{prefix}{next_number([str(name) for name in names], prefix):05d}"


def button_draft(model: Model, ids: list[int]) -> None:
    for move in _moves(model, ids):
        if move.get("state") in ("posted", "cancel"):
            move["state"] = "draft"
        recompute_move(model, move["id"])
    model.touch(ids)
    model.db.store.count_mutation()


def button_cancel(model: Model, ids: list[int]) -> None:
    for move in _moves(model, ids):
        if move.get("state") == "posted":
            raise UserError("Only draft journal entries can be cancelled.")
        move["state"] = "cancel"
        recompute_move(model, move["id"])
    model.touch(ids)
    model.db.store.count_mutation()


def action_invoice_download_pdf(model: Model, ids: list[int]) -> dict[str, Any]:
    model.check_acl("read")
    model.check_rules(ids, "read")
    joined = ",".join(str(record_id) for record_id in model.existing_or_missing(ids))
    return {
        "type": "ir.actions.act_url",
        "url": f"/account/download_invoice_documents/{joined}/pdf",
        "target": "download",
    }


def action_print_pdf(model: Model, ids: list[int]) -> dict[str, Any]:
    model.check_acl("read")
    model.existing_or_missing(ids)
    return {
        "type": "ir.actions.report",
        "report_name": "account.report_invoice",
        "report_type": "qweb-pdf",
        "context": {"active_ids": ids},
        "data": None,
    }


class MoveLineBehaviour(Behaviour):
    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {
            "quantity": 1.0,
            "discount": 0.0,
            "display_type": "product",
            "parent_state": "draft",
            "tax_ids": [],
        }

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        line = model.rows[record_id]
        move = model.db.rows("account.move").get(line.get("move_id") or 0, {})
        product_id = line.get("product_id")
        if product_id:
            product = model.db.rows("product.product").get(product_id, {})
            if "name" not in vals:
                line["name"] = product_label(model, product_id)
            if "price_unit" not in vals:
                line["price_unit"] = float(product.get("lst_price", 0.0))
            if "tax_ids" not in vals:
                line["tax_ids"] = product_taxes(model, product_id, move.get("company_id", 1))
        line.update(
            {
                "partner_id": move.get("partner_id", False),
                "company_id": move.get("company_id", False),
                "currency_id": move.get("currency_id", False),
            }
        )
        self.after_write(model, record_id, vals)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        line = model.rows[record_id]
        if line.get("display_type") != "product":
            return
        subtotal, tax = line_amounts(
            model,
            float(line.get("quantity", 0.0)),
            float(line.get("price_unit", 0.0)),
            float(line.get("discount", 0.0)),
            list(line.get("tax_ids", [])),
        )
        line.update({"price_subtotal": subtotal, "price_total": round(subtotal + tax, 2)})
        move_id = line.get("move_id")
        if move_id and move_id in model.db.rows("account.move"):
            recompute_move(model.sibling("account.move"), move_id)
