"""The generic tools link the records they return or write (``resource_link`` to ``odoo://<model>/<id>``)."""

from __future__ import annotations

from mcp_types import CallToolResult

from sessions import SessionFactory
from tool_results import structured


def links_of(result: CallToolResult) -> list[tuple[str, str]]:
    return [(str(block.uri), block.name) for block in result.content if block.type == "resource_link"]


async def test_a_page_of_records_is_sent_once_without_a_link_per_record(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call(
            "search_records", model="res.partner", domain=[["is_company", "=", True]], limit=3
        )
    assert len(structured(result)["records"]) == 3
    assert links_of(result) == []


async def test_search_records_links_the_one_record_it_finds(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("search_records", model="sale.order", domain=[["name", "=", "S00003"]])
    assert links_of(result) == [("odoo://sale.order/3", "S00003")]


async def test_read_records_links_each_record_by_its_name(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("read_records", model="sale.order", ids=[3], fields=["name"])
    assert links_of(result) == [("odoo://sale.order/3", "S00003")]


async def test_create_record_links_the_new_record(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        result = await session.call("create_record", model="crm.lead", values={"name": "Link Test"})
    new_id = structured(result)["ids"][0]
    assert links_of(result) == [(f"odoo://crm.lead/{new_id}", "Link Test")]


async def test_update_record_links_every_record_written(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        result = await session.call("update_record", model="res.partner", ids=[7, 8], values={"comment": "x"})
    assert [uri for uri, _ in links_of(result)] == ["odoo://res.partner/7", "odoo://res.partner/8"]


async def test_an_error_carries_no_link(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("read_records", model="res.partner", ids=[7], fields=["no_such_field"])
    assert result.is_error
    assert links_of(result) == []


async def test_the_text_stays_compact_without_uris(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("search_records", model="res.partner", limit=2)
    text = "\n".join(block.text for block in result.content if block.type == "text")
    assert "odoo://" not in text
