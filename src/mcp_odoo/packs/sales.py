"""Sales pack: quotations and sales orders (sale.order).

create_quotation always creates a draft; confirm_quotation and cancel_quotation are irreversible
steps that ask for confirmation first. (No ``from __future__ import annotations``: the kit reads
the tool signatures, some built at registration.)
"""

from collections.abc import Mapping
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
from mcp_odoo.packs.lookups import PARTNER, PRODUCT, SALE_ORDER
from mcp_odoo.packs.preflight import check_date, require_state, selection_key
from mcp_odoo.packs.records import (
    Document,
    RecordCards,
    card_lines,
    cards_page,
    document_of,
    resolved_document,
)
from mcp_odoo.packs.versions import locked_order_condition
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.resolve import RecordRef, resolve_record
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.render import money, name_of

ORDER = "sale.order"
LINE = "sale.order.line"
CONFIRM = MethodRule(model=ORDER, method="action_confirm", writes=True, irreversible=True)
CANCEL = MethodRule(model=ORDER, method="action_cancel", writes=True, irreversible=True)
SKIP_CANCEL_WIZARD = {"disable_cancel_warning": True}
"""Odoo's own flag (its cancel wizard sets it) to cancel a sent quotation without the "email the customer"
wizard, which Odoo 17+ opens for any order past draft: the human confirmed the cancellation here."""
QUOTATION_STATES = ("draft", "sent")
ORDER_STATES = ("draft", "sent", "sale", "cancel", "locked")
LOCKED = {"locked": "Locked"}
"""A state list_sale_orders knows besides Odoo's: locked orders (``locked`` from 17, ``done`` before)."""
CONFIRMED_STATES = ("sale", "done")
"""Confirmed: ``sale``, or ``done`` (Locked) at once on Odoo 16 with "Lock Confirmed Sales" on."""
ORDER_FIELDS = (
    "name",
    "state",
    "partner_id",
    "date_order",
    "validity_date",
    "user_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "currency_id",
    "invoice_status",
    "locked",
)
LINE_FIELDS = (
    "product_id",
    "name",
    "product_uom_qty",
    "product_uom",
    "product_uom_id",
    "price_unit",
    "discount",
    "tax_id",
    "tax_ids",
    "price_subtotal",
    "price_total",
)
ORDER_LINES = Related("order_line", LINE_FIELDS, order="sequence, id", limit=500)

OrderArg = Annotated[RecordRef, Field(description='The order: its id or its number, e.g. "12" or "S00012"')]


class QuoteLine(BaseModel):
    product: RecordRef = Field(description='Product id, name or [internal reference], e.g. "[FURN_8888]"')
    quantity: float = Field(gt=0, description="Quantity in the product's sales unit")
    price_unit: float | None = Field(
        default=None, ge=0, description="Unit price; omitted = the pricelist price"
    )
    discount: float | None = Field(default=None, ge=0, le=100, description="Discount in percent")


class SaleOrderDetail(BaseModel):
    order: dict[str, Any] = Field(description="The order, compact (amounts as computed by Odoo)")
    lines: list[dict[str, Any]] = Field(
        description="Order lines with quantities, prices, taxes and subtotals"
    )


def _detail(document: Document) -> SaleOrderDetail:
    return SaleOrderDetail(order=document.card, lines=document.lines)


async def order_detail(gateway: OdooGateway, order_id: int) -> SaleOrderDetail:
    return _detail(await document_of(gateway, ORDER, order_id, ORDER_FIELDS, ORDER_LINES))


def _detail_text(header: str, detail: SaleOrderDetail) -> str:
    return card_lines(header, [detail.order, *detail.lines])


async def _line_values(gateway: OdooGateway, line: QuoteLine) -> dict[str, Any]:
    product = await resolve_record(gateway, PRODUCT, line.product, domain=[["sale_ok", "=", True]])
    values: dict[str, Any] = {"product_id": product.id, "product_uom_qty": line.quantity}
    if line.price_unit is not None:
        values["price_unit"] = line.price_unit
    if line.discount is not None:
        values["discount"] = line.discount
    return values


