"""Compact field metadata, built from `fields_get`, with every sensitive field already removed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from mcp_odoo.policy.rules import is_sensitive_field

FIELD_ATTRIBUTES: tuple[str, ...] = (
    "string",
    "type",
    "required",
    "readonly",
    "relation",
    "selection",
    "help",
    "store",
    "depends",
    "company_dependent",
)
"""Attributes asked from `fields_get`: enough to validate calls and describe a model, nothing more."""

RELATIONAL_TYPES = frozenset({"many2one", "one2many", "many2many"})
REPLACED_FIELDS: dict[tuple[str, str], tuple[int, str]] = {("res.partner", "mobile"): (19, "phone")}
"""(model, field) -> (the Odoo major version that removed the field, the field that holds its value since)."""


def replacement_note(model: str, name: str) -> str:
    """What to write instead of a field this Odoo does not have, when a later series replaced it; else ""."""
    replaced = REPLACED_FIELDS.get((model, name))
    if replaced is None:
        return ""
    since, instead = replaced
    return f"{model}.{name} was removed in Odoo {since}: give the value as {instead}"


MAX_HELP_CHARS = 200


class FieldMeta(BaseModel):
    """One field of a model, as the tools describe it."""

    name: str = Field(description="Technical field name")
    label: str = Field(description="Label shown in Odoo")
    type: str = Field(description="Odoo field type (char, integer, many2one, selection ...)")
    required: bool = Field(default=False, description="A value is required")
    readonly: bool = Field(default=False, description="Cannot be written")
    relation: str | None = Field(default=None, description="Target model of a relational field")
    selection: dict[str, str] | None = Field(
        default=None, description="Allowed values of a selection field, with labels"
    )
    help: str | None = Field(default=None, description="Short help text")
    stored: bool = Field(default=True, description="Stored in the database (sortable, groupable)")
    computed: bool = Field(default=False, description="Computed by Odoo from other fields")

    @property
    def relational(self) -> bool:
        return self.type in RELATIONAL_TYPES


def _selection(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, list):
        return None
    return {str(pair[0]): str(pair[1]) for pair in raw if isinstance(pair, list | tuple) and len(pair) == 2}


def _short_help(raw: Any) -> str | None:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_HELP_CHARS:
        return None
    return raw.strip()


def field_meta(name: str, raw: Mapping[str, Any]) -> FieldMeta:
    selection = _selection(raw.get("selection"))
    relation = raw.get("relation")
    return FieldMeta(
        name=name,
        label=str(raw.get("string") or name),
        type=str(raw.get("type") or "char"),
        required=bool(raw.get("required")),
        readonly=bool(raw.get("readonly")),
        relation=relation if isinstance(relation, str) and relation else None,
        selection=selection,
        help=_short_help(raw.get("help")),
        stored=raw.get("store", True) is not False,
        computed=bool(raw.get("depends")),
    )


def exposed_fields(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, FieldMeta]:
    """`fields_get`'s answer as compact metadata, sensitive fields left out."""
    return {
        name: field_meta(name, attributes) for name, attributes in raw.items() if not is_sensitive_field(name)
    }


SUMMARY_FIELD_PREFERENCE: tuple[str, ...] = (
    "display_name",
    "name",
    "state",
    "partner_id",
    "move_type",
    "stage_id",
    "date_order",
    "invoice_date",
    "invoice_date_due",
    "date",
    "date_deadline",
    "scheduled_date",
    "amount_total",
    "amount_residual",
    "expected_revenue",
    "payment_state",
    "product_id",
    "product_uom_qty",
    "quantity",
    "default_code",
    "list_price",
    "email",
    "phone",
    "country_id",
    "user_id",
    "company_id",
)
"""Fields that summarise a record on most business models, most telling first."""

SUMMARY_TYPES = frozenset(
    {"char", "selection", "many2one", "date", "datetime", "monetary", "float", "integer"}
)
SUMMARY_SIZE = 8
FEW_PREFERRED = 3


def summary_fields(fields: Mapping[str, FieldMeta], size: int = SUMMARY_SIZE) -> list[str]:
    """A small default field set: the preferred business fields the model has; on a model with few
    of them (an unfamiliar one), its required fields as well.

    Never binary, html, long text or x2many fields, so a default search stays small.
    """
    skipped = {"name"} if "display_name" in fields else set()  # the display name already says it
    eligible = [name for name, meta in fields.items() if name not in skipped and _summarisable(meta)]
    chosen = [name for name in SUMMARY_FIELD_PREFERENCE if name in eligible]
    if len(chosen) < FEW_PREFERRED:
        required = [name for name in eligible if fields[name].required and fields[name].stored]
        chosen += [name for name in required if name not in chosen]
    return chosen[:size]


def _summarisable(meta: FieldMeta) -> bool:
    return meta.type in SUMMARY_TYPES or meta.name == "display_name"
