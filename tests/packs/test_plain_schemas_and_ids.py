"""Pack tools publish plain schemas (third-party packs too) and take a record id as a number or a string."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from mcp_odoo.packs import READS, Kit, Pack, ToolCall, ToolOutput
from mcp_odoo.packs.lookups import PARTNER
from mcp_odoo.packs.records import RecordCard
from mcp_odoo.policy.resolve import RecordRef, resolve_record
from sessions import OpenSession, SessionFactory
from tool_results import error_of, structured


class Visit(BaseModel):
    partner: RecordRef = Field(description="Partner id or name")
    note: str | None = Field(default=None, description="What to bring")


def register_visits(kit: Kit) -> None:
    @kit.tool(READS)
    async def plan_visits(
        call: ToolCall,
        visits: Annotated[list[Visit], Field(description="Partners to visit")],
        day: Annotated[str | None, Field(default=None, description="Day of the visits, YYYY-MM-DD")],
    ) -> Annotated[ToolOutput, RecordCard]:
        """Resolve the partners of planned customer visits (an example third-party tool used in tests)."""
        first = await resolve_record(call.gateway, PARTNER, visits[0].partner)
        return ToolOutput(RecordCard(model="res.partner", record={"id": first.id}), first.name)


VISITS = Pack(name="visits", register=register_visits)


@pytest.fixture
def with_visits_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = EntryPoint(name="visits", value=f"{__name__}:VISITS", group="mcp_odoo.packs")
    monkeypatch.setattr("mcp_odoo.packs.entry_points", lambda group: [entry])


@pytest.mark.usefixtures("with_visits_pack")
async def test_a_third_party_tool_publishes_a_plain_schema(pack_session: SessionFactory) -> None:
    async with pack_session() as s:
        tool = next(tool for tool in (await s.client.list_tools()).tools if tool.name == "plan_visits")
    text = json.dumps(tool.input_schema)
    assert not any(f'"{key}"' in text for key in ("anyOf", "$ref", "$defs"))
    assert tool.input_schema["properties"]["day"]["type"] == "string"
    assert tool.input_schema["properties"]["visits"]["items"]["properties"]["partner"]["type"] == "string"


@pytest.mark.usefixtures("with_visits_pack")
async def test_a_third_party_tool_takes_the_id_as_a_string(pack_session: SessionFactory) -> None:
    async with pack_session() as s:
        azure = structured(await s.call("find_partners", query="Azure Interior"))["records"][0]
        result = structured(await s.call("plan_visits", visits=[{"partner": str(azure["id"])}]))
    assert result["record"]["id"] == azure["id"]


async def test_an_order_id_given_as_a_string_is_that_order(reader: OpenSession) -> None:
    async with reader() as s:
        order = structured(await s.call("get_sale_order", order="3"))["order"]
    assert (order["id"], order["name"]) == (3, "S00003")


async def test_an_order_id_given_as_a_number_is_that_order(reader: OpenSession) -> None:
    async with reader() as s:
        order = structured(await s.call("get_sale_order", order=3))["order"]
    assert order["name"] == "S00003"


async def _customer_of_s00003(s: Any) -> dict[str, Any]:
    customer: dict[str, Any] = structured(await s.call("get_sale_order", order="S00003"))["order"][
        "partner_id"
    ]
    return customer


async def test_a_string_id_that_is_also_a_name_lists_both_records(writer: OpenSession) -> None:
    async with writer() as s:
        customer = await _customer_of_s00003(s)
        namesake = structured(await s.call("create_partner", name=str(customer["id"])))["record"]
        error = error_of(await s.call("list_sale_orders", customer=str(customer["id"])))
    assert f"(#{customer['id']})" in error["message"]
    assert f"(#{namesake['id']})" in error["message"]


async def test_a_numeric_id_is_never_taken_for_a_name(writer: OpenSession) -> None:
    async with writer() as s:
        customer = await _customer_of_s00003(s)
        await s.call("create_partner", name=str(customer["id"]))
        orders = structured(await s.call("list_sale_orders", customer=customer["id"]))["records"]
    assert "S00003" in {order["name"] for order in orders}


async def test_a_hash_prefixed_id_is_only_an_id(writer: OpenSession) -> None:
    async with writer() as s:
        customer = await _customer_of_s00003(s)
        await s.call("create_partner", name=str(customer["id"]))
        orders = structured(await s.call("list_sale_orders", customer=f"#{customer['id']}"))["records"]
    assert "S00003" in {order["name"] for order in orders}
