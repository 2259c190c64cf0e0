"""Resources and prompts against a real Odoo with the stock demo data (18.0 or 19.0).

Runs only when ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY are set. Reads only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp_types import TextContent, TextResourceContents

from mcp_odoo.audit import AuditLog
from mcp_odoo.prompts import register_prompts
from mcp_odoo.resources import register_resources
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings

REQUIRED = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        any(not os.environ.get(name) for name in REQUIRED),
        reason="live Odoo not configured (set ODOO_URL, ODOO_DB, ODOO_USER, ODOO_API_KEY)",
    ),
]


@asynccontextmanager
async def live_client() -> AsyncIterator[Client]:
    with tempfile.TemporaryDirectory() as folder:
        settings = ServerSettings(audit_path=Path(folder) / "audit.sqlite3")
        audit = AuditLog.from_settings(settings)
        mcp = build_server(OdooSettings(), settings, audit=audit)  # Odoo settings from the environment
        if not await mcp.list_resource_templates():
            register_resources(mcp, settings)
        if not await mcp.list_prompts():
            register_prompts(mcp, settings)
        try:
            async with Client(mcp) as client:
                yield client
        finally:
            await audit.aclose()


async def read_text(client: Client, uri: str) -> str:
    content = (await client.read_resource(uri)).contents[0]
    assert isinstance(content, TextResourceContents)
    return content.text


async def first(client: Client, model: str, domain: list[Any], fields: list[str]) -> dict[str, Any]:
    result = await client.call_tool(
        "search_records", {"model": model, "domain": domain, "fields": fields, "limit": 1}
    )
    assert not result.is_error, result.content
    assert result.structured_content is not None
    records: list[dict[str, Any]] = result.structured_content["records"]
    assert records, f"the demo database has no {model} matching {domain}"
    return records[0]


async def test_partner_record_reads_as_markdown() -> None:
    async with live_client() as client:
        partner = await first(client, "res.partner", [["is_company", "=", True]], ["display_name"])
        text = await read_text(client, f"odoo://res.partner/{partner['id']}")
    assert text.startswith(f"# {partner['display_name']}")


async def test_invoice_document_total_is_odoos() -> None:
    async with live_client() as client:
        invoice = await first(
            client,
            "account.move",
            [["move_type", "=", "out_invoice"], ["state", "=", "posted"]],
            ["amount_total", "currency_id"],
        )
        text = await read_text(client, f"odoo://account.move/{invoice['id']}/document")
    currency = invoice["currency_id"]["name"]
    assert f"| **Total** | **{invoice['amount_total']:,.2f} {currency}** |" in text


async def test_dunning_prompt_embeds_the_invoice() -> None:
    async with live_client() as client:
        invoice = await first(
            client, "account.move", [["move_type", "=", "out_invoice"], ["state", "=", "posted"]], ["name"]
        )
        result = await client.get_prompt("dunning_email", {"invoice": str(invoice["id"])})
    content = result.messages[0].content
    assert isinstance(content, TextContent)
    assert f"odoo://account.move/{invoice['id']}" in content.text
    assert "You must not:" in content.text


async def test_invoice_pdf_is_rendered_or_clearly_refused() -> None:
    async with live_client() as client:
        invoice = await first(
            client, "account.move", [["move_type", "=", "out_invoice"], ["state", "=", "posted"]], ["name"]
        )
        result = await client.call_tool("get_invoice_pdf", {"invoice": str(invoice["id"])})
    if result.is_error:
        content = result.content[0]
        assert isinstance(content, TextContent)
        assert "wkhtmltopdf" in content.text
    else:
        assert result.structured_content is not None
        assert result.structured_content["obtained_via"] == "portal"
        assert result.structured_content["size"] > 0
