"""Declarative tools from the configuration, validated at start, and the schema drift check."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.odoo import OdooClient
from mcp_odoo.packs.declarative import declarative_pack
from mcp_odoo.packs.drift import check_tools, render_drift
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.settings import ConfigError, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry
from sessions import SessionFactory, odoo_settings
from tool_results import structured, text_of

QUERY: dict[str, Any] = {
    "name": "orders_in_state",
    "description": "Sales orders in a given state",
    "model": "sale.order",
    "domain": [["state", "=", "{state}"]],
    "fields": ["name", "state", "partner_id"],
    "limit": 5,
    "parameters": {"state": {"type": "string", "description": "draft, sale or cancel"}},
}
ACTION: dict[str, Any] = {
    "name": "reset_to_quotation",
    "description": "Set a cancelled order back to quotation",
    "model": "sale.order",
    "method": "action_draft",
    "irreversible": False,
}


async def test_named_query_runs_with_its_typed_parameter(pack_session: SessionFactory) -> None:
    async with pack_session(queries=[QUERY]) as s:
        records = structured(await s.call("orders_in_state", state="draft"))["records"]
        assert records
        assert all(record["state"] == "draft" for record in records)


async def test_named_action_runs_on_a_record_by_name(pack_session: SessionFactory) -> None:
    async with pack_session(allow_writes=True, actions=[ACTION], confirmation_off=["cancel_quotation"]) as s:
        await s.call("cancel_quotation", order="S00001")
        result = await s.call("reset_to_quotation", record="S00001")
        assert structured(result)["status"] == "done", text_of(result)
        assert structured(await s.call("get_sale_order", order="S00001"))["order"]["state"] == "draft"


def test_query_with_an_undeclared_placeholder_is_a_config_error() -> None:
    broken = {**QUERY, "domain": [["state", "=", "{status}"]]}
    with pytest.raises(ConfigError, match="undeclared parameter"):
        declarative_pack(SurfaceSettings(queries=[broken]))


def test_query_with_a_bad_domain_operator_is_a_config_error() -> None:
    broken = {**QUERY, "domain": [["state", "===", "{state}"]]}
    with pytest.raises(ConfigError, match="invalid domain"):
        declarative_pack(SurfaceSettings(queries=[broken]))


def test_action_with_a_private_method_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="private"):
        declarative_pack(SurfaceSettings(actions=[{**ACTION, "method": "_compute_amounts"}]))


def test_tool_name_clash_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="already exists"):
        declarative_pack(SurfaceSettings(queries=[{**QUERY, "name": "get_sale_order"}]), {"get_sale_order"})


async def test_drift_report_names_missing_fields_and_is_clean_for_the_builtin_packs(series: str) -> None:
    registry = Registry(series)
    settings = ServerSettings(queries=[{**QUERY, "fields": ["name", "no_such_field"]}])
    transport = httpx2.ASGITransport(app=create_app(registry))
    async with OdooClient(odoo_settings(registry), transport=transport) as client:
        report = await check_tools(OdooGateway(client, Policy(settings.policy)), settings.surface)
    by_pack = {pack.pack: pack for pack in report.packs}
    assert not any(by_pack[name].drifted for name in ("contacts", "crm", "sales", "inventory"))
    assert by_pack["declarative"].missing_fields == ["sale.order.no_such_field"]
    assert "schema drift found" in render_drift(report)
