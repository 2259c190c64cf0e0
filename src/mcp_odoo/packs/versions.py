"""Field names that differ between Odoo 16 and 19, decided from the connected server's field metadata
rather than from its version number (a customised database may differ from stock).

- sale.order.line: ``product_uom`` (16-18) / ``product_uom_id`` (19); ``tax_id`` (16-18) / ``tax_ids`` (19)
  (read through `present`, which keeps the names this server has)
- sale.order: ``state = 'done'`` (16) / ``locked`` (17+) for a locked order
- res.partner: ``mobile`` (16-18, gone in 19)
- product: storable goods are ``detailed_type = 'product'`` (16-17) / ``is_storable`` (18+)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcp_odoo.policy import OdooGateway


async def present(gateway: OdooGateway, model: str, names: Sequence[str]) -> list[str]:
    """The fields of `names` that `model` has on this server, in the given order."""
    known = await gateway.fields(model)
    return [name for name in names if name in known]


async def first_present(gateway: OdooGateway, model: str, *candidates: str) -> str | None:
    """The first of `candidates` that `model` has on this server."""
    found = await present(gateway, model, candidates)
    return found[0] if found else None


async def partner_phone_fields(gateway: OdooGateway) -> list[str]:
    return await present(gateway, "res.partner", ["phone", "mobile"])


async def storable_product_domain(gateway: OdooGateway) -> list[Any]:
    """Domain on product.product selecting goods whose stock is tracked."""
    if await first_present(gateway, "product.product", "is_storable"):
        return [["is_storable", "=", True]]
    if await first_present(gateway, "product.product", "detailed_type"):
        return [["detailed_type", "=", "product"]]
    return [["type", "=", "product"]]


async def locked_order_condition(gateway: OdooGateway) -> list[Any]:
    """Domain selecting locked sales orders: ``locked`` from 17, ``state = 'done'`` before."""
    if await first_present(gateway, "sale.order", "locked"):
        return [["locked", "=", True]]
    return [["state", "=", "done"]]
