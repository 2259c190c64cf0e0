"""Invoicing pack: customer invoices (account.move, move_type out_invoice) and their payments.

post_invoice and register_payment are irreversible steps that ask for confirmation first. A payment
goes through Odoo's own wizard (account.payment.register) on the invoice's receivable lines, so it
is reconciled exactly as in the Odoo UI. (No ``from __future__ import annotations``: the kit reads
the tool signatures.)
"""

import asyncio
import dataclasses
import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, Field

from mcp_odoo.odoo.pages import Related
from mcp_odoo.packs import (
    CREATES,
    IRREVERSIBLE,
    READS,
    CompanyArg,
    IdempotencyKeyArg,
    Kit,
    Pack,
    Preview,
    PreviewFn,
    RecordLink,
    Requirement,
    ToolCall,
    ToolOutput,
    WorkflowResult,
    done,
)
from mcp_odoo.packs.lookups import INVOICE, JOURNAL, PARTNER, PRODUCT
from mcp_odoo.packs.preflight import check_date, require_state
from mcp_odoo.packs.receivables import OPEN_PAYMENT_STATES, balance_line, net_totals, overdue_balances
from mcp_odoo.packs.records import Document, card_lines, document_of, resolved_document
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.resolve import RecordRef, resolve_record
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.render import money, name_of

MOVE = "account.move"
MOVE_LINE = "account.move.line"
WIZARD = "account.payment.register"
CUSTOMER_INVOICE: list[Any] = [["move_type", "=", "out_invoice"]]
POST = MethodRule(model=MOVE, method="action_post", writes=True, irreversible=True)
CREATE_PAYMENTS = MethodRule(model=WIZARD, method="action_create_payments", writes=True, irreversible=True)
INVOICE_FIELDS = (
    "name",
    "state",
    "partner_id",
    "invoice_date",
    "invoice_date_due",
    "payment_state",
    "currency_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "invoice_origin",
    "ref",
)
LINE_FIELDS = (
    "product_id",
    "name",
    "quantity",
    "price_unit",
    "discount",
    "tax_ids",
    "price_subtotal",
    "price_total",
)
INVOICE_LINES = Related("invoice_line_ids", ("display_type", *LINE_FIELDS), order="sequence, id", limit=500)
"""Sections and notes come along (``invoice_line_ids`` lists them): `_detail` leaves them out."""

InvoiceArg = Annotated[RecordRef, Field(description='The invoice: its id or number, e.g. "INV/2026/00003"')]


class InvoiceLine(BaseModel):
    product: RecordRef = Field(
        default="", description="Product id, name or [reference]; empty for a free line"
    )
    description: str = Field(default="", description="Line label; required without a product")
    quantity: float = Field(default=1, gt=0, description="Quantity (default 1)")
    price_unit: float | None = Field(
        default=None, ge=0, description="Unit price; omitted = the product's price"
    )
    discount: float | None = Field(default=None, ge=0, le=100, description="Discount in percent")


class InvoiceDetail(BaseModel):
    invoice: dict[str, Any] = Field(
        description="The invoice, compact (amounts exactly as Odoo computed them)"
    )
    lines: list[dict[str, Any]] = Field(description="Invoice lines with taxes and subtotals")


class OverdueInvoice(BaseModel):
    id: int
    number: str
    partner: str
    due_date: str
    days_overdue: int
    amount_due: float
    currency: str


class CustomerDue(BaseModel):
    partner: str
    partner_id: int
    currency: str
    overdue: float = Field(description="Still due on its overdue invoices")
    open_credit_notes: float = Field(description="Still open on its credit notes: set against the overdue")
    net_due: float = Field(description="What it owes: overdue less open credit notes, at least 0")


class OverdueInvoices(BaseModel):
    invoices: list[OverdueInvoice] = Field(description="The first overdue invoices, oldest first")
    total_invoices: int = Field(description="How many invoices are overdue in all")
    customers: list[CustomerDue] = Field(description="Per customer and currency, over all overdue invoices")
    totals: dict[str, float] = Field(description="Net due per currency, after open credit notes, over all")


def _detail(document: Document) -> InvoiceDetail:
    lines = [
        {name: value for name, value in line.items() if name != "display_type"}
        for line in document.lines
        if line.get("display_type") == "product"
    ]
    return InvoiceDetail(invoice=document.card, lines=lines)


