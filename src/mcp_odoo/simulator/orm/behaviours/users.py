"""res.users: the email is the user's partner's (Odoo's `_inherits`), written there and read from there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Behaviour

if TYPE_CHECKING:
    from ..engine import Model

#: Partner fields a user reads and writes through `partner_id` (the ones the simulator's features use).
DELEGATED_TO_PARTNER = ("email",)


class UsersBehaviour(Behaviour):
    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        self._delegate(model, record_id, vals)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        self._delegate(model, record_id, vals)

    def _delegate(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        partner = model.db.rows("res.partner").get(row.get("partner_id") or 0)
        if partner is None:
            return
        for name in DELEGATED_TO_PARTNER:
            if name in vals:
                partner[name] = row.pop(name, False)
