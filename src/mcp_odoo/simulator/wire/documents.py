"""The printable content of customer documents (invoice, quotation/order, delivery), read through the ORM.

Each document becomes a title and text lines: company-independent header, partner, dates, one
line per document line, totals. The reading user's access rights apply, as in Odoo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp_odoo.simulator.wire.backend import OdooBackend


@dataclass(frozen=True)
class Document:
    title: str
    file_name: str
    lines: list[str]


@dataclass(frozen=True)
class Layout:
    """Which fields of a document model and of its lines make up the printout."""

    label: str
    header_fields: tuple[str, ...]
    lines_field: str
    line_model: str
    line_fields: tuple[str, ...]
    totals: tuple[str, ...]


LAYOUTS = {
    "account.move": Layout(
        "Invoice",
        ("invoice_date", "invoice_date_due"),
        "invoice_line_ids",
        "account.move.line",
        ("name", "quantity", "price_unit", "price_subtotal"),
        ("amount_untaxed", "amount_tax", "amount_total"),
    ),
    "sale.order": Layout(
        "Order",
        ("date_order", "validity_date"),
        "order_line",
        "sale.order.line",
        ("name", "product_uom_qty", "price_unit", "price_subtotal"),
        ("amount_untaxed", "amount_tax", "amount_total"),
    ),
    "stock.picking": Layout(
        "Delivery",
        ("scheduled_date", "origin"),
        "move_ids",
        "stock.move",
        ("product_id", "product_uom_qty"),
        (),
    ),
}


def _shown(value: Any) -> str:
    if value is False or value is None:
        return ""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
        return value[1]
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _read_one(
    backend: OdooBackend, uid: int, model: str, record_id: int, fields: list[str]
) -> dict[str, Any]:
    records: list[dict[str, Any]] = backend.execute_kw(uid, model, "read", [[record_id]], {"fields": fields})
    if not records:
        raise LookupError(f"{model}({record_id}) does not exist")
    return records[0]


def read_document(backend: OdooBackend, uid: int, model: str, record_id: int) -> Document:
    layout = LAYOUTS[model]
    fields = ["name", "partner_id", *layout.header_fields, layout.lines_field, *layout.totals]
    record = _read_one(backend, uid, model, record_id, fields)
    name = _shown(record["name"])
    lines = [f"{layout.label} {name}", f"Partner: {_shown(record['partner_id'])}"]
    lines += [
        f"{field.replace('_', ' ').capitalize()}: {_shown(record[field])}" for field in layout.header_fields
    ]
    lines.append("")
    lines.append(" | ".join(field.replace("_", " ") for field in layout.line_fields))
    items = backend.execute_kw(
        uid, layout.line_model, "read", [record[layout.lines_field]], {"fields": list(layout.line_fields)}
    )
    lines += [" | ".join(_shown(item[field]) for field in layout.line_fields) for item in items]
    if layout.totals:
        lines.append("")
        lines += [
            f"{field.replace('amount_', '').capitalize()}: {_shown(record[field])}" for field in layout.totals
        ]
    return Document(title=f"{layout.label} {name}", file_name=name.replace("/", "_"), lines=lines)
