"""Products pack: find a product by name, internal reference or barcode, with what an agent needs next.

(No ``from __future__ import annotations``: the SDK reads the tool signatures.)
"""

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import Field

from mcp_odoo.calls.kit import READ_ONLY, PackKit, PackOutput
from mcp_odoo.calls.runner import CompanyArg, Runtime, ToolCall
from mcp_odoo.echo import echo
from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.records import RecordCards, card_lines, cards_page
from mcp_odoo.packs.resolve import CODE
from mcp_odoo.packs.versions import present

PRODUCT_MODEL = "product.product"
SEARCHED = ("name", "default_code", "barcode")
CARD_FIELDS = (
    "default_code",
    "barcode",
    "lst_price",
    "currency_id",
    "type",
    "is_storable",
    "detailed_type",
    "qty_available",
    "uom_id",
    "categ_id",
    "sale_ok",
)
"""On-hand quantity (``qty_available``) exists where Inventory is installed; the storable flag is
``is_storable`` from 18, ``detailed_type`` before."""


async def find_products_body(call: ToolCall, query: str, limit: int) -> PackOutput:
    call.model, call.method = PRODUCT_MODEL, "web_search_read"
    gateway = call.gateway
    text = query.strip()
    code = CODE.match(text)
    domain: list[Any] = []
    if code is not None:
        domain = [["default_code", "=ilike", code[1].strip()]]
    elif text:
        searched = await present(gateway, PRODUCT_MODEL, SEARCHED)
        domain = ["|"] * (len(searched) - 1) + [[name, "ilike", text] for name in searched]
    found, total = await cards_page(
        gateway, PRODUCT_MODEL, domain, CARD_FIELDS, limit=limit, order="name, id"
    )
    matching = f" matching {echo(text)}" if text else ""
    data = RecordCards(model=PRODUCT_MODEL, records=found, total=total)
    return PackOutput(data, card_lines(f"{len(found)} of {total} product(s){matching}", found))


def register(kit: PackKit) -> None:
    limit_default = kit.settings.default_limit

    @kit.tool(annotations=READ_ONLY)
    async def find_products(
        ctx: Context[Runtime, Any],
        query: Annotated[
            str,
            Field(
                default="",
                max_length=200,
                description='Part of the name, internal reference or barcode, or "[REF]"; empty = all',
            ),
        ],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many products")],
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCards]:
        """Find products by name, internal reference or barcode: sales price, type, unit, category and,
        where Inventory is installed, the quantity on hand. Tells how many match in all."""
        arguments = {"query": query, "limit": limit, "company_id": company_id}
        return await kit.run(
            ctx,
            "find_products",
            arguments,
            lambda call: find_products_body(call, query, kit.policy.limit(limit)),
        )


PACK = Pack(
    name="products",
    register=register,
    description="Products and their prices and stock",
    requirements=(Requirement(PRODUCT_MODEL, ("name", "default_code", "barcode", "lst_price", "type")),),
)
