"""Every read tool of the packs against a real Odoo with the stock demo data (skipped without one).

Needs ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY; read-only, changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from mcp_odoo.audit import AuditLog
from mcp_odoo.packs import register_packs
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings, load_odoo_settings

REQUIRED = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not all(os.environ.get(name) for name in REQUIRED), reason="no live Odoo configured"),
]

READ_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("find_partners", {"query": "Azure"}),
    ("list_crm_leads", {"status": "open", "limit": 5}),
    ("list_sale_orders", {"limit": 5}),
    ("get_sale_order", {"order": "S00001"}),
    ("get_overdue_invoices", {"min_days_overdue": 0, "limit": 5}),
    ("get_invoice", {"invoice": "INV/2026/00001"}),
    ("get_stock_levels", {"limit": 5}),
    ("list_transfers", {"limit": 5}),
]


@pytest.mark.parametrize(("tool", "arguments"), READ_CALLS, ids=[tool for tool, _ in READ_CALLS])
async def test_read_tool_answers_on_live_odoo(tool: str, arguments: dict[str, Any], tmp_path: Path) -> None:
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
    audit = AuditLog.from_settings(settings)
    mcp = build_server(load_odoo_settings(), settings, audit=audit)
    if "get_sale_order" not in {listed.name for listed in await mcp.list_tools()}:
        register_packs(mcp, settings)
    try:
        async with Client(mcp) as client:
            result = await client.call_tool(tool, arguments)
            assert not result.is_error, result.content
            assert result.structured_content
    finally:
        await audit.aclose()
