"""`PdfFetcher`: the plain HTTP side of getting a PDF, against a scripted Odoo."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx2
import pytest

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import AuthenticationFailed, NotOdoo
from mcp_odoo.odoo.reports import PdfFetcher, PdfUnavailable
from mcp_odoo.settings import OdooSettings

PDF = b"%PDF-1.4\n%%EOF\n"
PASSWORD = "throwaway-password"
SESSION = "throwaway-session-id"

Handler = Callable[[httpx2.Request], httpx2.Response]


class ScriptedOdoo:
    """Answers the web routes a PDF needs and remembers every request."""

    def __init__(self, *, login_ok: bool = True, engine: bool = True) -> None:
        self.requests: list[httpx2.Request] = []
        self.login_ok = login_ok
        self.engine = engine

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/web/session/authenticate":
            if not self.login_ok:
                error = {"data": {"name": "odoo.exceptions.AccessDenied"}}
                return httpx2.Response(200, json={"jsonrpc": "2.0", "id": 1, "error": error})
            cookie = {"Set-Cookie": f"session_id={SESSION}; HttpOnly; Path=/"}
            return httpx2.Response(
                200, json={"jsonrpc": "2.0", "id": 1, "result": {"uid": 7}}, headers=cookie
            )
        if path == "/web/session/destroy":
            return httpx2.Response(200, json={"jsonrpc": "2.0", "id": 1})
        if not self.engine:
            return httpx2.Response(422, text="<h1>Unable to find Wkhtmltopdf on this system</h1>")
        if path.startswith("/report/pdf/") and request.headers.get("cookie") != f"session_id={SESSION}":
            return httpx2.Response(303, headers={"Location": "/web/login?redirect=x"})
        headers = {
            "Content-Type": "application/pdf",
            "Content-Disposition": "attachment; filename*=UTF-8''INV_2026_00004.pdf",
            "Set-Cookie": "session_id=portal-visitor; Path=/",
        }
        return httpx2.Response(200, content=PDF, headers=headers)

    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]


@pytest.fixture
def odoo() -> ScriptedOdoo:
    return ScriptedOdoo()


def settings(**overrides: object) -> OdooSettings:
    values: dict[str, object] = {
        "url": "http://odoo.test",
        "db": "demo",
        "user": "mcp_bot",
        "api_key": "throwaway-key",
        **overrides,
    }
    return OdooSettings.model_validate(values)


@pytest.fixture
async def client(odoo: ScriptedOdoo) -> AsyncIterator[OdooClient]:
    async with OdooClient(settings(password=PASSWORD), transport=httpx2.MockTransport(odoo)) as connected:
        yield connected


async def test_portal_pdf_is_fetched_without_credentials(client: OdooClient, odoo: ScriptedOdoo) -> None:
    pdf = await PdfFetcher(client).portal_pdf("/my/invoices/4?access_token=t0k&report_type=pdf&download=true")
    assert (pdf.content, pdf.file_name, pdf.source) == (PDF, "INV_2026_00004.pdf", "portal")
    request = odoo.requests[0]
    assert "authorization" not in request.headers
    assert "cookie" not in request.headers


async def test_portal_url_on_another_server_is_not_fetched(client: OdooClient, odoo: ScriptedOdoo) -> None:
    with pytest.raises(NotOdoo, match="another server"):
        await PdfFetcher(client).portal_pdf("https://elsewhere.example/my/invoices/4?access_token=t0k")
    assert odoo.requests == []


async def test_cookies_set_by_odoo_never_reach_later_requests(client: OdooClient, odoo: ScriptedOdoo) -> None:
    fetcher = PdfFetcher(client)
    await fetcher.portal_pdf("/my/invoices/4?access_token=t0k")
    await fetcher.portal_pdf("/my/invoices/4?access_token=t0k")
    assert "cookie" not in odoo.requests[1].headers


async def test_report_uses_a_web_session_and_closes_it(client: OdooClient, odoo: ScriptedOdoo) -> None:
    pdf = await PdfFetcher(client).session_pdf("stock.report_picking", [3])
    assert pdf.source == "web_session"
    assert odoo.paths() == [
        "/web/session/authenticate",
        "/report/pdf/stock.report_picking/3",
        "/web/session/destroy",
    ]
    assert odoo.requests[2].headers["cookie"] == f"session_id={SESSION}"
    assert json.loads(odoo.requests[0].content)["params"]["password"] == PASSWORD


async def test_refused_password_stops_before_the_report() -> None:
    refusing = ScriptedOdoo(login_ok=False)
    async with OdooClient(settings(password=PASSWORD), transport=httpx2.MockTransport(refusing)) as client:
        with pytest.raises(AuthenticationFailed) as raised:
            await PdfFetcher(client).session_pdf("stock.report_picking", [3])
    assert refusing.paths() == ["/web/session/authenticate"]
    assert PASSWORD not in str(raised.value)


async def test_report_without_a_password_says_what_to_configure() -> None:
    async with OdooClient(settings(), transport=httpx2.MockTransport(ScriptedOdoo())) as client:
        with pytest.raises(PdfUnavailable) as raised:
            await PdfFetcher(client).session_pdf("stock.report_picking", [3])
    assert "ODOO_PASSWORD" in raised.value.hint


async def test_missing_engine_becomes_pdf_unavailable_with_a_hint() -> None:
    async with OdooClient(settings(), transport=httpx2.MockTransport(ScriptedOdoo(engine=False))) as client:
        with pytest.raises(PdfUnavailable) as raised:
            await PdfFetcher(client).portal_pdf("/my/invoices/4?access_token=t0k")
    assert "wkhtmltopdf" in raised.value.hint


async def test_login_redirect_becomes_an_authentication_error(client: OdooClient) -> None:
    fetcher = PdfFetcher(client)
    with pytest.raises(AuthenticationFailed, match="log in"):
        await fetcher.portal_pdf("/report/pdf/account.report_invoice/4")


async def test_report_name_must_look_like_one(client: OdooClient, odoo: ScriptedOdoo) -> None:
    with pytest.raises(Exception, match="not a report name"):
        await PdfFetcher(client).session_pdf("../web/database", [1])
    assert odoo.requests == []


async def test_pdf_larger_than_the_response_bound_is_refused(odoo: ScriptedOdoo) -> None:
    async with OdooClient(settings(max_response_bytes=8), transport=httpx2.MockTransport(odoo)) as client:
        with pytest.raises(NotOdoo, match="larger than 8 bytes"):
            await PdfFetcher(client).portal_pdf("/my/invoices/4?access_token=t0k")
