"""Every generic read tool against a real Odoo with the stock demo data (skipped without one).

Needs ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY; the server runs read-only, so nothing changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings, load_odoo_settings

REQUIRED = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not all(os.environ.get(name) for name in REQUIRED), reason="no live Odoo configured"),
]

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
async def test_read_tool_answers_on_live_odoo(tool: str, arguments: dict[str, Any], tmp_path: Path) -> None:
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    audit = AuditLog.from_settings(settings)
    mcp = build_server(load_odoo_settings(), settings, audit=audit)
    try:
        async with Client(mcp) as client:
            result = await client.call_tool(tool, arguments)
    finally:
        await audit.aclose()
    assert not result.is_error, result.content
    assert result.structured_content


async def test_list_models_finds_the_partner_model_on_live_odoo(tmp_path: Path) -> None:
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    audit = AuditLog.from_settings(settings)
    mcp = build_server(load_odoo_settings(), settings, audit=audit)
    try:
        async with Client(mcp) as client:
            result = await client.call_tool("list_models", {"query": "res.partner"})
    finally:
        await audit.aclose()
    assert result.structured_content is not None
    assert "res.partner" in [entry["model"] for entry in result.structured_content["models"]]
