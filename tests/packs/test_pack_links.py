"""Pack tools that show one document link it (``resource_link`` to ``odoo://<model>/<id>``)."""

from __future__ import annotations

from pack_helpers import links_of

from sessions import OpenSession
from tool_results import structured


async def test_get_sale_order_links_the_order(reader: OpenSession) -> None:
    async with reader() as s:
        assert links_of(await s.call("get_sale_order", order="S00003")) == ["odoo://sale.order/3"]


async def test_get_invoice_links_the_invoice(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("get_invoice", invoice="INV/2026/00003")
        invoice_id = structured(result)["invoice"]["id"]
        assert links_of(result) == [f"odoo://account.move/{invoice_id}"]
