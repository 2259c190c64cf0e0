"""res.company: a new company gets its own partner, as in Odoo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Behaviour

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


class CompanyBehaviour(Behaviour):
    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        main = model.db.rows("res.company").get(model.env.company_id, {})
        return {"currency_id": main.get("currency_id", 1), "sequence": 10, "child_ids": []}

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        if row.get("partner_id"):
            return
        name = row.get("name") or ""
        row["partner_id"] = model.db.store.insert(
            "res.partner",
            {
                "name": name,
                "display_name": name,
                "complete_name": name,
                "is_company": True,
                "company_type": "company",
                "type": "contact",
                "active": True,
                "company_id": record_id,
                "email": row.get("email", False),
                "lang": "en_US",
                "child_ids": [],
                "category_id": [],
            },
        )
        model.sibling("res.partner").touch([row["partner_id"]], creating=True)
        model.db.rows("res.partner")[row["partner_id"]]["commercial_partner_id"] = row["partner_id"]
