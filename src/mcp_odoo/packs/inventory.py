"""Inventory pack: stock levels per location (stock.quant), transfers (stock.picking) and their validation.

validate_transfer is an irreversible step that asks for confirmation first. (No
``from __future__ import annotations``: the kit reads the tool signatures.)
"""

from collections import defaultdict
from typing import Annotated, Any

from pydantic import BaseModel, Field

from mcp_odoo.packs import (
    IRREVERSIBLE,
    READS,
    CompanyArg,
    Kit,
    Pack,
    Preview,
    PreviewFn,
    Requirement,
    ToolCall,
    ToolOutput,
    WorkflowResult,
    done,
)
from mcp_odoo.packs.lookups import LOCATION, PARTNER, PRODUCT, TRANSFER, WAREHOUSE
from mcp_odoo.packs.preflight import require_state, selection_key
from mcp_odoo.packs.records import RecordCards, card_lines, cards_page
from mcp_odoo.packs.versions import storable_product_domain
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.resolve import RecordRef, resolve_record
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.render import name_of

QUANT = "stock.quant"
PICKING = "stock.picking"
VALIDATE = MethodRule(model=PICKING, method="button_validate", writes=True, irreversible=True)
SET_QUANTITIES = MethodRule(model=PICKING, method="action_set_quantities_to_reservation", writes=True)
IMMEDIATE_TRANSFER = "stock.immediate.transfer"
"""Odoo 16's "no quantity done yet" wizard (gone in 17, where reserving sets the quantities)."""
READY = ("assigned",)
PICKING_FIELDS = (
    "name",
    "state",
    "picking_type_id",
    "partner_id",
    "origin",
    "scheduled_date",
    "location_id",
    "location_dest_id",
)
TRANSFER_STATES = ("draft", "waiting", "confirmed", "assigned", "done", "cancel")
TRANSFER_TYPES = ("incoming", "outgoing", "internal")
TOTALS_PRODUCTS = 500
"""At most this many products get a total when a stock search matches more lines than it lists."""


class StockLevel(BaseModel):
    product: str
    product_id: int
    location: str
    lot: str | None = Field(default=None, description="Lot or serial number, when the stock is tracked")
    package: str | None = Field(default=None, description="Package holding this stock, if any")
    on_hand: float
    reserved: float
    available: float


class StockLevels(BaseModel):
    levels: list[StockLevel] = Field(description="One entry per product, location, lot and package")
    total_lines: int = Field(description="How many stock lines match in all (levels lists the first ones)")
    totals: dict[str, float] = Field(
        description="Available quantity per product over ALL matching lines, not only those listed"
    )


async def _location_domain(gateway: OdooGateway, warehouse: RecordRef, location: RecordRef) -> list[Any]:
    if location not in ("", 0):
        found = await resolve_record(gateway, LOCATION, location)
        return [["location_id", "child_of", found.id]]
    if warehouse not in ("", 0):
        found = await resolve_record(gateway, WAREHOUSE, warehouse)
        return [["warehouse_id", "=", found.id], ["location_id.usage", "=", "internal"]]
    return [["location_id.usage", "=", "internal"]]


async def stock_levels(
    gateway: OdooGateway, product: RecordRef, warehouse: RecordRef, location: RecordRef, limit: int
) -> ToolOutput:
    """The first `limit` stock lines of `product` (else every storable product) in the places asked for,
    with the available total per product over every matching line."""
    domain = await _location_domain(gateway, warehouse, location)
    wanted = ""
    if product not in ("", 0):
        found = await resolve_record(gateway, PRODUCT, product)
        domain.append(["product_id", "=", found.id])
        wanted = f" of {found.name}"
    else:
        storable = await storable_product_domain(gateway)
        domain.extend([f"product_id.{field}", operator, value] for field, operator, value in storable)
    fields = ["product_id", "location_id", "lot_id", "package_id", "quantity", "reserved_quantity"]
    order = "product_id, location_id, lot_id, id"
    rows = await gateway.search_read(QUANT, domain, fields, limit=limit, order=order)
    levels = [_stock_level(row) for row in rows]
    if len(rows) < limit:
        total_lines, totals = len(levels), _page_totals(levels)
    else:
        total_lines, totals = await _all_totals(gateway, domain, limit)
    if not levels:
        return ToolOutput(
            StockLevels(levels=[], total_lines=0, totals={}),
            f"No stock{wanted} in the locations asked for, within the companies this Odoo user works in "
            "(stock held by other companies is not visible to it).",
        )
    shown = f"{len(levels)} of {total_lines}" if total_lines > len(levels) else str(len(levels))
    listed = dict.fromkeys(level.product for level in levels)
    text = [f"{shown} stock line(s); available per product over all {total_lines}:"]
    text += [f"  {product_name}: {totals.get(product_name, 0.0):g}" for product_name in listed]
    text += [_level_line(level) for level in levels]
    if total_lines > len(levels):
        text.append(f"({total_lines - len(levels)} more line(s) not listed: raise limit or narrow down)")
    stock = StockLevels(levels=levels, total_lines=total_lines, totals=totals)
    return ToolOutput(stock, "\n".join(text))


