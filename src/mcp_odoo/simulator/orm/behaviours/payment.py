"""account.payment.register (the "Register Payment" wizard) and the account.payment records it creates.

The wizard takes the receivable/payable lines of posted invoices (given as `line_ids`, or through the
context's `active_model`/`active_ids`), proposes the amount still due, a bank journal, today's date
and the invoice reference, and `action_create_payments` creates one payment per invoice in state
`in_process`. Payments create no journal entry here: the invoice's residual is its total less the
payments registered on it, and it reads `partial`, or `in_payment` once nothing is left (account_payment
is installed, so a fully paid invoice waits in `in_payment` until its bank statement is matched).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...exceptions import UserError
from ..computed import CUSTOMER_MOVES
from .account import INBOUND_TYPES, recompute_move
from .base import Behaviour, BusinessMethod
from .pricing import next_number

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row

PAYMENT = "account.payment"

NO_LINES = "You can't open the register payment wizard without at least one receivable/payable line."
NOTHING_DUE = (
    "There's nothing left to pay for the selected journal items, so no payment registration is"
    " necessary. You've got your finances under control like a boss!"
)
COMPANIES = "You can't create payments for entries belonging to different companies."
MIXED = "You can't register payments for both inbound and outbound moves at the same time."
BLOCKED = "You cannot register payments for blocked invoices."
WRONG_MODEL = (
    "The register payment wizard should only be called on account.move or account.move.line records."
)


def _context_lines(model: Model) -> list[int]:
    """The lines Odoo's default_get takes from `active_model` / `active_ids`."""
    context = model.env.context
    active_model, active_ids = context.get("active_model"), context.get("active_ids") or []
    if not active_model:
        return []
    lines = model.db.rows("account.move.line")
    if active_model == "account.move.line":
        return [line for line in active_ids if line in lines]
    if active_model != "account.move":
        raise UserError(WRONG_MODEL)
    moves = model.db.rows("account.move")
    return [line for move in active_ids for line in moves.get(move, {}).get("line_ids", []) if line in lines]


def _payable_lines(model: Model, line_ids: list[int]) -> list[Row]:
    """The receivable/payable lines among `line_ids` with something left to pay, checked in Odoo's order."""
    lines = model.db.rows("account.move.line")
    moves = model.db.rows("account.move")
    chosen = [lines[line] for line in line_ids if line in lines]
    if not chosen:
        raise UserError(NO_LINES)
    payable = [line for line in chosen if line.get("display_type") == "payment_term" and _residual(line)]
    if not payable:
        raise UserError(NOTHING_DUE)
    documents = [moves.get(line.get("move_id") or 0, {}) for line in payable]
    if len({document.get("company_id") for document in documents}) > 1:
        raise UserError(COMPANIES)
    if len({document.get("move_type") in INBOUND_TYPES for document in documents}) > 1:
        raise UserError(MIXED)
    if any(document.get("payment_state") == "blocked" for document in documents):
        raise UserError(BLOCKED)
    return payable


def _residual(line: Row) -> float:
    """What is left to pay on a receivable (debit) or payable (credit) line, as a positive amount."""
    return abs(float(line.get("amount_residual") or 0.0))


def _bank_journal(model: Model, company_id: Any) -> int | bool:
    journals = model.db.rows("account.journal")
    for kind in ("bank", "cash"):
        for journal_id, journal in sorted(journals.items()):
            if journal.get("type") == kind and journal.get("company_id") == company_id:
                return journal_id
    return False