async def invoice_detail(gateway: OdooGateway, move_id: int) -> InvoiceDetail:
    return _detail(await document_of(gateway, MOVE, move_id, INVOICE_FIELDS, INVOICE_LINES))


async def overdue_invoices(gateway: OdooGateway, partner: RecordRef, min_days: int, limit: int) -> ToolOutput:
    """Customer invoices due at least `min_days` ago (the first `limit`) and each customer's net due."""
    today = dt.date.today()
    cutoff = today - dt.timedelta(days=min_days)
    domain: list[Any] = [
        *CUSTOMER_INVOICE,
        ["state", "=", "posted"],
        ["payment_state", "in", list(OPEN_PAYMENT_STATES)],
        ["invoice_date_due", "<=", cutoff.isoformat()],
    ]
    customers: list[Any] = []
    if partner not in ("", 0):
        customers.append(["partner_id", "child_of", (await resolve_record(gateway, PARTNER, partner)).id])
    domain.extend(customers)
    fields = ["name", "partner_id", "invoice_date_due", "amount_residual", "currency_id"]
    order = "invoice_date_due asc, id asc"
    (rows, total), balances = await asyncio.gather(
        gateway.search_page(MOVE, domain, fields, limit=limit, order=order),
        overdue_balances(gateway, domain, customers),
    )
    invoices = [
        OverdueInvoice(
            id=row["id"],
            number=str(row["name"]),
            partner=name_of(row["partner_id"]) or "",
            due_date=str(row["invoice_date_due"]),
            days_overdue=(today - dt.date.fromisoformat(str(row["invoice_date_due"]))).days,
            amount_due=float(row["amount_residual"]),
            currency=name_of(row["currency_id"]) or "",
        )
        for row in rows
    ]
    totals = net_totals(balances)
    text = [f"{len(invoices)} of {total} overdue invoice(s) (due at least {min_days} day(s) ago)"]
    text += [
        f"#{i.id} {i.number} | {i.partner} | due {i.due_date} ({i.days_overdue} days) | "
        f"{i.amount_due:,.2f} {i.currency}"
        for i in invoices
    ]
    text.append("Per customer, over all overdue invoices, open credit notes set against them:")
    text += [f"  {balance_line(balance)}" for balance in balances]
    text += [f"Total net due: {amount:,.2f} {currency}" for currency, amount in totals.items()]
    data = OverdueInvoices(
        invoices=invoices,
        total_invoices=total,
        customers=[
            CustomerDue(
                partner=balance.partner,
                partner_id=balance.partner_id,
                currency=balance.currency,
                overdue=balance.overdue,
                open_credit_notes=balance.credit,
                net_due=balance.net,
            )
            for balance in balances
        ],
        totals=totals,
    )
    return ToolOutput(data, "\n".join(text))


async def _invoice_line(gateway: OdooGateway, line: InvoiceLine) -> dict[str, Any]:
    values: dict[str, Any] = {"quantity": line.quantity}
    if line.product not in ("", 0):
        values["product_id"] = (await resolve_record(gateway, PRODUCT, line.product)).id
    elif not line.description.strip():
        raise InvalidRequest(
            "an invoice line needs a product or a description", hint="give product or description"
        )
    if line.description.strip():
        values["name"] = line.description.strip()
    if line.price_unit is not None:
        values["price_unit"] = line.price_unit
    if line.discount is not None:
        values["discount"] = line.discount
    return values


async def _invoice_record(gateway: OdooGateway, invoice: RecordRef) -> dict[str, Any]:
    found = await resolve_record(gateway, INVOICE, invoice, domain=CUSTOMER_INVOICE)
    fields = [
        "name",
        "display_name",
        "state",
        "partner_id",
        "journal_id",
        "amount_total",
        "amount_residual",
        "currency_id",
        "payment_state",
    ]
    return await gateway.read_one(MOVE, found.id, fields, "invoice")


UNNUMBERED = ("", "/", "False")
"""Odoo's name of a draft invoice that has no number yet."""


def post_preview(invoice: RecordRef) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        record = await _invoice_record(gateway, invoice)
        require_state(record, ("draft",), label="invoice", action="posted")
        name = str(record.get("name") or "")
        numbered = name not in UNNUMBERED
        draft = str(record.get("display_name") or f"draft invoice #{record['id']}")
        return Preview(
            action="Post invoice",
            model=MOVE,
            record_id=int(record["id"]),
            document=name if numbered else draft,
            partner=name_of(record.get("partner_id")),
            amount=money(record.get("amount_total"), record.get("currency_id")),
            details=() if numbered else (await _next_number(gateway, record.get("journal_id")),),
        )

    return preview