def _stock_level(row: dict[str, Any]) -> StockLevel:
    on_hand, reserved = float(row.get("quantity") or 0.0), float(row.get("reserved_quantity") or 0.0)
    return StockLevel(
        product=name_of(row["product_id"]) or "",
        product_id=int(row["product_id"][0]),
        location=name_of(row["location_id"]) or "",
        lot=name_of(row.get("lot_id")) or None,
        package=name_of(row.get("package_id")) or None,
        on_hand=on_hand,
        reserved=reserved,
        available=on_hand - reserved,
    )


def _level_line(level: StockLevel) -> str:
    place = ", ".join(
        [level.location]
        + ([f"lot {level.lot}"] if level.lot else [])
        + ([f"package {level.package}"] if level.package else [])
    )
    return (
        f"{level.product} @ {place}: on hand {level.on_hand:g}, reserved {level.reserved:g}, "
        f"available {level.available:g}"
    )


def _page_totals(levels: list[StockLevel]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for level in levels:
        totals[level.product] += level.available
    return dict(totals)


async def _all_totals(gateway: OdooGateway, domain: list[Any], limit: int) -> tuple[int, dict[str, float]]:
    """Line count and available quantity per product over every matching quant (the page was full)."""
    groups = await gateway.read_group(
        QUANT,
        domain,
        ["product_id"],
        ["quantity:sum", "reserved_quantity:sum", "__count"],
        limit=TOTALS_PRODUCTS,
        order="product_id",
    )
    totals = {
        name_of(group["product_id"]) or "": float(group.get("quantity:sum") or 0.0)
        - float(group.get("reserved_quantity:sum") or 0.0)
        for group in groups
    }
    return sum(int(group.get("__count") or 0) for group in groups), totals


def validate_preview(transfer: RecordRef) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        found = await resolve_record(gateway, TRANSFER, transfer)
        record = await gateway.read_one(
            PICKING,
            found.id,
            ["name", "state", "partner_id", "picking_type_id", "origin"],
            "transfer",
        )
        require_state(record, READY, label="transfer", action="validated")
        moves = await gateway.search_read(
            "stock.move", [["picking_id", "=", found.id]], ["product_id", "product_uom_qty"], limit=50
        )
        details = tuple(f"{name_of(move['product_id'])}: {move.get('product_uom_qty'):g}" for move in moves)
        return Preview(
            action="Validate transfer",
            model=PICKING,
            record_id=found.id,
            document=str(record.get("name")),
            partner=name_of(record.get("partner_id")),
            details=(f"Type: {name_of(record.get('picking_type_id'))}", *details),
        )

    return preview


def _wizard(outcome: Any) -> str | None:
    """The model of the wizard an Odoo button answered with, if it answered with one."""
    return str(outcome["res_model"]) if isinstance(outcome, dict) and outcome.get("res_model") else None


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def get_stock_levels(
        call: ToolCall,
        product: Annotated[
            RecordRef, Field(default="", description="Product id, name or [reference]; empty = all")
        ],
        warehouse: Annotated[RecordRef, Field(default="", description="Warehouse id, name or code, e.g. WH")],
        location: Annotated[
            RecordRef, Field(default="", description="Location id or full name, e.g. WH/Stock")
        ],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many lines")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, StockLevels]:
        """Show stock on hand, reserved and available per product, location, lot and package, with the
        available total per product over every matching line.

        Default places: every internal location. Does not forecast incoming or outgoing quantities.
        """
        gateway = call.gateway
        return await stock_levels(gateway, product, warehouse, location, gateway.policy.limit(limit))

    @kit.tool(READS)
    async def list_transfers(
        call: ToolCall,
        state: Annotated[
            str | None,
            Field(
                default=None,
                description="assigned = ready; absent = all",
                json_schema_extra={"enum": list(TRANSFER_STATES)},
            ),
        ],
        type: Annotated[
            str | None,
            Field(
                default=None,
                description="incoming (receipts), outgoing (deliveries), internal; absent = all",
                json_schema_extra={"enum": list(TRANSFER_TYPES)},
            ),
        ],
        partner: Annotated[RecordRef, Field(default="", description="Partner id or name")],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many transfers")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCards]:
        """List stock transfers (receipts, deliveries, internal), latest first: reference, type, partner,
        state, scheduled date, origin and locations, and how many match in all.

        Use it to find a transfer before validate_transfer. Does not show the moved products.
        """
        gateway = call.gateway
        domain: list[Any] = []
        if state:
            domain.append(["state", "=", await selection_key(gateway, PICKING, "state", state)])
        if type:
            code = await selection_key(gateway, PICKING, "picking_type_code", type)
            domain.append(["picking_type_code", "=", code])
        if partner not in ("", 0):
            domain.append(["partner_id", "child_of", (await resolve_record(gateway, PARTNER, partner)).id])
        found, total = await cards_page(
            gateway,
            PICKING,
            domain,
            PICKING_FIELDS,
            limit=gateway.policy.limit(limit),
            order="scheduled_date desc, id desc",
        )
        return ToolOutput(
            RecordCards(model=PICKING, records=found, total=total),
            card_lines(f"{len(found)} of {total} transfer(s)", found),
        )

    if not kit.writes_enabled:
        return

    @kit.tool(IRREVERSIBLE, preview=validate_preview)
    async def validate_transfer(
        call: ToolCall,
        transfer: Annotated[
            RecordRef, Field(description='The transfer: id or reference, e.g. "WH/OUT/00006"')
        ],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, WorkflowResult]:
        """Validate a ready transfer (state assigned): the goods are moved and stock is updated.

        Asks the user to confirm first. A transfer needing a backorder or partial quantities is reported,
        to be finished in Odoo.
        """
        shown = call.preview
        assert shown is not None  # the kit builds the preview before the body runs
        gateway = call.gateway
        ids = [shown.record_id]
        outcome = await gateway.call_allowed(VALIDATE, ids, [], {})
        if _wizard(outcome) == IMMEDIATE_TRANSFER:
            # Odoo 16 asks whether to process the reserved quantities; the user confirmed this transfer,
            # so do what the wizard's Apply does: done quantities = reserved ones, then validate again.
            await gateway.call_allowed(SET_QUANTITIES, ids, [], {})
            outcome = await gateway.call_allowed(VALIDATE, ids, [], {})
        record = await gateway.read_one(PICKING, shown.record_id, ["state"], "transfer")
        if record.get("state") != "done":
            wizard = _wizard(outcome)
            raise InvalidRequest(
                f"Odoo did not validate {shown.document} directly"
                + (f": it opens the {wizard} wizard (backorder or quantities to confirm)" if wizard else ""),
                hint="set the done quantities or decide on the backorder in Odoo itself",
            )
        return done(
            shown, f"Validated transfer {shown.document} ({shown.partner}): stock moved.", state="done"
        )


PACK = Pack(
    name="inventory",
    register=register,
    description="Stock levels and transfers",
    requirements=(
        Requirement(QUANT, ("product_id", "location_id", "warehouse_id", "quantity", "reserved_quantity")),
        Requirement(PICKING, (*PICKING_FIELDS, "picking_type_code"), ("button_validate",)),
        Requirement("stock.warehouse", ("name", "code")),
        Requirement("stock.location", ("name", "complete_name", "usage")),
        Requirement("product.product", ("is_storable|detailed_type|type",)),
    ),
)
