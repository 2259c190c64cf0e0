"""The business documents people read, as markdown (``odoo://{model}/{id}/document``).

Quotations/orders, invoices/bills and transfers: header, partner and addresses, a lines table,
then taxes and totals exactly as Odoo computed them (``tax_totals`` and the ``amount_*``
fields; nothing is recomputed here) and the payment state. Field names differ between Odoo
series (``tax_id``/``tax_ids``, ``product_uom``/``product_uom_id``): a layout lists the
candidates and only the fields the connected Odoo has are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.calls.uris import record_uri
from mcp_odoo.policy import FieldMeta, InvalidRequest, OdooGateway
from mcp_odoo.render import money, name_of
from mcp_odoo.resources.markdown import (
    bullet_list,
    field_text,
    id_of,
    labelled,
    quantity,
    table,
)


@dataclass(frozen=True)
class DocumentLayout:
    """Which fields make up one kind of document, by role."""

    kind_field: str | None
    header: tuple[str, ...]
    partners: tuple[str, ...]
    lines_field: str
    line_model: str
    line_fields: tuple[str, ...]
    priced: bool


LAYOUTS: dict[str, DocumentLayout] = {
    "sale.order": DocumentLayout(
        kind_field=None,
        header=(
            "state",
            "date_order",
            "validity_date",
            "commitment_date",
            "client_order_ref",
            "origin",
            "payment_term_id",
            "user_id",
            "team_id",
            "invoice_status",
            "company_id",
        ),
        partners=("partner_id", "partner_invoice_id", "partner_shipping_id"),
        lines_field="order_line",
        line_model="sale.order.line",
        line_fields=(
            "display_type",
            "name",
            "product_uom_qty",
            "product_uom_id",
            "product_uom",
            "price_unit",
            "discount",
            "tax_ids",
            "tax_id",
            "price_subtotal",
        ),
        priced=True,
    ),
    "account.move": DocumentLayout(
        kind_field="move_type",
        header=(
            "state",
            "payment_state",
            "invoice_date",
            "invoice_date_due",
            "invoice_payment_term_id",
            "invoice_origin",
            "ref",
            "payment_reference",
            "invoice_user_id",
            "company_id",
        ),
        partners=("partner_id", "partner_shipping_id"),
        lines_field="invoice_line_ids",
        line_model="account.move.line",
        line_fields=(
            "display_type",
            "name",
            "quantity",
            "product_uom_id",
            "price_unit",
            "discount",
            "tax_ids",
            "price_subtotal",
        ),
        priced=True,
    ),
    "stock.picking": DocumentLayout(
        kind_field="picking_type_id",
        header=(
            "state",
            "origin",
            "scheduled_date",
            "date_deadline",
            "date_done",
            "location_id",
            "location_dest_id",
            "user_id",
            "company_id",
        ),
        partners=("partner_id",),
        lines_field="move_ids",
        line_model="stock.move",
        line_fields=(
            "product_id",
            "description_picking",
            "product_uom_qty",
            "quantity",
            "product_uom",
            "state",
        ),
        priced=False,
    ),
}
TOTAL_FIELDS = ("amount_untaxed", "amount_tax", "amount_total", "amount_residual")
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id", "email", "phone", "vat")
COLUMN_TITLES = {
    "name": "Description",
    "product_id": "Product",
    "description_picking": "Description",
    "product_uom_qty": "Quantity",
    "quantity": "Quantity",
    "price_unit": "Unit price",
    "discount": "Disc. %",
    "tax_ids": "Taxes",
    "tax_id": "Taxes",
    "price_subtotal": "Amount",
    "state": "Status",
}
UNIT_FIELDS = ("product_uom_id", "product_uom")
MAX_LINES = 200
"""Lines shown in one document, to stay within a reader's token budget."""
TAX_FIELDS = ("tax_ids", "tax_id")


def layout_for(model: str) -> DocumentLayout:
    layout = LAYOUTS.get(model)
    if layout is None:
        raise InvalidRequest(
            f"{model} has no document rendering",
            hint=f"documents exist for {', '.join(LAYOUTS)}; use odoo://{model}/<id> for any other record",
        )
    return layout


def _present(fields: Mapping[str, FieldMeta], names: Sequence[str]) -> list[str]:
    return [name for name in names if name in fields]


