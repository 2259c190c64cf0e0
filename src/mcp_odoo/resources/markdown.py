"""Markdown building blocks for resources and prompts: values as people read them in Odoo."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mcp_odoo.policy import FieldMeta
from mcp_odoo.render import html_to_text, iso_datetime, money, name_of

MAX_TEXT_CHARS = 1_500


def id_of(value: Any) -> int | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return int(value[0])
    return None


def quantity(value: Any) -> str:
    number = float(value or 0)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.3f}".rstrip("0")


def clipped(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… [{len(text) - limit} more characters]"


def field_text(meta: FieldMeta, value: Any, currency: str | None) -> str | None:
    """One field value as text, or None when it is empty (``false``, no relation, blank)."""
    if meta.type == "boolean":
        return "yes" if value else None
    if value is False or value is None or value == "" or value == []:
        return None
    if meta.type == "many2one":
        return name_of(value)
    if meta.type == "selection":
        return (meta.selection or {}).get(str(value), str(value))
    if meta.type == "monetary":
        return money(value, currency)
    if meta.type == "float":
        return quantity(value)
    if meta.type == "datetime":
        return iso_datetime(str(value))
    if meta.type == "html":
        return clipped(html_to_text(str(value))) or None
    if meta.type == "text":
        return clipped(" ".join(str(value).split()))
    return str(value)


def cell(text: Any) -> str:
    """A markdown table cell: pipes escaped, line breaks flattened."""
    return " ".join(str(text).split()).replace("|", "\\|")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines.extend("| " + " | ".join(cell(item) for item in row) + " |" for row in rows)
    return lines


def bullet_list(pairs: Iterable[tuple[str, str | None]]) -> list[str]:
    """``- **Label**: value`` for every pair whose value is not empty."""
    return [f"- **{label}**: {value}" for label, value in pairs if value]


def labelled(fields: Mapping[str, FieldMeta], name: str) -> str:
    meta = fields.get(name)
    return meta.label if meta is not None else name.replace("_", " ").capitalize()
