"""PDF reports through what the connected Odoo allows: portal link (API key), web session (password),
and a clear refusal when Odoo cannot render PDFs."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import BlobResourceContents, CallToolResult, EmbeddedResource, ResourceLink, TextContent

from mcp_odoo.audit import AuditQuery
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from tool_results import structured

from .conftest import OpenSession


def attached_pdf(result: CallToolResult) -> bytes:
    blocks = [block for block in result.content if isinstance(block, EmbeddedResource)]
    assert len(blocks) == 1
    resource = blocks[0].resource
    assert isinstance(resource, BlobResourceContents)
    assert resource.mime_type == "application/pdf"
    return base64.b64decode(resource.blob)


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


def first_delivery(session: Any) -> int:
    rows = session.odoo("stock.picking", "search_read", [["move_ids", "!=", False]], fields=["id"], limit=1)
    return int(rows[0]["id"])


async def test_invoice_pdf_comes_from_the_portal_link_with_an_api_key(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "INV/2026/00004"})
    assert structured(result)["obtained_via"] == "portal"
    assert attached_pdf(result).startswith(b"%PDF-")


async def test_order_pdf_by_model_and_name(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.call_tool("get_report_pdf", {"model": "sale.order", "record": "S00001"})
    data = structured(result)
    assert (data["report"], data["record_name"]) == ("sale.report_saleorder", "S00001")
    assert attached_pdf(result).startswith(b"%PDF-")


async def test_other_report_renders_through_a_web_session_with_a_password(open_session: OpenSession) -> None:
    async with open_session(password=True) as session:
        picking = first_delivery(session)
        arguments = {"model": "stock.picking", "record": str(picking), "report": "stock.report_picking"}
        result = await session.client.call_tool("get_report_pdf", arguments)
    assert structured(result)["obtained_via"] == "web_session"
    assert attached_pdf(result).startswith(b"%PDF-")


async def test_other_report_without_a_password_says_to_configure_one(open_session: OpenSession) -> None:
    async with open_session() as session:
        picking = first_delivery(session)
        arguments = {"model": "stock.picking", "record": str(picking), "report": "stock.report_picking"}
        result = await session.client.call_tool("get_report_pdf", arguments)
    assert result.is_error
    assert "ODOO_PASSWORD" in error_text(result)


async def test_missing_pdf_engine_is_a_clear_refusal(open_session: OpenSession) -> None:
    async with open_session(pdf_engine=False) as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "INV/2026/00004"})
    assert result.is_error
    assert "wkhtmltopdf is not installed" in error_text(result)
    assert "install wkhtmltopdf" in error_text(result)


async def test_missing_pdf_engine_is_also_refused_through_a_web_session(open_session: OpenSession) -> None:
    async with open_session(pdf_engine=False, password=True) as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "INV/2026/00004"})
    assert result.is_error
    assert "install wkhtmltopdf" in error_text(result)


async def test_pdf_above_the_budget_is_linked_not_inlined(open_session: OpenSession) -> None:
    async with open_session(pdf_inline_max_bytes=100) as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "1"})
        links = [block for block in result.content if isinstance(block, ResourceLink)]
        assert structured(result)["inlined"] is False
        assert [link.uri for link in links] == ["odoo://report/account.report_invoice/1"]
        content, mime_type = await session.read_bytes(str(links[0].uri))
    assert links[0].size == len(content)
    assert (content[:5], mime_type) == (b"%PDF-", "application/pdf")


async def test_report_resource_returns_the_pdf_as_a_blob(open_session: OpenSession) -> None:
    async with open_session() as session:
        content, mime_type = await session.read_bytes("odoo://report/sale.report_saleorder/1")
    assert (content[:5], mime_type) == (b"%PDF-", "application/pdf")


async def test_report_resource_refuses_an_unknown_report(open_session: OpenSession) -> None:
    async with open_session() as session:
        with pytest.raises(MCPError, match="no report named"):
            await session.read_bytes("odoo://report/no.such_report/1")


async def test_pdf_of_a_denied_model_is_refused_before_any_request(open_session: OpenSession) -> None:
    async with open_session(denied_models=["account.move"]) as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "1"})
        assert session.simulator.calls.count(model="account.move") == 0
    assert result.is_error
    assert "not exposed" in error_text(result)


async def test_pdf_of_an_invisible_record_is_refused(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.call_tool("get_invoice_pdf", {"invoice": "999999"})
    assert result.is_error
    assert "does not exist or is not visible" in error_text(result)


async def test_credentials_never_appear_in_answers(open_session: OpenSession) -> None:
    secrets = DEMO_CREDENTIALS["mcp_bot"].values()
    async with open_session(password=True, pdf_engine=False) as session:
        refused = await session.client.call_tool("get_invoice_pdf", {"invoice": "INV/2026/00004"})
        picking = first_delivery(session)
        arguments = {"model": "stock.picking", "record": str(picking), "report": "stock.report_picking"}
        other = await session.client.call_tool("get_report_pdf", arguments)
    text = error_text(refused) + error_text(other)
    assert all(secret not in text for secret in secrets)
    assert "session_id" not in text
    assert "access_token" not in text


async def test_pdf_tools_are_audited(open_session: OpenSession) -> None:
    async with open_session() as session:
        await session.client.call_tool("get_invoice_pdf", {"invoice": "INV/2026/00004"})
        entries = await session.audit.query(AuditQuery(tool="get_invoice_pdf"))
    assert [(entry.model, entry.record_ids, entry.outcome) for entry in entries] == [
        ("account.move", [4], "ok")
    ]
