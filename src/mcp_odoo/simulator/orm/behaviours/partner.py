"""res.partner: display names with the parent company, recursion and name constraints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ...exceptions import ValidationError
from .base import Behaviour

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


class PartnerBehaviour(Behaviour):
    default_fields = ("type", "lang")
    constant_defaults: ClassVar[dict[str, Any]] = {"autopost_bills": "ask"}

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {
            "type": "contact",
            "is_company": False,
            "company_type": "person",
            "lang": "en_US",
            "company_id": False,
        }

    def display_name(self, model: Model, row: Row) -> str:
        name = row.get("name") or ""
        parent_id = row.get("parent_id")
        if parent_id and not row.get("is_company"):
            parent_name = model.db.display_name("res.partner", parent_id)
            return f"{parent_name}, {name}" if name else parent_name
        return str(name)

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        self.after_write(model, record_id, vals)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        if "is_company" in vals:
            row["company_type"] = "company" if row.get("is_company") else "person"
        row["complete_name"] = self.display_name(model, row)
        row["commercial_partner_id"] = row.get("parent_id") or record_id

    def check_constraints(self, model: Model, ids: list[int]) -> None:
        for record_id in ids:
            row = model.rows[record_id]
            if row.get("type") == "contact" and not row.get("name"):
                raise ValidationError("The operation cannot be completed: Contacts require a name")
            seen = {record_id}
            parent = row.get("parent_id")
            while parent:
                if parent in seen:
                    raise ValidationError("You cannot create recursive Partner hierarchies.")
                seen.add(parent)
                parent = model.rows.get(parent, {}).get("parent_id")
