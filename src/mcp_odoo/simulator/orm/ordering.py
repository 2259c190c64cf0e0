"""`order` specifications ("name asc, id desc") and sorting rows the way PostgreSQL would.

Many2one fields sort by the target's display name (Odoo sorts by the target's `_order`, which for the
demo models is mostly the name); empty values sort last ascending and first descending (NULLS LAST/FIRST).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fields import Field

#: Each model's `_order` in Odoo (models not listed use "id").
DEFAULT_ORDERS: dict[str, str] = {
    "res.partner": "complete_name asc, id desc",
    "res.users": "name, login",
    "res.company": "id desc",  # the recorded company_ids lists read newest first ([3, 2, 1], [5, 1])
    "res.currency": "active desc, name",
    "res.country": "name",
    "res.lang": "active desc, name",
    "crm.lead": "priority desc, id desc",
    "crm.stage": "sequence, name, id",
    "crm.team": "sequence ASC, create_date DESC, id DESC",
    "sale.order": "date_order desc, id desc",
    "sale.order.line": "order_id, sequence, id",
    "account.move": "date desc, name desc, invoice_date desc, id desc",
    "account.move.line": "date desc, move_name desc, id",
    "account.tax": "sequence, id",
    "account.journal": "sequence, type, code",
    "product.product": "is_favorite desc, default_code, name, id",
    "product.template": "is_favorite desc, name",
    "product.category": "complete_name",
    "res.partner.category": "display_name",  # Odoo orders by complete_name, which display_name mirrors
    "stock.picking": "priority desc, scheduled_date asc, id desc",
    "stock.move": "sequence, id",
    "stock.quant": "id",
    "stock.location": "complete_name, id",
    "uom.uom": "sequence, id",
    "mail.activity": "date_deadline ASC, id ASC",
    "mail.message": "id desc",
    "ir.model": "is_mail_thread desc, name",
    "ir.module.module": "application desc, sequence, name",
}

OrderTerm = tuple[str, bool]


def parse_order(order: str, fields: dict[str, Field], model: str) -> list[OrderTerm]:
    """[(field, descending)], raising Odoo's ValueError for a malformed or unknown term."""
    terms: list[OrderTerm] = []
    for raw in order.split(","):
        words = raw.strip().split()
        if not words:
            continue
        name = words[0].split(":")[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if len(words) > 3 or direction not in ("asc", "desc") or name not in fields:
            raise ValueError(
                f'Invalid "order" specified ({order}). A valid "order" specification is a '
                "comma-separated list of valid field names (optionally followed by asc/desc "
                "for the direction)"
            )
        terms.append((name, direction == "desc"))
    return terms


def default_order(model: str, fields: dict[str, Field]) -> list[OrderTerm]:
    terms = (
        parse_order(DEFAULT_ORDERS.get(model, "id"), {**fields}, model)
        if all(term.split()[0] in fields for term in DEFAULT_ORDERS.get(model, "id").split(","))
        else [("id", False)]
    )
    if all(name != "id" for name, _ in terms):
        terms.append(("id", False))
    return terms


def sort_ids(
    ids: list[int],
    terms: list[OrderTerm],
    sort_value: Callable[[int, str], Any],
) -> list[int]:
    """Sort ids by the terms; `sort_value(id, field)` gives a comparable value or None when empty."""
    result = list(ids)
    for name, descending in reversed(terms):
        present = [record_id for record_id in result if sort_value(record_id, name) is not None]
        missing = [record_id for record_id in result if sort_value(record_id, name) is None]
        present.sort(key=lambda record_id: sort_value(record_id, name), reverse=descending)
        result = missing + present if descending else present + missing
    return result