async def _next_number(gateway: OdooGateway, journal: Any) -> str:
    """What number a draft invoice of `journal` will get: Odoo gives the journal's next one on posting."""
    journal_id = journal[0] if isinstance(journal, list | tuple) else journal
    last = await gateway.search_read(
        MOVE,
        [["journal_id", "=", journal_id], ["state", "=", "posted"], *CUSTOMER_INVOICE],
        ["name"],
        limit=1,
        order="name desc",
    )
    after = f", after {last[0]['name']}" if last else ""
    return f"Number: Odoo gives it the next number of {name_of(journal) or 'its journal'}{after}, when posted"


def payment_preview(invoice: RecordRef, amount: float, date: str, journal: RecordRef) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        record = await _invoice_record(gateway, invoice)
        require_state(record, ("posted",), label="invoice", action="paid")
        if record.get("payment_state") not in OPEN_PAYMENT_STATES:
            raise InvalidRequest(
                f"invoice {record.get('name')} is already {record.get('payment_state')}; nothing is due",
                hint="nothing was changed",
            )
        residual = float(record.get("amount_residual") or 0.0)
        paid = amount or residual
        if paid > residual + 0.005:
            raise InvalidRequest(
                f"amount {paid:,.2f} exceeds the {residual:,.2f} still due on {record.get('name')}",
                hint="pay at most the amount due",
            )
        values: dict[str, Any] = {"amount": paid}
        details = [f"Amount due before: {money(residual, record.get('currency_id'))}"]
        if journal not in ("", 0):
            found = await resolve_record(gateway, JOURNAL, journal, domain=[["type", "in", ["bank", "cash"]]])
            values["journal_id"] = found.id
            details.append(f"Journal: {found.name}")
        day = check_date(date, "date")
        if day:
            values["payment_date"] = day
            details.append(f"Payment date: {day}")
        return Preview(
            action="Register payment",
            model=MOVE,
            record_id=int(record["id"]),
            document=str(record.get("name")),
            partner=name_of(record.get("partner_id")),
            amount=money(paid, record.get("currency_id")),
            details=tuple(details),
            values=values,
        )

    return preview


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def get_overdue_invoices(
        call: ToolCall,
        partner: Annotated[
            RecordRef, Field(default="", description="Customer id or name; empty = all customers")
        ],
        min_days_overdue: Annotated[
            int,
            Field(default=1, ge=0, le=36_500, description="Only invoices due at least this many days ago"),
        ],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many invoices")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, OverdueInvoices]:
        """List unpaid posted customer invoices past their due date, oldest first, and what each customer
        owes over all of them, net of its open credit notes (money owed back to it), with the net total per
        currency.

        Use it for dunning and cash collection. Does not include vendor bills or drafts.
        """
        gateway = call.gateway
        return await overdue_invoices(gateway, partner, min_days_overdue, gateway.policy.limit(limit))

    @kit.tool(READS)
    async def get_invoice(
        call: ToolCall,
        invoice: InvoiceArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, InvoiceDetail]:
        """Show one customer invoice: customer, dates, state, payment state, lines with taxes, and the
        untaxed, tax, total and residual amounts exactly as Odoo computed them.

        Does not return its PDF (see get_invoice_pdf).
        """
        found, document = await resolved_document(
            call.gateway, INVOICE, invoice, INVOICE_FIELDS, INVOICE_LINES, domain=CUSTOMER_INVOICE
        )
        call.record_ids = [found.id]
        detail = _detail(document)
        text = card_lines(f"Invoice {found.name} (#{found.id})", [detail.invoice, *detail.lines])
        return ToolOutput(detail, text, [RecordLink(MOVE, found.id, found.name)])

    if not kit.writes_enabled:
        return

    @kit.tool(CREATES)
    async def create_invoice(
        call: ToolCall,
        customer: Annotated[RecordRef, Field(description="Customer id or name")],
        lines: Annotated[list[InvoiceLine], Field(min_length=1, description="Invoice lines")],
        invoice_date: Annotated[
            str, Field(default="", description="Invoice date YYYY-MM-DD; empty = set when posted")
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, InvoiceDetail]:
        """Create a draft customer invoice with product or free-text lines; Odoo computes taxes and totals.

        Each line: a product (id, name or [reference]) or a description, a quantity, optionally price_unit
        and discount (%). post_invoice validates it.
        """
        gateway = call.gateway
        partner = await resolve_record(gateway, PARTNER, customer)
        values: dict[str, Any] = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [[0, 0, await _invoice_line(gateway, line)] for line in lines],
        }
        day = check_date(invoice_date, "invoice_date")
        if day:
            values["invoice_date"] = day
        move_id = await gateway.create(MOVE, values)
        call.record_ids = [move_id]
        detail = await invoice_detail(gateway, move_id)
        name = str(detail.invoice.get("display_name") or detail.invoice.get("name") or move_id)
        total = money(detail.invoice.get("amount_total"), detail.invoice.get("currency_id"))
        text = card_lines(
            f"Created draft invoice {name} (#{move_id}) for {partner.name}, total {total}",
            [detail.invoice, *detail.lines],
        )
        return ToolOutput(detail, text, [RecordLink(MOVE, move_id, name)])

    @kit.tool(IRREVERSIBLE, preview=post_preview)
    async def post_invoice(
        call: ToolCall,
        invoice: InvoiceArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, WorkflowResult]:
        """Post (validate) a draft customer invoice: it gets its number and becomes due.

        Asks the user to confirm first; the answer gives the number. Does not send it or register a payment.
        """
        shown = call.preview
        assert shown is not None  # the kit builds the preview before the body runs
        await call.gateway.call_allowed(POST, [shown.record_id], [], {})
        record = await call.gateway.read_one(MOVE, shown.record_id, ["name", "state"], "invoice")
        posted = dataclasses.replace(shown, document=str(record.get("name") or shown.document))
        return done(
            posted,
            f"Posted invoice {posted.document} ({shown.partner}, {shown.amount}).",
            state=str(record.get("state")),
        )

    @kit.tool(IRREVERSIBLE, preview=payment_preview)
    async def register_payment(
        call: ToolCall,
        invoice: InvoiceArg,
        amount: Annotated[float, Field(default=0, ge=0, description="Amount paid; 0 = the full amount due")],
        date: Annotated[str, Field(default="", description="Payment date YYYY-MM-DD; empty = today")],
        journal: Annotated[
            RecordRef, Field(default="", description="Bank or cash journal id or name; empty = default")
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, WorkflowResult]:
        """Register a customer payment on a posted invoice (full or partial) and reconcile it, as Odoo's
        Register Payment button does.

        Asks the user to confirm first. Records a payment already received: does not move money.
        """
        shown = call.preview
        assert shown is not None  # the kit builds the preview before the body runs
        gateway = call.gateway
        terms = await gateway.search_read(
            MOVE_LINE,
            [["move_id", "=", shown.record_id], ["display_type", "=", "payment_term"]],
            ["id"],
            limit=50,
        )
        wizard_values = {**shown.values, "line_ids": [[6, 0, [row["id"] for row in terms]]]}
        wizard_id = await gateway.create(WIZARD, wizard_values)
        await gateway.call_allowed(CREATE_PAYMENTS, [wizard_id], [], {})
        record = await gateway.read_one(
            MOVE, shown.record_id, ["payment_state", "amount_residual", "currency_id"], "invoice"
        )
        state = str(record.get("payment_state"))
        left = money(record.get("amount_residual"), record.get("currency_id"))
        return done(
            shown,
            f"Registered a payment of {shown.amount} on {shown.document} ({shown.partner}); "
            f"payment state {state}, still due {left}.",
            state=state,
            details={"amount_residual": record.get("amount_residual")},
        )


PACK = Pack(
    name="invoicing",
    register=register,
    description="Customer invoices and payments",
    requirements=(
        Requirement(MOVE, (*INVOICE_FIELDS, "move_type", "invoice_line_ids"), ("action_post",)),
        Requirement(MOVE_LINE, (*LINE_FIELDS, "display_type", "move_id")),
        Requirement(
            WIZARD, ("line_ids", "amount", "journal_id", "payment_date"), ("action_create_payments",)
        ),
        Requirement("account.journal", ("name", "code", "type")),
    ),
)