def _first_present(fields: Mapping[str, FieldMeta], names: Sequence[str]) -> str | None:
    found = _present(fields, names)
    return found[0] if found else None


async def _addresses(gateway: OdooGateway, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids or not gateway.policy.is_model_exposed("res.partner"):
        return {}
    fields = await gateway.fields("res.partner")
    rows = await gateway.read("res.partner", ids, _present(fields, ("display_name", *ADDRESS_FIELDS)))
    return {int(row["id"]): row for row in rows}


def _address_text(row: Mapping[str, Any]) -> str:
    city = " ".join(str(row[key]) for key in ("zip", "city") if row.get(key))
    parts = [
        row.get("street"),
        row.get("street2"),
        city,
        name_of(row.get("state_id")),
        name_of(row.get("country_id")),
    ]
    contact = [
        f"{label} {row[key]}"
        for key, label in (("email", "email"), ("phone", "phone"), ("vat", "tax id"))
        if row.get(key)
    ]
    return ", ".join(str(part) for part in [*parts, *contact] if part)


def _partner_lines(
    fields: Mapping[str, FieldMeta],
    record: Mapping[str, Any],
    layout: DocumentLayout,
    addresses: Mapping[int, Any],
) -> list[str]:
    lines: list[str] = []
    main = id_of(record.get("partner_id"))
    for name in layout.partners:
        partner_id = id_of(record.get(name))
        if partner_id is None or (name != "partner_id" and partner_id == main):
            continue
        address = addresses.get(partner_id)
        detail = f" — {_address_text(address)}" if address else ""
        link = record_uri("res.partner", partner_id)
        lines.append(f"- **{labelled(fields, name)}**: {name_of(record[name])} ({link}){detail}")
    return lines


async def _line_rows(
    gateway: OdooGateway, layout: DocumentLayout, ids: list[int], currency: str | None
) -> tuple[list[str], list[list[str]]]:
    fields = await gateway.fields(layout.line_model)
    names = _present(fields, layout.line_fields)
    rows = await gateway.read(layout.line_model, ids, names) if ids else []
    tax_field = _first_present(fields, TAX_FIELDS)
    taxes = await _tax_names(gateway, rows, tax_field)
    unit_field = _first_present(fields, UNIT_FIELDS)
    columns = [name for name in names if name not in (*UNIT_FIELDS, *TAX_FIELDS, "display_type")]
    if tax_field:
        columns.insert(
            columns.index("price_subtotal") if "price_subtotal" in columns else len(columns), tax_field
        )
    headers = [COLUMN_TITLES.get(name, labelled(fields, name)) for name in columns]
    body = [_line_cells(fields, row, columns, unit_field, tax_field, taxes, currency) for row in rows]
    return headers, body


async def _tax_names(
    gateway: OdooGateway, rows: Sequence[Mapping[str, Any]], tax_field: str | None
) -> dict[int, str]:
    if tax_field is None:
        return {}
    ids = sorted({tax for row in rows for tax in row.get(tax_field) or []})
    if not ids or not gateway.policy.is_model_exposed("account.tax"):
        return {}
    return {
        int(row["id"]): str(row["display_name"])
        for row in await gateway.read("account.tax", ids, ["display_name"])
    }


def _line_cells(
    fields: Mapping[str, FieldMeta],
    row: Mapping[str, Any],
    columns: Sequence[str],
    unit_field: str | None,
    tax_field: str | None,
    taxes: Mapping[int, str],
    currency: str | None,
) -> list[str]:
    if row.get("display_type") in ("line_section", "line_subsection", "line_note"):
        marker = "**" if row["display_type"] != "line_note" else "_"
        return [f"{marker}{row.get('name') or ''}{marker}", *([""] * (len(columns) - 1))]
    cells: list[str] = []
    for name in columns:
        value = row.get(name)
        if name in ("product_uom_qty", "quantity"):
            unit = name_of(row.get(unit_field)) if unit_field else None
            cells.append(f"{quantity(value)} {unit}" if unit else quantity(value))
        elif name == tax_field:
            cells.append(", ".join(taxes.get(tax, f"#{tax}") for tax in value or []))
        elif name in ("price_unit", "price_subtotal"):
            cells.append(money(value, currency))
        elif name == "discount":
            cells.append(quantity(value) if value else "")
        else:
            cells.append(field_text(fields[name], value, currency) or "")
    return cells


def _tax_rows(summary: Mapping[str, Any], currency: str | None) -> list[list[str]]:
    """The subtotals, tax groups and total of Odoo's ``tax_totals``, in its 18+ shape or its 16-17 one
    (``amount`` per subtotal, the tax groups in ``groups_by_subtotal`` under the subtotal's name)."""
    rows: list[list[str]] = []
    groups_by_subtotal = summary.get("groups_by_subtotal") or {}
    for subtotal in summary.get("subtotals") or []:
        amount = subtotal.get("base_amount_currency", subtotal.get("amount"))
        rows.append([str(subtotal.get("name")), money(amount, currency)])
        for group in subtotal.get("tax_groups") or []:
            base = money(
                group.get("display_base_amount_currency", group.get("base_amount_currency")), currency
            )
            rows.append(
                [f"{group.get('group_name')} (on {base})", money(group.get("tax_amount_currency"), currency)]
            )
        for group in groups_by_subtotal.get(subtotal.get("name")) or []:
            base = money(group.get("tax_group_base_amount"), currency)
            rows.append(
                [f"{group.get('tax_group_name')} (on {base})", money(group.get("tax_group_amount"), currency)]
            )
    total = summary.get("total_amount_currency", summary.get("amount_total"))
    rows.append(["**Total**", f"**{money(total, currency)}**"])
    return rows


def _totals(record: Mapping[str, Any], fields: Mapping[str, FieldMeta], currency: str | None) -> list[str]:
    """Taxes and totals as Odoo computed them: ``tax_totals`` first, else the amount fields."""
    summary = record.get("tax_totals")
    if isinstance(summary, Mapping) and "subtotals" in summary:
        rows = _tax_rows(summary, currency)
    else:
        rows = [
            [labelled(fields, name), money(record[name], currency)]
            for name in TOTAL_FIELDS[:3]
            if name in record
        ]
    if "amount_residual" in record:
        rows.append([labelled(fields, "amount_residual"), money(record["amount_residual"], currency)])
    lines = table(["", "Amount"], rows)
    checked = [
        f"{labelled(fields, name)} {money(record[name], currency)}"
        for name in TOTAL_FIELDS[:3]
        if name in record
    ]
    if checked and isinstance(summary, Mapping):
        lines += ["", "Odoo's amount fields: " + "; ".join(checked) + "."]
    return lines


async def render_document(gateway: OdooGateway, model: str, record_id: int) -> str:
    """``odoo://{model}/{id}/document`` as markdown."""
    layout = layout_for(model)
    fields = await gateway.fields(model)
    wanted = [
        "name",
        "display_name",
        "currency_id",
        layout.lines_field,
        *layout.header,
        *layout.partners,
        "tax_totals",
        *TOTAL_FIELDS,
    ]
    if layout.kind_field:
        wanted.append(layout.kind_field)
    record = await gateway.read_one(model, record_id, wanted)
    currency = name_of(record.get("currency_id"))
    partner_ids = [pid for name in layout.partners if (pid := id_of(record.get(name))) is not None]
    addresses = await _addresses(gateway, sorted(set(partner_ids)))
    kind = (
        field_text(fields[layout.kind_field], record.get(layout.kind_field), currency)
        if layout.kind_field and layout.kind_field in record
        else await gateway.model_label(model)
    )
    lines = [
        f"# {kind or model} {record.get('name') or record.get('display_name')}",
        f"`{model}` #{record_id} · {record_uri(model, record_id)}",
        "",
    ]
    lines += _partner_lines(fields, record, layout, addresses)
    lines += bullet_list(
        (labelled(fields, name), field_text(fields[name], record.get(name), currency))
        for name in layout.header
        if name in record
    )
    if currency:
        lines.append(f"- **Currency**: {currency}")
    line_ids = list(record.get(layout.lines_field) or [])
    headers, rows = await _line_rows(gateway, layout, line_ids[:MAX_LINES], currency)
    lines += ["", "## Lines", ""]
    lines += table(headers, rows) if rows else ["(no lines)"]
    if len(line_ids) > MAX_LINES:
        lines += [
            "",
            f"({len(line_ids) - MAX_LINES} more lines not shown; the totals below cover every line.)",
        ]
    if layout.priced:
        lines += ["", "## Taxes and totals", ""]
        lines += _totals(record, fields, currency)
    return "\n".join(lines) + "\n"
