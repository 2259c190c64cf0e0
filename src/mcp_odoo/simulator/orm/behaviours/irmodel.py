"""ir.model's public methods for the web client's model selector: `get_available_models` and
`display_name_for`.

Only "Access Rights" may read ir.model, but these two are public to every user: they read ir.model as
superuser and answer `[{display_name, model}]` in ir.model's order (mail threads first, then by name, as
PostgreSQL's C collation sorts it). A model is offered to an internal user who may read it, unless it is
transient or abstract; `display_name_for` answers the others with their technical name, after the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import access
from ..catalogue import ABSTRACT_MODELS
from .base import Behaviour, BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


def _rows_by_model(model: Model) -> dict[str, Row]:
    return {str(row["model"]): row for row in model.db.rows("ir.model").values()}


def _is_valid_for_model_selector(model: Model, rows: dict[str, Row], name: Any) -> bool:
    row = rows.get(name) if isinstance(name, str) else None
    return (
        not model.env.user.share
        and row is not None
        and not row.get("transient")
        and name not in ABSTRACT_MODELS
        and access.has_model_access(model.env.series, model.env.user, name, "read")
    )


def _display_name_for(rows: dict[str, Row], models: list[str]) -> list[dict[str, Any]]:
    found = sorted(
        (rows[name] for name in set(models)),
        key=lambda row: (not row.get("is_mail_thread"), str(row["name"]), row["id"]),
    )
    return [{"display_name": row["name"], "model": row["model"]} for row in found]


def get_available_models(model: Model) -> list[dict[str, Any]]:
    rows = _rows_by_model(model)
    return _display_name_for(rows, [name for name in rows if _is_valid_for_model_selector(model, rows, name)])


def display_name_for(model: Model, models: Any) -> list[dict[str, Any]]:
    rows = _rows_by_model(model)
    accessible: list[str] = []
    not_accessible: list[dict[str, Any]] = []
    for name in models or []:
        if _is_valid_for_model_selector(model, rows, name):
            accessible.append(name)
        else:
            not_accessible.append({"display_name": name, "model": name})
    return _display_name_for(rows, accessible) + not_accessible


class IrModelBehaviour(Behaviour):
    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "get_available_models": BusinessMethod(get_available_models, on_records=False),
            "display_name_for": BusinessMethod(
                display_name_for, (Parameter("models", required=True),), on_records=False
            ),
        }