def order_preview(action: str, order: RecordRef, allowed: tuple[str, ...], verb: str) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        found = await resolve_record(gateway, SALE_ORDER, order)
        record = await gateway.read_one(
            ORDER,
            found.id,
            ["name", "state", "partner_id", "amount_total", "currency_id"],
            "sales order",
        )
        require_state(record, allowed, label="quotation", action=verb)
        return Preview(
            action=action,
            model=ORDER,
            record_id=found.id,
            document=str(record.get("name")),
            partner=name_of(record.get("partner_id")),
            amount=money(record.get("amount_total"), record.get("currency_id")),
        )

    return preview


def confirm_preview(order: RecordRef) -> PreviewFn:
    return order_preview("Confirm quotation", order, QUOTATION_STATES, "confirmed")


def cancel_preview(order: RecordRef) -> PreviewFn:
    return order_preview("Cancel quotation", order, QUOTATION_STATES, "cancelled")


async def _run_order_method(
    call: ToolCall, rule: MethodRule, expected: tuple[str, ...], flags: Mapping[str, bool] | None = None
) -> ToolOutput:
    """Run `rule` on the order the user confirmed (``call.preview``) and check the state it reached."""
    shown = call.preview
    assert shown is not None  # the kit builds the preview before the body runs
    await call.gateway.call_allowed(rule, [shown.record_id], [], {}, flags=flags)
    record = await call.gateway.read_one(ORDER, shown.record_id, ["state"], "sales order")
    state = str(record.get("state"))
    if state not in expected:
        raise InvalidRequest(
            f"Odoo did not {rule.method} {shown.document} directly (state is still {state!r}); "
            "it probably asks for a wizard",
            hint="finish this step in Odoo itself",
        )
    return done(
        shown,
        f"{shown.action}: {shown.document} ({shown.partner}, {shown.amount}) is now {state}.",
        state=state,
    )


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def get_sale_order(
        call: ToolCall,
        order: OrderArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, SaleOrderDetail]:
        """Show one quotation or sales order: customer, state, dates, lines (product, quantity, unit
        price, discount, taxes, subtotal) and the totals exactly as Odoo computed them.

        Does not return its PDF (see get_report_pdf).
        """
        found, document = await resolved_document(call.gateway, SALE_ORDER, order, ORDER_FIELDS, ORDER_LINES)
        call.record_ids = [found.id]
        detail = _detail(document)
        text = _detail_text(f"Sales order {found.name} (#{found.id})", detail)
        return ToolOutput(detail, text, [RecordLink(ORDER, found.id, found.name)])

    @kit.tool(READS)
    async def list_sale_orders(
        call: ToolCall,
        customer: Annotated[RecordRef, Field(default="", description="Customer id or name; empty = all")],
        state: Annotated[
            str | None,
            Field(
                default=None,
                description="draft (quotation), sent, sale (confirmed), cancel, locked; absent = all",
                json_schema_extra={"enum": list(ORDER_STATES)},
            ),
        ],
        date_from: Annotated[str, Field(default="", description="Order date from, YYYY-MM-DD")],
        date_to: Annotated[str, Field(default="", description="Order date to (inclusive), YYYY-MM-DD")],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many orders")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCards]:
        """List quotations and sales orders, newest first: number, customer, state, order date and
        totals, and how many match in all.

        A customer includes its contacts. Use get_sale_order for the lines of one order.
        """
        gateway = call.gateway
        domain: list[Any] = []
        if customer not in ("", 0):
            partner = await resolve_record(gateway, PARTNER, customer)
            domain.append(["partner_id", "child_of", partner.id])
        chosen = await selection_key(gateway, ORDER, "state", state, extra=LOCKED) if state else None
        if chosen == "locked":
            domain.extend(await locked_order_condition(gateway))
        elif chosen:
            domain.append(["state", "=", chosen])
        bounds = ((date_from, ">=", "date_from", "00:00:00"), (date_to, "<=", "date_to", "23:59:59"))
        for bound, operator, argument, hour in bounds:
            day = check_date(bound, argument)
            if day:
                domain.append(["date_order", operator, f"{day} {hour}"])
        found, total = await cards_page(
            gateway,
            ORDER,
            domain,
            ORDER_FIELDS,
            limit=gateway.policy.limit(limit),
            order="date_order desc, id desc",
        )
        data = RecordCards(model=ORDER, records=found, total=total)
        return ToolOutput(data, card_lines(f"{len(found)} of {total} sales order(s)", found))

    if not kit.writes_enabled:
        return

    @kit.tool(CREATES)
    async def create_quotation(
        call: ToolCall,
        customer: Annotated[RecordRef, Field(description='Customer id or name, e.g. "Azure Interior"')],
        lines: Annotated[
            list[QuoteLine], Field(min_length=1, description="What is quoted, one entry per product")
        ],
        validity_date: Annotated[
            str, Field(default="", description="Expiration date YYYY-MM-DD; empty = Odoo's default")
        ],
        note: Annotated[
            str, Field(default="", description="Terms and conditions / note printed on the quotation")
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, SaleOrderDetail]:
        """Create a draft quotation for a customer, with product lines; it is never confirmed here.

        Each line: a product (id, name or [reference]) and a quantity, optionally price_unit (default: the
        pricelist price) and discount (%). Returns Odoo's totals. confirm_quotation makes it a sales order.
        """
        if not lines:
            raise InvalidRequest(
                "a quotation needs at least one line", hint="give lines=[{product, quantity}]"
            )
        gateway = call.gateway
        partner = await resolve_record(gateway, PARTNER, customer)
        values: dict[str, Any] = {
            "partner_id": partner.id,
            "order_line": [[0, 0, await _line_values(gateway, line)] for line in lines],
        }
        validity = check_date(validity_date, "validity_date")
        if validity:
            values["validity_date"] = validity
        if note.strip():
            values["note"] = note.strip()
        order_id = await gateway.create(ORDER, values)
        call.record_ids = [order_id]
        detail = await order_detail(gateway, order_id)
        name = str(detail.order.get("name") or f"#{order_id}")
        total = money(detail.order.get("amount_total"), detail.order.get("currency_id"))
        text = _detail_text(
            f"Created draft quotation {name} (#{order_id}) for {partner.name}, total {total}", detail
        )
        return ToolOutput(detail, text, [RecordLink(ORDER, order_id, name)])

    @kit.tool(IRREVERSIBLE, preview=confirm_preview)
    async def confirm_quotation(
        call: ToolCall,
        order: OrderArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, WorkflowResult]:
        """Confirm a draft or sent quotation: it becomes a sales order (deliveries and invoicing follow).

        Asks the user to confirm first. Does not send, deliver or invoice the order.
        """
        return await _run_order_method(call, CONFIRM, CONFIRMED_STATES)

    @kit.tool(IRREVERSIBLE, preview=cancel_preview)
    async def cancel_quotation(
        call: ToolCall,
        order: OrderArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, WorkflowResult]:
        """Cancel a draft or sent quotation.

        Asks the user to confirm first. Does not cancel confirmed sales orders or delete anything.
        """
        return await _run_order_method(call, CANCEL, ("cancel",), SKIP_CANCEL_WIZARD)


PACK = Pack(
    name="sales",
    register=register,
    description="Quotations and sales orders",
    requirements=(
        Requirement(
            ORDER,
            ("name", "state", "partner_id", "amount_total", "order_line"),
            ("action_confirm", "action_cancel"),
        ),
        Requirement(
            LINE,
            (
                "product_id",
                "product_uom_qty",
                "price_unit",
                "discount",
                "tax_ids|tax_id",
                "product_uom_id|product_uom",
            ),
        ),
        Requirement("product.product", ("default_code", "sale_ok")),
    ),
)
