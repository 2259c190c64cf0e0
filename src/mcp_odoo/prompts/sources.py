"""The Odoo data a prompt can embed, fetched through the policy gateway when the prompt is asked for.

A prompt file names these sources in its ``[[data]]`` section. Each returns markdown; a section
whose app is not installed or not readable says so instead of failing the whole prompt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.calls.uris import record_uri
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.packs.receivables import (
    OPEN_CREDIT_NOTES,
    OPEN_PAYMENT_STATES,
    balance_line,
    net_totals,
    overdue_balances,
    residual_totals,
)
from mcp_odoo.policy import OdooGateway, PolicyError
from mcp_odoo.render import money, name_of
from mcp_odoo.resources.documents import render_document
from mcp_odoo.resources.markdown import field_text, table
from mcp_odoo.resources.records import CURRENCY_FIELDS, record_currency, render_record

LIST_LIMIT = 50


@dataclass(frozen=True)
class Subject:
    """The record a prompt argument designates."""

    model: str
    id: int
    name: str


@dataclass(frozen=True)
class Source:
    needs_record: bool
    fetch: Callable[[OdooGateway, Subject | None, dt.date], Awaitable[str]]


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def _record(gateway: OdooGateway, subject: Subject | None, _: dt.date) -> str:
    assert subject is not None  # guaranteed by needs_record, checked when the file is loaded
    return await render_record(gateway, subject.model, subject.id)


async def _document(gateway: OdooGateway, subject: Subject | None, _: dt.date) -> str:
    assert subject is not None
    return await render_document(gateway, subject.model, subject.id)


def _partner_domain(subject: Subject | None, field: str = "partner_id") -> list[Any]:
    return [[field, "child_of", subject.id]] if subject is not None else []


def _days_late(due: Any, day: dt.date) -> str:
    return str((day - dt.date.fromisoformat(str(due))).days) if due else ""


async def _section(title: str, fetch: Callable[[], Awaitable[list[str]]]) -> list[str]:
    """A titled block; an app that is missing or not readable yields a one-line note instead."""
    try:
        body = await fetch()
    except (PolicyError, OdooError) as exc:
        body = [f"(not available: {exc.message})"]
    return [f"## {title}", "", *(body or ["(none)"]), ""]


async def _overdue_rows(gateway: OdooGateway, subject: Subject | None, day: dt.date) -> list[str]:
    customers = _partner_domain(subject)
    domain = [
        ["move_type", "=", "out_invoice"],
        ["state", "=", "posted"],
        ["payment_state", "in", list(OPEN_PAYMENT_STATES)],
        ["invoice_date_due", "<", day.isoformat()],
        *customers,
    ]
    fields = ["name", "partner_id", "invoice_date_due", "amount_total", "amount_residual", "currency_id"]
    rows = await gateway.search_read(
        "account.move", domain, fields, limit=LIST_LIMIT, order="invoice_date_due asc, id asc"
    )
    if not rows:
        return []
    balances = await overdue_balances(gateway, domain, customers)
    lines = table(
        ["Invoice", "Customer", "Due", "Days late", "Total", "Still due", "Resource"],
        [
            [
                row["name"],
                name_of(row["partner_id"]) or "",
                row["invoice_date_due"],
                _days_late(row["invoice_date_due"], day),
                money(row["amount_total"], name_of(row["currency_id"])),
                money(row["amount_residual"], name_of(row["currency_id"])),
                record_uri("account.move", int(row["id"])),
            ]
            for row in rows
        ],
    )
    totals = net_totals(balances)
    summed = "; ".join(money(amount, currency) for currency, amount in sorted(totals.items()))
    count = sum(balance.invoices for balance in balances)
    more = f" (the first {len(rows)} listed)" if count > len(rows) else ""
    return [
        *lines,
        "",
        "Per customer, over all its overdue invoices, with its open credit notes (money owed back to it) "
        "set against them:",
        *(f"- {balance_line(balance)}" for balance in balances),
        "",
        f"{count} overdue invoice(s){more}; still due in total after open credit notes: {summed}.",
    ]


async def _credit_note_rows(gateway: OdooGateway, subject: Subject | None, _: dt.date) -> list[str]:
    assert subject is not None
    invoice = await gateway.read(subject.model, [subject.id], ["commercial_partner_id"])
    customer = invoice[0].get("commercial_partner_id") if invoice else None
    if not isinstance(customer, list):
        return []
    fields = ["name", "invoice_date", "amount_total", "amount_residual", "currency_id"]
    rows = await gateway.search_read(
        "account.move",
        [*OPEN_CREDIT_NOTES, ["commercial_partner_id", "=", customer[0]]],
        fields,
        limit=LIST_LIMIT,
        order="invoice_date asc, id asc",
    )
    if not rows:
        return []
    totals = residual_totals(rows)
    summed = "; ".join(money(amount, currency) for currency, amount in sorted(totals.items()))
    lines = table(
        ["Credit note", "Date", "Total", "Still open", "Resource"],
        [
            [
                row["name"],
                row["invoice_date"] or "",
                money(row["amount_total"], name_of(row["currency_id"])),
                money(row["amount_residual"], name_of(row["currency_id"])),
                record_uri("account.move", int(row["id"])),
            ]
            for row in rows
        ],
    )
    return [*lines, "", f"Open credit notes of {customer[1]} in total: {summed} (owed back to the customer)."]


async def _credit_notes(gateway: OdooGateway, subject: Subject | None, day: dt.date) -> str:
    return "\n".join(
        await _section(
            "Open credit notes of the same customer", lambda: _credit_note_rows(gateway, subject, day)
        )
    )


async def _overdue(gateway: OdooGateway, subject: Subject | None, day: dt.date) -> str:
    scope = f"of {subject.name}" if subject is not None else "of all customers"
    return "\n".join(
        await _section(
            f"Overdue customer invoices {scope} as of {day}", lambda: _overdue_rows(gateway, subject, day)
        )
    )


async def _listing(
    gateway: OdooGateway, model: str, domain: list[Any], fields: Sequence[str], headers: Sequence[str]
) -> list[str]:
    known = await gateway.fields(model)
    present = [name for name in fields if name in known]
    currencies = [name for name in CURRENCY_FIELDS if name in known]
    rows = await gateway.search_read(
        model, domain, [*present, *currencies], limit=LIST_LIMIT, order="id desc"
    )
    cells = [
        [
            *(field_text(known[name], row.get(name), record_currency(row)) or "" for name in present),
            record_uri(model, int(row["id"])),
        ]
        for row in rows
    ]
    return table([*(headers[fields.index(name)] for name in present), "Resource"], cells) if rows else []


async def _partner_activity(gateway: OdooGateway, subject: Subject | None, day: dt.date) -> str:
    assert subject is not None
    blocks = await _section(
        "Open quotations and orders",
        lambda: _listing(
            gateway,
            "sale.order",
            [["state", "in", ["draft", "sent", "sale"]], *_partner_domain(subject)],
            ["name", "state", "date_order", "amount_total", "invoice_status"],
            ["Order", "Status", "Date", "Total", "Invoicing"],
        ),
    )
    blocks += await _section("Overdue invoices", lambda: _overdue_rows(gateway, subject, day))
    blocks += await _section(
        "Open opportunities",
        lambda: _listing(
            gateway,
            "crm.lead",
            [["type", "=", "opportunity"], *_partner_domain(subject)],
            ["name", "stage_id", "expected_revenue", "probability", "user_id"],
            ["Opportunity", "Stage", "Expected revenue", "Probability %", "Salesperson"],
        ),
    )
    return "\n".join(blocks)


SOURCES: dict[str, Source] = {
    "record": Source(needs_record=True, fetch=_record),
    "document": Source(needs_record=True, fetch=_document),
    "overdue_invoices": Source(needs_record=False, fetch=_overdue),
    "customer_credit_notes": Source(needs_record=True, fetch=_credit_notes),
    "partner_activity": Source(needs_record=True, fetch=_partner_activity),
}
