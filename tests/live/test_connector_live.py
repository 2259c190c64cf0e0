"""The connector against a real Odoo (any series 16-19 with the stock demo data)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import UnknownModel
from mcp_odoo.settings import OdooSettings


@pytest.fixture
async def client() -> AsyncIterator[OdooClient]:
    async with OdooClient(OdooSettings()) as connected:  # type: ignore[call-arg]  # from the environment
        yield connected


async def test_connect_reports_a_supported_series_and_the_user(client: OdooClient) -> None:
    info = await client.connect()
    assert info.major >= 16
    assert info.uid > 0
    assert info.db == os.environ["ODOO_DB"]
    assert info.company_id in info.company_ids


async def test_search_read_of_companies_returns_the_asked_fields(client: OdooClient) -> None:
    rows = await client.search_read("res.partner", [["is_company", "=", True]], ["name", "email"], limit=5)
    assert 0 < len(rows) <= 5
    assert all(set(row) == {"id", "name", "email"} for row in rows)


async def test_search_count_matches_the_number_of_ids(client: OdooClient) -> None:
    domain = [["is_company", "=", True]]
    ids = await client.call("res.partner", "search", args=[domain])
    assert await client.search_count("res.partner", domain) == len(ids)


async def test_fields_get_describes_the_partner_name(client: OdooClient) -> None:
    fields = await client.fields_get("res.partner", ["string", "type"])
    assert fields["name"]["type"] == "char"


async def test_read_group_counts_every_partner_once(client: OdooClient) -> None:
    groups = await client.read_group("res.partner", [], ["is_company"], ["__count"])
    assert sum(group["__count"] for group in groups) == await client.search_count("res.partner", [])


async def test_unknown_model_is_reported_as_such(client: OdooClient) -> None:
    with pytest.raises(UnknownModel):
        await client.search_count("no.such.model", [])
