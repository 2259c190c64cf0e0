"""The arguments of the generic tools, described for the model that fills them."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from mcp_odoo.calls.bounds import IDENTIFIER_SCHEMA, ORDER_MAX_CHARS
from mcp_odoo.policy.settings import PolicySettings

ModelArg = Annotated[
    str,
    Field(
        description="Technical model name, e.g. res.partner, sale.order, account.move (see list_models)",
        json_schema_extra=IDENTIFIER_SCHEMA,
    ),
]
DomainArg = Annotated[
    list[Any] | str,
    Field(
        default_factory=list,
        description="Odoo domain as JSON: a list of [field, operator, value] conditions, e.g. "
        '[["state", "=", "sale"], ["partner_id.name", "ilike", "azure"]]. '
        'Conditions are ANDed; put "|" before two conditions for OR. '
        "Operators: = != < > <= >= like ilike not ilike in not in child_of any. Empty = all records.",
    ),
]
"""The domain of search_records, which spells out the syntax once for every tool of the list."""
SameDomainArg = Annotated[
    list[Any] | str,
    Field(
        default_factory=list,
        description='Odoo domain as JSON, written as for search_records, e.g. [["state", "=", "sale"]]; '
        "empty = all records",
    ),
]
"""The domain of the other generic tools: the same syntax, by reference (every tool's description is sent
to the model at each turn, so the syntax is spelled out once)."""
FieldsArg = Annotated[
    list[Annotated[str, Field(json_schema_extra=IDENTIFIER_SCHEMA)]],
    Field(
        default_factory=list,
        description="Field names to return; empty = a small default set of the most useful fields. "
        "Ask only for what you need: every field costs tokens.",
    ),
]
IdsArg = Annotated[list[int], Field(description="Record ids, e.g. [7, 12]", min_length=1)]
ValuesArg = Annotated[
    dict[str, Any] | str,
    Field(
        description='Field values as a JSON object, e.g. {"name": "Acme", "partner_id": "Azure Interior", '
        '"date_order": "2026-11-24"}. '
        "many2one: id or exact name; many2many: list of ids or names (replaces the set); "
        "one2many: list of objects, each a new line; dates YYYY-MM-DD; datetimes ISO 8601 (UTC)."
    ),
]
OffsetArg = Annotated[
    int, Field(default=0, ge=0, description="Records to skip (from next_offset of a previous page)")
]


def order_field(description: str) -> Any:
    """The `Field` of a sort order argument (empty: the default order)."""
    return Field(default="", max_length=ORDER_MAX_CHARS, description=description)


def limit_field(settings: PolicySettings, what: str = "Records per page") -> Any:
    """The `Field` of a page size argument: the configured default limit (the policy caps it)."""
    limits = f"default {settings.default_limit}, at most {settings.max_limit}"
    return Field(default=settings.default_limit, ge=1, description=f"{what} ({limits})")
