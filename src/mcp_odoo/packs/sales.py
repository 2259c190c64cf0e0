"""Sales pack: quotations and sales orders (sale.order).

create_quotation always creates a draft; confirm_quotation and cancel_quotation are irreversible
steps that ask for confirmation first. (No ``from __future__ import annotations``: the SDK reads
the tool signatures, some built at registration.)
"""

from collections.abc import Mapping
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import BaseModel, Field

from mcp_odoo.calls.confirm import Preview, PreviewFn
from mcp_odoo.calls.kit import (
    CREATES,
    IRREVERSIBLE,
    READ_ONLY,
    ConfirmationAnswer,
    ConfirmationTokenArg,
    IdempotencyKeyArg,
    PackKit,
    PackOutput,
    RecordLink,
    WorkflowResult,
    done,
)
from mcp_odoo.calls.runner import CompanyArg, Runtime, ToolCall
from mcp_odoo.odoo.pages import Related
from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.preflight import check_date, money, name_of, read_one, require_state, selection_key
from mcp_odoo.packs.records import (
    Document,
    RecordCards,
    card_lines,
    cards_page,
    document_of,
    resolved_document,
)
from mcp_odoo.packs.resolve import PARTNER, PRODUCT, SALE_ORDER, RecordRef, resolve_record
from mcp_odoo.packs.versions import locked_order_condition
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.settings import MethodRule

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


async def create_quotation_body(
    call: ToolCall, customer: RecordRef, lines: list[QuoteLine], validity_date: str, note: str
) -> PackOutput:
    call.model, call.method = ORDER, "create"
    if not lines:
        raise InvalidRequest("a quotation needs at least one line", hint="give lines=[{product, quantity}]")
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
    return PackOutput(detail, text, [RecordLink(ORDER, order_id, name)])


