"""One record as markdown (``odoo://{model}/{id}``).

The rendering shows the fields people look at first (the same preference as the tools'
default fields), then every other informative field; relations appear as names, monetary
values with the record's currency, and technical fields (chatter, activities, audit stamps,
binaries, one2many lists) are left out. Everything is read through the policy gateway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp_odoo.calls.uris import DOCUMENT_MODELS, document_uri
from mcp_odoo.policy import FieldMeta, OdooGateway, summary_fields
from mcp_odoo.render import name_of
from mcp_odoo.resources.markdown import bullet_list, field_text, labelled

SHOWN_TYPES = frozenset(
    {
        "char",
        "text",
        "html",
        "selection",
        "many2one",
        "many2many",
        "date",
        "datetime",
        "monetary",
        "float",
        "integer",
        "boolean",
    }
)
TECHNICAL_PREFIXES = ("message_", "activity_", "website_message", "access_", "__", "rating_", "my_activity")
TECHNICAL_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
        "sequence",
        "color",
        "active",
        "has_message",
        "is_favorite",
        "avatar_128",
    }
)
MAX_FIELDS = 60
CURRENCY_FIELDS = ("currency_id", "company_currency_id", "company_currency")
MAX_TAGS = 20


def _informative(meta: FieldMeta) -> bool:
    """Stored business fields; computed-on-the-fly helpers (counters, related codes) are noise here."""
    name = meta.name
    if name in TECHNICAL_FIELDS or name.startswith(TECHNICAL_PREFIXES):
        return False
    return meta.stored and meta.type in SHOWN_TYPES


def shown_fields(fields: Mapping[str, FieldMeta]) -> list[str]:
    """Summary fields first, then the other informative ones in Odoo's order, at most MAX_FIELDS."""
    first = [name for name in summary_fields(fields) if name != "display_name"]
    rest = [name for name, meta in fields.items() if _informative(meta) and name not in first]
    return (first + rest)[:MAX_FIELDS]


async def _many2many_names(
    gateway: OdooGateway, fields: Mapping[str, FieldMeta], record: Mapping[str, Any]
) -> dict[str, str]:
    names: dict[str, str] = {}
    for name, value in record.items():
        meta = fields.get(name)
        if meta is None or meta.type != "many2many" or not value or not meta.relation:
            continue
        if not gateway.policy.is_model_exposed(meta.relation):
            names[name] = f"{len(value)} record(s)"
            continue
        related = await gateway.read(meta.relation, list(value)[:MAX_TAGS], ["display_name"])
        shown = ", ".join(str(row.get("display_name")) for row in related)
        more = len(value) - MAX_TAGS
        names[name] = shown + (f" and {more} more" if more > 0 else "")
    return names


def _shown(
    meta: FieldMeta, value: Any, tags: Mapping[str, str], currency: str | None, *, keep_zero: bool
) -> str | None:
    """The text of one field; None for empty values, and for zeros outside the summary fields."""
    if meta.name in tags:
        return tags[meta.name]
    if meta.type in ("integer", "float", "monetary") and not value and not keep_zero:
        return None
    return field_text(meta, value, currency)


def record_currency(record: Mapping[str, Any]) -> str | None:
    """The record's currency, else its company's (e.g. crm.lead has only ``company_currency``)."""
    for name in CURRENCY_FIELDS:
        if record.get(name):
            return name_of(record[name])
    return None


async def render_record(gateway: OdooGateway, model: str, record_id: int) -> str:
    """``odoo://{model}/{id}`` as markdown."""
    fields = await gateway.fields(model)
    names = shown_fields(fields)
    summary = set(summary_fields(fields))
    record = await gateway.read_one(model, record_id, ["display_name", *CURRENCY_FIELDS, *names])
    currency = record_currency(record)
    tags = await _many2many_names(gateway, fields, record)
    label = await gateway.model_label(model) or model
    title = record.get("display_name") or f"{model} #{record_id}"
    lines = [f"# {title}", f"*{label}* (`{model}` #{record_id})", ""]
    pairs = [
        (
            labelled(fields, name),
            _shown(fields[name], record.get(name), tags, currency, keep_zero=name in summary),
        )
        for name in names
        if name in record
    ]
    lines += bullet_list((label, text) for label, text in pairs if text != title)
    if model in DOCUMENT_MODELS:
        lines += ["", f"Full document with lines and totals: {document_uri(model, record_id)}"]
    return "\n".join(lines) + "\n"
