"""The pack registry: built-in packs, entry-point packs, and packs switched off by configuration."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from mcp_odoo.audit.entry import AuditQuery
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.packs import Pack, available_packs, enabled_packs
from mcp_odoo.settings import ConfigError
from sessions import SessionFactory
from tool_results import error_of, structured

DUPLICATE = Pack(name="sales", register=lambda kit: None)
NOT_A_PACK = object()


def _installed(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    entry = EntryPoint(name="third_party", value=target, group="mcp_odoo.packs")
    monkeypatch.setattr("mcp_odoo.packs.entry_points", lambda group: [entry])


def test_all_builtin_packs_are_on_by_default() -> None:
    names = [pack.name for pack in enabled_packs(SurfaceSettings())]
    assert names == ["contacts", "crm", "sales", "invoicing", "inventory", "products"]


def test_disabled_pack_is_left_out() -> None:
    names = [
        pack.name
        for pack in enabled_packs(SurfaceSettings.model_validate({"disabled_packs": "crm, inventory"}))
    ]
    assert names == ["contacts", "sales", "invoicing", "products"]


def test_disabling_an_unknown_pack_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown pack"):
        enabled_packs(SurfaceSettings(disabled_packs=["helpdesk"]))


def test_entry_point_that_is_not_a_pack_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, f"{__name__}:NOT_A_PACK")
    with pytest.raises(ConfigError, match=r"is not a mcp_odoo\.packs\.Pack"):
        available_packs()


def test_entry_point_reusing_a_builtin_name_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, f"{__name__}:DUPLICATE")
    with pytest.raises(ConfigError, match="two packs are named 'sales'"):
        available_packs()


def test_entry_point_that_fails_to_import_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, "no_such_module_for_mcp_odoo:PACK")
    with pytest.raises(ConfigError, match="failed to load"):
        available_packs()


async def test_tools_of_a_disabled_pack_are_not_listed(pack_session: SessionFactory) -> None:
    async with pack_session(disabled_packs=["sales"]) as s:
        names = {tool.name for tool in (await s.client.list_tools()).tools}
        assert "find_partners" in names
        assert "get_sale_order" not in names


async def test_every_pack_tool_call_is_audited_with_its_model_and_outcome(
    pack_session: SessionFactory,
) -> None:
    async with pack_session() as s:
        structured(await s.call("find_partners", query="Azure"))
        error_of(await s.call("get_sale_order", order="no such order"))
        entries = await s.audit.query(AuditQuery(last=2))
    outcomes = {entry.tool: (entry.model, entry.outcome) for entry in entries}
    assert outcomes == {"find_partners": ("res.partner", "ok"), "get_sale_order": ("sale.order", "error")}
