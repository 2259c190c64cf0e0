"""Every generic read tool against a real Odoo with the stock demo data (skipped without one).

The server runs read-only, so nothing changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_support import OpenLive

READ_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("list_models", {"query": "partner"}),
    ("describe_model", {"model": "sale.order"}),
    ("search_records", {"model": "res.partner", "domain": [["is_company", "=", True]], "limit": 5}),
    ("search_records", {"model": "sale.order", "order": "date_order desc", "limit": 5}),
    ("read_records", {"model": "res.partner", "ids": [1], "fields": ["name", "country_id"]}),
    ("count_records", {"model": "account.move", "domain": [["move_type", "=", "out_invoice"]]}),
    ("aggregate_records", {"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:sum"]}),
    (
        "aggregate_records",
        {"model": "sale.order", "group_by": ["date_order:month"], "aggregates": ["__count"]},
    ),
]


@pytest.mark.parametrize(
    ("tool", "arguments"), READ_CALLS, ids=[f"{tool}-{i}" for i, (tool, _) in enumerate(READ_CALLS)]
)
async def test_read_tool_answers_on_live_odoo(
    tool: str, arguments: dict[str, Any], open_live: OpenLive
) -> None:
    async with open_live() as live:
        assert await live.ok(tool, **arguments)


async def test_list_models_finds_the_partner_model_on_live_odoo(open_live: OpenLive) -> None:
    async with open_live() as live:
        answer = await live.ok("list_models", query="res.partner")
    assert "res.partner" in [entry["model"] for entry in answer["models"]]


async def test_write_tools_are_absent_from_a_read_only_server(open_live: OpenLive) -> None:
    async with open_live() as live:
        names = {tool.name for tool in (await live.client.list_tools()).tools}
    assert "search_records" in names
    assert not names & {"create_record", "update_record", "create_partner", "confirm_quotation"}
