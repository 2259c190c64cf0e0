"""Odoo requests per read tool once warm (version, login and field metadata known): one at most, so
that a change which adds a round trip fails here. bench/round_trips.py prints the same table."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NoReturn

import pytest

from mcp_odoo.odoo import OdooCall
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.policy.settings import PolicySettings
from sessions import Session, SessionFactory
from tool_results import error_of, structured, text_of

REQUESTS_PER_READ: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "list_models": ({"query": "partner"}, {}),
    "describe_model": ({"model": "res.partner"}, {}),
    "search_records": ({"model": "res.partner", "limit": 5}, {"res.partner.web_search_read": 1}),
    "read_records": ({"model": "res.partner", "ids": [9], "fields": ["name"]}, {"res.partner.read": 1}),
    "count_records": ({"model": "res.partner"}, {"res.partner.search_count": 1}),
    "find_partners": ({"query": "Azure"}, {"res.partner.web_search_read": 1}),
    "list_crm_leads": ({}, {"crm.lead.web_search_read": 1}),
    "get_sale_order": ({"order": "S00001"}, {"sale.order.web_search_read": 1}),
    "list_sale_orders": ({}, {"sale.order.web_search_read": 1}),
    "get_overdue_invoices": (
        {},
        {"account.move.web_search_read": 1, "account.move.<grouped read>": 1},
    ),
    "get_invoice": ({"invoice": "INV/2026/00001"}, {"account.move.web_search_read": 1}),
    "get_stock_levels": ({}, {"stock.quant.search_read": 1}),
    "list_transfers": ({}, {"stock.picking.web_search_read": 1}),
    "find_products": ({"query": "desk"}, {"product.product.web_search_read": 1}),
    "get_report_pdf": (
        {"model": "sale.order", "record": "S00001"},
        {"sale.order.search_read": 1, "sale.order.get_portal_url": 1},
    ),
    "get_invoice_pdf": (
        {"invoice": "INV/2026/00001"},
        {"account.move.search_read": 1, "account.move.get_portal_url": 1},
    ),
}
"""Tool -> (arguments, the requests its second call sends). The PDF tools also download the PDF from
Odoo's portal route, which is not an RPC. get_overdue_invoices also sums, per customer, the overdue
invoices and the open credit notes set against them (one grouped read: `GROUPED_READ`)."""
GROUPED_READ = {"18.0": "read_group", "19.0": "formatted_read_group"}


def requests_of(session: Session) -> dict[str, int]:
    return {f"{key.model}.{key.method}": count for key, count in session.simulator.calls.snapshot().items()}


async def warm_call(session: Session, tool: str, arguments: dict[str, Any]) -> dict[str, int]:
    """The requests of the second of two identical calls, which must succeed."""
    await session.call(tool, **arguments)
    session.simulator.calls.reset()
    result = await session.call(tool, **arguments)
    assert not result.is_error, text_of(result)
    return requests_of(session)


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_every_read_tool_sends_at_most_the_requests_it_needs(
    mcp_session: SessionFactory, series: str
) -> None:
    async with mcp_session(series=series) as session:
        listed = {tool.name for tool in (await session.client.list_tools()).tools}
        assert listed >= set(REQUESTS_PER_READ)
        for tool, (arguments, expected) in REQUESTS_PER_READ.items():
            sent = {
                key.replace("<grouped read>", GROUPED_READ[series]): count for key, count in expected.items()
            }
            assert await warm_call(session, tool, arguments) == sent, tool


async def test_a_full_page_gets_the_exact_total_in_the_same_request(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        everyone = structured(await session.call("count_records", model="res.partner"))["count"]
        page = await warm_call(session, "search_records", {"model": "res.partner", "limit": 3, "offset": 2})
        answer = structured(await session.call("search_records", model="res.partner", limit=3, offset=2))
    assert page == {"res.partner.web_search_read": 1}
    assert (len(answer["records"]), answer["total"], answer["next_offset"]) == (3, everyone, 5)


async def test_a_page_past_the_end_is_counted_apart(mcp_session: SessionFactory) -> None:
    """Odoo answers an empty page with a length of 0 whatever the total: the total is then counted."""
    async with mcp_session() as session:
        everyone = structured(await session.call("count_records", model="res.partner"))["count"]
        arguments = {"model": "res.partner", "limit": 5, "offset": everyone + 10}
        page = await warm_call(session, "search_records", arguments)
        answer = structured(await session.call("search_records", **arguments))
    assert page == {"res.partner.web_search_read": 1, "res.partner.search_count": 1}
    assert (answer["records"], answer["total"]) == ([], everyone)


async def test_an_ambiguous_order_reference_lists_the_candidates(mcp_session: SessionFactory) -> None:
    """The document search reads at most two orders; with two, resolving explains as before."""
    async with mcp_session(allow_writes=True) as session:
        for _ in range(2):
            values = {"partner_id": 9, "client_order_ref": "PO-TWICE"}
            assert not (await session.call("create_record", model="sale.order", values=values)).is_error
        error = error_of(await session.call("get_sale_order", order="PO-TWICE"))
    assert error["kind"] == "bad_arguments"
    assert "matches several sales orders" in error["message"]


async def test_a_misspelt_order_number_names_the_closest_orders(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        error = error_of(await session.call("get_sale_order", order="S0001"))
        found = structured(await session.call("get_sale_order", order="s00001"))
    assert error["message"].startswith("no sales order named 'S0001'; closest: S000")
    assert found["order"]["name"] == "S00001"
    assert found["lines"]


async def test_listing_the_surface_sends_no_odoo_request(mcp_session: SessionFactory) -> None:
    """Start-up and tools/list, prompts/list, resources/list never wait for Odoo."""
    async with mcp_session() as session:
        await session.client.list_tools()
        await session.client.list_prompts()
        await session.client.list_resource_templates()
        assert session.simulator.calls.total == 0


STDIO_NEVER_IMPORTS = (
    "jwt",
    "prometheus_client",
    "psycopg",
    "redis",
    "mcp_odoo.http.auth",
    "mcp_odoo.http.access",
    "mcp_odoo.http.metrics",
    "mcp_odoo.simulator",
    "xlsxwriter",
)
"""What a stdio server against a real Odoo does not need: loading it would only delay the first answer."""


def test_a_stdio_server_loads_no_http_stack_no_simulator_and_no_database_client(tmp_path: Path) -> None:
    script = (
        "import sys; from pydantic import SecretStr; import mcp_odoo.cli; "
        "from mcp_odoo.server import build_server; "
        "from mcp_odoo.settings import OdooSettings, ServerSettings; "
        "build_server(OdooSettings(url='http://odoo.invalid', db='x', user='u', api_key=SecretStr('k')), "
        f"ServerSettings(audit_path={str(tmp_path / 'audit.sqlite3')!r})); "
        "print('\\n'.join(sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    modules = set(loaded.split())
    assert [name for name in STDIO_NEVER_IMPORTS if name in modules] == []


class SlowFieldsConnector:
    """Answers fields_get after a pause (so that callers overlap), counting the requests."""

    def __init__(self) -> None:
        self.requests = 0

    async def connect(self) -> Any:
        return SimpleNamespace(major=19, uid=2, login="mcp_bot", company_ids=[1])

    async def execute(self, call: OdooCall) -> Any:
        self.requests += 1
        await asyncio.sleep(0.01)
        return {"name": {"type": "char", "string": "Name"}}

    def pdf_fetcher(self) -> NoReturn:
        raise AssertionError("not used")


async def test_concurrent_first_calls_share_one_metadata_request() -> None:
    """A burst of calls on a model the server has not read yet asks Odoo for its fields once."""
    connector = SlowFieldsConnector()
    gateway = OdooGateway(connector, Policy(PolicySettings()))
    answers = await asyncio.gather(*(gateway.fields("crm.lead") for _ in range(10)))
    assert connector.requests == 1
    assert all(list(answer) == ["name"] for answer in answers)
