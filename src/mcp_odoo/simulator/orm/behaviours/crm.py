"""crm.lead: defaults (salesperson, first stage), won / lost / stage changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Behaviour, BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


def _first_stage(model: Model) -> int | bool:
    stages = model.db.rows("crm.stage")
    ordered = sorted(stages.values(), key=lambda row: (row.get("sequence", 0), row["id"]))
    return int(ordered[0]["id"]) if ordered else False


def _won_stage(model: Model) -> int | bool:
    return next((int(row["id"]) for row in model.db.rows("crm.stage").values() if row.get("is_won")), False)


class LeadBehaviour(Behaviour):
    required_fields = ("name",)
    default_fields = ("type", "user_id", "priority")

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        defaults: Row = {
            "type": "lead",
            "user_id": model.env.uid,
            "stage_id": _first_stage(model),
            "team_id": 1,
            "company_id": model.env.company_id,
            "priority": "0",
            "probability": 10.0,
            "expected_revenue": 0.0,
        }
        if "won_status" in model.fields:
            defaults["won_status"] = "pending"
        partner = model.db.rows("res.partner").get(vals.get("partner_id") or 0)
        if not vals.get("name") and partner and partner.get("name"):
            # crm.lead's name is computed from its customer when not given (_compute_name).
            defaults["name"] = f"{partner['name']}'s opportunity"
        return defaults

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        self.after_write(model, record_id, vals)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        row["prorated_revenue"] = round(
            float(row.get("expected_revenue", 0.0)) * float(row.get("probability", 0.0)) / 100.0, 2
        )
        if "stage_id" in vals and row.get("stage_id") == _won_stage(model):
            row["probability"] = 100.0

    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "action_set_won": BusinessMethod(action_set_won),
            "action_set_lost": BusinessMethod(
                action_set_lost, (Parameter("lost_reason_id"), Parameter("lost_feedback"))
            ),
        }


def action_set_won(model: Model, ids: list[int]) -> bool:
    vals: dict[str, Any] = {"stage_id": _won_stage(model), "probability": 100.0}
    if "won_status" in model.fields:
        vals["won_status"] = "won"
    return model.write(ids, vals)


def action_set_lost(
    model: Model, ids: list[int], lost_reason_id: Any = None, lost_feedback: Any = None
) -> bool:
    vals: dict[str, Any] = {"active": False, "probability": 0.0}
    if lost_reason_id:
        vals["lost_reason_id"] = lost_reason_id
    if "won_status" in model.fields:
        vals["won_status"] = "lost"
    return model.write(ids, vals)
