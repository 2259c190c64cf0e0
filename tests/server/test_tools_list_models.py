"""list_models: the models the user can read (Odoo's own list, public to non-admin users), filtered by
substring, asked once per connection."""

from __future__ import annotations

from sessions import SessionFactory
from tool_results import structured, text_of


async def test_list_models_finds_models_by_label_or_technical_name(
    mcp_session: SessionFactory, series: str, mode: str
) -> None:
    async with mcp_session(series=series, mode=mode) as session:
        result = await session.call("list_models", query="sales order")
    models = {entry["model"]: entry["label"] for entry in structured(result)["models"]}
    assert models["sale.order"] == "Sales Order"
    assert "sale.order: Sales Order" in text_of(result)


async def test_list_models_never_lists_security_models(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("list_models", query="ir.", limit=200)
    listed = {entry["model"] for entry in structured(result)["models"]}
    assert not listed & {"ir.config_parameter", "ir.rule", "ir.model.access", "ir.cron", "ir.attachment"}


async def test_list_models_leaves_out_models_the_user_cannot_read(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("list_models", query="discuss.channel", limit=200)
    listed = {entry["model"] for entry in structured(result)["models"]}
    assert "discuss.channel" in listed
    assert "discuss.channel.rtc.session" not in listed


async def test_list_models_asks_odoo_once_per_connection_and_never_reads_ir_model(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session() as session:
        first = structured(await session.call("list_models", query="crm", limit=5))
        await session.call("list_models", query="sale", limit=5)
        calls = session.simulator.calls
        listings = calls.count(model="ir.model", method="get_available_models")
        reads = calls.count(model="ir.model", method="search_read") + calls.count(method="has_access")
    assert len(first["models"]) == 5
    assert (listings, reads) == (1, 0)


async def test_list_models_pages_with_next_offset(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        first = structured(await session.call("list_models", query="sale", limit=2))
        second = structured(
            await session.call("list_models", query="sale", limit=2, offset=first["next_offset"])
        )
    assert len(first["models"]) == 2
    assert {entry["model"] for entry in first["models"]}.isdisjoint(
        entry["model"] for entry in second["models"]
    )
