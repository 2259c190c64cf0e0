"""Products pack: find a product by name, internal reference or barcode, with what an agent needs next.

(No ``from __future__ import annotations``: the kit reads the tool signatures.)
"""

from typing import Annotated, Any

from pydantic import Field

from mcp_odoo.echo import echo
from mcp_odoo.packs import QUERY_MAX_CHARS, READS, CompanyArg, Kit, Pack, Requirement, ToolCall, ToolOutput
from mcp_odoo.packs.records import RecordCards, card_lines, cards_page
from mcp_odoo.packs.versions import present
from mcp_odoo.policy.resolve import CODE

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


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def find_products(
        call: ToolCall,
        query: Annotated[
            str,
            Field(
                default="",
                max_length=QUERY_MAX_CHARS,
                description='Part of the name, internal reference or barcode, or "[REF]"; empty = all',
            ),
        ],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many products")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCards]:
        """Find products by name, internal reference or barcode: sales price, type, unit, category and,
        where Inventory is installed, the quantity on hand. Tells how many match in all."""
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
            gateway, PRODUCT_MODEL, domain, CARD_FIELDS, limit=gateway.policy.limit(limit), order="name, id"
        )
        matching = f" matching {echo(text)}" if text else ""
        data = RecordCards(model=PRODUCT_MODEL, records=found, total=total)
        return ToolOutput(data, card_lines(f"{len(found)} of {total} product(s){matching}", found))


PACK = Pack(
    name="products",
    register=register,
    description="Products and their prices and stock",
    requirements=(Requirement(PRODUCT_MODEL, ("name", "default_code", "barcode", "lst_price", "type")),),
)