class PaymentRegisterBehaviour(Behaviour):
    default_fields = ("payment_date",)

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        values: Row = {"payment_date": model.db.today.isoformat(), "group_payment": False}
        if "line_ids" not in vals:
            values["line_ids"] = _context_lines(model)
        return values

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        wizard = model.rows[record_id]
        lines = _payable_lines(model, list(wizard.get("line_ids") or []))
        wizard["line_ids"] = [int(line["id"]) for line in lines]
        move = model.db.rows("account.move")[lines[0]["move_id"]]
        move_type = move.get("move_type", "entry")
        due = round(sum(_residual(line) for line in lines), 2)
        computed: Row = {
            "company_id": move.get("company_id"),
            "partner_id": move.get("commercial_partner_id") or move.get("partner_id"),
            "currency_id": move.get("currency_id"),
            "source_currency_id": move.get("currency_id"),
            "source_amount": due,
            "source_amount_currency": due,
            "amount": due,
            "journal_id": _bank_journal(model, move.get("company_id")),
            "communication": move.get("payment_reference") or move.get("ref") or move.get("name"),
            "payment_type": "inbound" if move_type in INBOUND_TYPES else "outbound",
            "partner_type": "customer" if move_type in CUSTOMER_MOVES else "supplier",
        }
        wizard.update({key: value for key, value in computed.items() if not vals.get(key)})
        wizard["payment_difference"] = round(due - float(wizard.get("amount") or 0.0), 2)

    def methods(self) -> dict[str, BusinessMethod]:
        return {"action_create_payments": BusinessMethod(action_create_payments)}


def _payment_name(model: Model, journal_id: Any, date: str) -> str:
    journal = model.db.rows("account.journal").get(journal_id or 0, {})
    prefix = f"P{journal.get('code') or 'PAY'}/{date[:4]}/"
    names = [str(payment.get("name")) for payment in model.db.rows(PAYMENT).values()]
    return f"{prefix}{next_number(names, prefix):05d}"


def _payment_values(model: Model, wizard: Row, move: Row, amount: float) -> dict[str, Any]:
    date = str(wizard.get("payment_date") or model.db.today.isoformat())
    return {
        "name": _payment_name(model, wizard.get("journal_id"), date),
        "state": "in_process",
        "amount": amount,
        "date": date,
        "journal_id": wizard.get("journal_id"),
        "partner_id": wizard.get("partner_id"),
        "partner_type": wizard.get("partner_type"),
        "payment_type": wizard.get("payment_type"),
        "currency_id": wizard.get("currency_id"),
        "company_id": wizard.get("company_id"),
        "memo": wizard.get("communication") or False,
        "invoice_ids": [[6, 0, [move["id"]]]],
        "reconciled_invoice_ids": [[6, 0, [move["id"]]]],
        "reconciled_invoices_count": 1,
    }


def action_create_payments(model: Model, ids: list[int]) -> dict[str, Any] | bool:
    """One payment per invoice of each wizard; the wizard's amount when it pays a single invoice."""
    model.check_acl("write")
    payments = model.sibling(PAYMENT)
    moves = model.sibling("account.move")
    created: list[int] = []
    for record_id in model.existing_or_missing(ids):
        wizard = model.rows[record_id]
        lines = _payable_lines(model, list(wizard.get("line_ids") or []))
        move_ids = list(dict.fromkeys(int(line["move_id"]) for line in lines))
        for move_id in move_ids:
            move = moves.rows[move_id]
            amount = (
                float(wizard.get("amount") or 0.0)
                if len(move_ids) == 1
                else float(move.get("amount_residual") or 0.0)
            )
            payment_id = payments.create([_payment_values(model, wizard, move, amount)])[0]
            move["matched_payment_ids"] = [*(move.get("matched_payment_ids") or []), payment_id]
            recompute_move(moves, move_id)
            moves.touch([move_id])
            created.append(payment_id)
    model.db.store.count_mutation()
    if model.env.context.get("dont_redirect_to_payments"):
        return True
    action: dict[str, Any] = {
        "name": "Payments",
        "type": "ir.actions.act_window",
        "res_model": PAYMENT,
        "context": {"create": False},
    }
    if len(created) == 1:
        action.update({"view_mode": "form", "res_id": created[0]})
    else:
        action.update({"view_mode": "list,form", "domain": [["id", "in", created]]})
    return action
