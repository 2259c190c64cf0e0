"""Report and file routes of the simulated Odoo: sessions, portal tokens, the PDF engine switch."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx2
from starlette.applications import Starlette


def pdf_text(pdf: bytes) -> str:
    return "\n".join(raw.decode("cp1252") for raw in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", pdf))


async def open_session(client: httpx2.AsyncClient, password: str, db: str = "demo19") -> None:
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": db, "login": "mcp_bot", "password": password},
        "id": 1,
    }
    response = await client.post("/web/session/authenticate", json=body)
    assert "result" in response.json()


async def test_report_without_session_redirects_to_login(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.get(
        "/report/pdf/account.report_invoice/72", headers={"Authorization": f"bearer {creds.key}"}
    )
    assert response.status_code == 303
    assert (
        response.headers["location"] == "/web/login?redirect=%2Freport%2Fpdf%2Faccount.report_invoice%2F72%3F"
    )


async def test_report_with_session_is_a_pdf_of_the_document(client19: httpx2.AsyncClient, creds: Any) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/report/pdf/account.report_invoice/72")
    assert (response.status_code, response.headers["content-type"]) == (200, "application/pdf")
    text = pdf_text(response.content)
    for expected in ("INV/2026/00025", "Acme Corporation", "[FURN_7777] Office Chair", "300.00"):
        assert expected in text


async def test_html_report_shows_the_document(client19: httpx2.AsyncClient, creds: Any) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/report/html/account.report_invoice/72")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "INV/2026/00025" in response.text


async def test_without_pdf_engine_pdf_rendering_is_422_html_in_19(
    make_app: Callable[..., Starlette], client_for: Callable[[Starlette], httpx2.AsyncClient], creds: Any
) -> None:
    async with client_for(make_app("19.0", pdf_engine=False)) as client:
        await open_session(client, creds.password)
        response = await client.get("/report/pdf/account.report_invoice/72")
    assert response.status_code == 422
    assert "Unable to find Wkhtmltopdf on this system" in response.text


async def test_without_pdf_engine_pdf_rendering_is_400_html_in_18(
    make_app: Callable[..., Starlette], client_for: Callable[[Starlette], httpx2.AsyncClient], creds: Any
) -> None:
    async with client_for(make_app("18.0", pdf_engine=False)) as client:
        await open_session(client, creds.password, db="demo18")
        response = await client.get("/report/pdf/account.report_invoice/72")
    assert response.status_code == 400


async def test_without_pdf_engine_check_route_says_install(
    make_app: Callable[..., Starlette], client_for: Callable[[Starlette], httpx2.AsyncClient], creds: Any
) -> None:
    async with client_for(make_app("19.0", pdf_engine=False)) as client:
        await open_session(client, creds.password)
        body = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}
        assert (await client.post("/report/check_wkhtmltopdf", json=body)).json()["result"] == "install"


async def test_portal_url_with_the_token_needs_no_login(client19: httpx2.AsyncClient) -> None:
    response = await client19.get(
        "/my/invoices/72?access_token=fake-portal-token&report_type=pdf&download=true"
    )
    assert (response.status_code, response.headers["content-type"]) == (200, "application/pdf")
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''INV_2026_00025.pdf"
    assert "INV/2026/00025" in pdf_text(response.content)


async def test_portal_url_with_a_wrong_token_is_refused(client19: httpx2.AsyncClient) -> None:
    response = await client19.get("/my/invoices/72?access_token=wrong&report_type=pdf&download=true")
    assert response.status_code == 303


async def test_web_content_without_session_is_404(client19: httpx2.AsyncClient) -> None:
    assert (await client19.get("/web/content/969?download=true")).status_code == 404


async def test_web_content_with_session_serves_the_stored_bytes(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/web/content/969?download=true")
    assert response.content == b"%PDF-1.4\n%%EOF\n"
    assert response.headers["content-disposition"] == "attachment; filename=bill.pdf"


async def test_attachment_backed_report_serves_the_stored_file(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/report/pdf/account.report_original_vendor_bill/72")
    assert response.content == b"%PDF-1.4\n%%EOF\n"


async def test_download_invoice_documents_sends_a_proforma(client19: httpx2.AsyncClient, creds: Any) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/account/download_invoice_documents/72/pdf")
    assert response.headers["content-type"] == "pdf"
    assert (
        response.headers["content-disposition"] == "attachment; filename*=UTF-8''INV_2026_00025_proforma.pdf"
    )
    assert response.content.startswith(b"%PDF-")


async def test_report_of_a_missing_record_is_a_404_page(client19: httpx2.AsyncClient, creds: Any) -> None:
    await open_session(client19, creds.password)
    response = await client19.get("/report/pdf/account.report_invoice/404404")
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
