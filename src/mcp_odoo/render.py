"""Compact output: Odoo values as an agent should read them, within a size budget.

Odoo answers with `false` for every empty value, many2one as ``[id, "name"]``, datetimes as
naive UTC strings and html as markup. Structured records keep only what carries information:
empty values are dropped (no null padding), many2one becomes ``{"id", "name"}``, datetimes
become ISO 8601 UTC, html becomes text and binary content is replaced by its size. The text
form puts one record per line with many2one written ``Name (#id)``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.policy.metadata import FieldMeta
from mcp_odoo.policy.rules import is_sensitive_field

_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_ODOO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
CLIPPED_VALUE_CHARS = 2_000
CLIPPED_NOTICE = (
    "Long values were shortened to fit the response budget; "
    "read fewer fields, or read_records on one record, to see less at a time."
)


def html_to_text(markup: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def iso_datetime(value: str) -> str:
    """Odoo's naive UTC ``YYYY-MM-DD HH:MM:SS`` as ISO 8601 with an explicit UTC offset."""
    return value.replace(" ", "T") + "Z" if _ODOO_DATETIME.match(value) else value


def compact_value(meta: FieldMeta | None, value: Any) -> Any:
    """The value as shown to the model, or None when it carries nothing (empty, false, no relation)."""
    kind = meta.type if meta is not None else None
    if kind == "boolean":
        return bool(value)
    if value is False or value is None or value == [] or value == "":
        return None
    if kind == "many2one" and isinstance(value, list | tuple) and len(value) == 2:
        return {"id": value[0], "name": value[1]}
    if kind == "datetime" and isinstance(value, str):
        return iso_datetime(value)
    if kind == "html" and isinstance(value, str):
        return html_to_text(value) or None
    if kind == "binary":
        return f"<binary, {len(value) * 3 // 4 if isinstance(value, str) else 0} bytes>"
    return value


def compact_record(record: Mapping[str, Any], fields: Mapping[str, FieldMeta]) -> dict[str, Any]:
    """One record with empty values dropped and sensitive fields stripped; `id` always first."""
    compact: dict[str, Any] = {"id": record.get("id")}
    for name, value in record.items():
        if name == "id" or is_sensitive_field(name):
            continue
        shown = compact_value(fields.get(name), value)
        if shown is not None:
            compact[name] = shown
    return compact


def text_value(value: Any) -> str:
    if isinstance(value, Mapping) and set(value) == {"id", "name"}:
        return f"{value['name']} (#{value['id']})"
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {text_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(text_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def record_line(record: Mapping[str, Any]) -> str:
    """``#7 S00007 | state: sale | partner_id: Azure Interior (#14)`` (display name without a label, and
    the name only when it differs from the display name)."""
    parts = [f"#{record.get('id')}"]
    title = record.get("display_name")
    if title is not None:
        parts[0] += f" {title}"
    parts.extend(
        f"{name}: {text_value(value)}"
        for name, value in record.items()
        if name not in ("id", "display_name") and not (name == "name" and value == title)
    )
    return " | ".join(parts)


def json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))


def clip_long_values(record: Mapping[str, Any], limit: int = CLIPPED_VALUE_CHARS) -> dict[str, Any]:
    """Long strings cut to `limit` characters with a marker saying how much was left out."""
    clipped: dict[str, Any] = {}
    for name, value in record.items():
        if isinstance(value, str) and len(value) > limit:
            value = f"{value[:limit]}… [{len(value) - limit} more characters]"
        clipped[name] = value
    return clipped


@dataclass(frozen=True)
class Budgeted:
    """The records that fit in the budget; `dropped` > 0 means the answer was truncated."""

    records: list[dict[str, Any]]
    dropped: int
    clipped: bool

    def notice(self, total: int | None = None, next_offset: int | None = None) -> str | None:
        """What to tell the model when the budget shortened the answer; None when it did not."""
        if self.dropped:
            return truncation_notice(len(self.records), len(self.records) + self.dropped, total, next_offset)
        if self.clipped:
            return CLIPPED_NOTICE
        return None


def fit_budget(records: Sequence[dict[str, Any]], budget_chars: int) -> Budgeted:
    """Keep leading records while their structured and text forms together fit the budget."""
    kept: list[dict[str, Any]] = []
    used = 0
    clipped = False
    for record in records:
        size = _rendered_size(record)
        if used + size > budget_chars:
            if kept:
                break
            record = clip_long_values(record)
            clipped = True
            size = _rendered_size(record)
            if size > budget_chars:
                break
        kept.append(record)
        used += size
    return Budgeted(records=kept, dropped=len(records) - len(kept), clipped=clipped)


def _rendered_size(record: Mapping[str, Any]) -> int:
    return json_size(record) + len(record_line(record)) + 1


def truncation_notice(shown: int, fetched: int, total: int | None, next_offset: int | None) -> str:
    """What the model reads when records were left out to respect the response budget."""
    matching = f" of {total} matching" if total is not None else ""
    resume = f"; continue with offset={next_offset}" if next_offset is not None else ""
    return (
        f"Truncated to fit the response budget: showing {shown} of {fetched} records fetched{matching}. "
        f"Narrow the query: ask for fewer fields, use a smaller limit or a stricter domain{resume}."
    )


def lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def name_of(value: Any) -> str | None:
    """The name of a many2one value (Odoo's ``[id, name]`` or the compact ``{id, name}``), else None."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return str(value[1])
    if isinstance(value, Mapping) and "name" in value:
        return str(value["name"])
    return None


def money(amount: Any, currency: Any) -> str:
    """``1,234.50 USD``: `currency` is its code, or the many2one naming it; left out when unknown."""
    code = currency if isinstance(currency, str) else name_of(currency)
    return f"{float(amount or 0.0):,.2f} {code or ''}".strip()