def order_preview(action: str, order: RecordRef, allowed: tuple[str, ...], verb: str) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        found = await resolve_record(gateway, SALE_ORDER, order)
        record = await read_one(
            gateway,
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


async def _run_order_method(
    call: ToolCall,
    shown: Preview,
    rule: MethodRule,
    expected: tuple[str, ...],
    flags: Mapping[str, bool] | None = None,
) -> PackOutput:
    call.method = rule.method
    await call.gateway.call_allowed(rule, [shown.record_id], [], {}, flags=flags)
    record = await read_one(call.gateway, ORDER, shown.record_id, ["state"], "sales order")
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


async def list_sale_orders_body(
    call: ToolCall, customer: RecordRef, state: str | None, date_from: str, date_to: str, limit: int
) -> PackOutput:
    call.model, call.method = ORDER, "web_search_read"
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
    for bound, operator, argument in ((date_from, ">=", "date_from"), (date_to, "<=", "date_to")):
        day = check_date(bound, argument)
        if day:
            domain.append(["date_order", operator, day + (" 00:00:00" if operator == ">=" else " 23:59:59")])
    found, total = await cards_page(
        gateway, ORDER, domain, ORDER_FIELDS, limit=limit, order="date_order desc, id desc"
    )
    data = RecordCards(model=ORDER, records=found, total=total)
    return PackOutput(data, card_lines(f"{len(found)} of {total} sales order(s)", found))


def register(kit: PackKit) -> None:
    limit_default = kit.settings.default_limit

    @kit.tool(annotations=READ_ONLY)
    async def get_sale_order(
        ctx: Context[Runtime, Any],
        order: OrderArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, SaleOrderDetail]:
        """Show one quotation or sales order: customer, state, dates, lines (product, quantity, unit
        price, discount, taxes, subtotal) and the totals exactly as Odoo computed them.

        Does not return its PDF (see get_report_pdf).
        """

        async def body(call: ToolCall) -> PackOutput:
            call.model, call.method = ORDER, "web_search_read"
            found, document = await resolved_document(
                call.gateway, SALE_ORDER, order, ORDER_FIELDS, ORDER_LINES
            )
            call.record_ids = [found.id]
            detail = _detail(document)
            text = _detail_text(f"Sales order {found.name} (#{found.id})", detail)
            return PackOutput(detail, text, [RecordLink(ORDER, found.id, found.name)])

        return await kit.run(ctx, "get_sale_order", {"order": order, "company_id": company_id}, body)

    @kit.tool(annotations=READ_ONLY)
    async def list_sale_orders(
        ctx: Context[Runtime, Any],
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
    ) -> Annotated[CallToolResult, RecordCards]:
        """List quotations and sales orders, newest first: number, customer, state, order date and
        totals, and how many match in all.

        A customer includes its contacts. Use get_sale_order for the lines of one order.
        """
        arguments = {
            "customer": customer,
            "state": state,
            "date_from": date_from,
            "date_to": date_to,
            "limit": limit,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "list_sale_orders",
            arguments,
            lambda call: list_sale_orders_body(
                call, customer, state, date_from, date_to, kit.policy.limit(limit)
            ),
        )

    if not kit.writes_enabled:
        return

    @kit.tool(annotations=CREATES)
    async def create_quotation(
        ctx: Context[Runtime, Any],
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
    ) -> Annotated[CallToolResult, SaleOrderDetail]:
        """Create a draft quotation for a customer, with product lines; it is never confirmed here.

        Each line: a product (id, name or [reference]) and a quantity, optionally price_unit (default: the
        pricelist price) and discount (%). Returns Odoo's totals. confirm_quotation makes it a sales order.
        """
        arguments = {
            "customer": customer,
            "lines": [line.model_dump(exclude_none=True) for line in lines],
            "validity_date": validity_date,
            "note": note,
            "idempotency_key": idempotency_key,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "create_quotation",
            arguments,
            lambda call: create_quotation_body(call, customer, lines, validity_date, note),
            writes=True,
        )

    def confirm_preview(order: RecordRef, confirmation_token: str = "") -> PreviewFn:
        return order_preview("Confirm quotation", order, QUOTATION_STATES, "confirmed")

    def cancel_preview(order: RecordRef, confirmation_token: str = "") -> PreviewFn:
        return order_preview("Cancel quotation", order, QUOTATION_STATES, "cancelled")

    @kit.tool(annotations=IRREVERSIBLE)
    async def confirm_quotation(
        ctx: Context[Runtime, Any],
        order: OrderArg,
        answer: Annotated[
            ConfirmationAnswer,
            kit.confirmation("confirm_quotation", ["order", "company_id"], confirm_preview),
        ],
        confirmation_token: ConfirmationTokenArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, WorkflowResult]:
        """Confirm a draft or sent quotation: it becomes a sales order (deliveries and invoicing follow).

        Asks the user to confirm first. Does not send, deliver or invoice the order.
        """
        arguments = {"order": order, "confirmation_token": confirmation_token, "company_id": company_id}
        return await kit.run_irreversible(
            ctx,
            "confirm_quotation",
            arguments,
            answer=answer,
            preview=confirm_preview(order),
            act=lambda call, shown: _run_order_method(call, shown, CONFIRM, CONFIRMED_STATES),
        )

    @kit.tool(annotations=IRREVERSIBLE)
    async def cancel_quotation(
        ctx: Context[Runtime, Any],
        order: OrderArg,
        answer: Annotated[
            ConfirmationAnswer, kit.confirmation("cancel_quotation", ["order", "company_id"], cancel_preview)
        ],
        confirmation_token: ConfirmationTokenArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, WorkflowResult]:
        """Cancel a draft or sent quotation.

        Asks the user to confirm first. Does not cancel confirmed sales orders or delete anything.
        """
        arguments = {"order": order, "confirmation_token": confirmation_token, "company_id": company_id}
        return await kit.run_irreversible(
            ctx,
            "cancel_quotation",
            arguments,
            answer=answer,
            preview=cancel_preview(order),
            act=lambda call, shown: _run_order_method(call, shown, CANCEL, ("cancel",), SKIP_CANCEL_WIZARD),
        )


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
