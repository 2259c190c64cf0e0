"""Ways to get a document out of the simulated Odoo as a file (README "Getting a PDF").

* ``GET /report/pdf|html/<report>/<ids>`` — web session cookie required (else 303 to the login
  page, also with a bearer header); PDF rendering needs the PDF engine (wkhtmltopdf).
* ``GET /my/invoices/<id>``, ``/my/orders/<id>``, ``/my/picking[/pdf]/<id>`` — the portal URLs of
  ``get_portal_url``: no authentication, the ``access_token`` must match the record's.
* ``GET /account/download_invoice_documents/<ids>/pdf`` — session; the invoice's PDF.
* ``GET /web/content/<attachment id>`` and ``/web/content/<model>/<id>/<field>`` — session
  (without one: 404); the stored bytes.
"""

from __future__ import annotations

import base64
import functools
import hmac
import re
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from mcp_odoo.simulator.exceptions import AccessError, MissingError
from mcp_odoo.simulator.wire import pages
from mcp_odoo.simulator.wire.documents import Document, read_document
from mcp_odoo.simulator.wire.pdf import render_pdf
from mcp_odoo.simulator.wire.state import Simulator
from mcp_odoo.simulator.wire.websession import session_uid

PDF_REPORTS = {
    "account.report_invoice": "account.move",
    "account.report_invoice_with_payments": "account.move",
    "sale.report_saleorder": "sale.order",
    "stock.report_deliveryslip": "stock.picking",
    "stock.report_picking": "stock.picking",
}
ATTACHMENT_REPORTS = {"account.report_original_vendor_bill": ("account.move", "message_main_attachment_id")}


def _server(request: Request) -> Simulator:
    server: Simulator = request.app.state.simulator
    return server


def _pdf(
    document_bytes: bytes, file_name: str | None = None, media_type: str = "application/pdf"
) -> Response:
    headers = {"Content-Type": media_type}
    if file_name is not None:
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return Response(document_bytes, headers=headers)


def _merged(documents: list[Document]) -> bytes:
    lines: list[str] = []
    for document in documents:
        lines += [*document.lines, ""]
    return render_pdf(documents[0].title, lines)


def _html_report(documents: list[Document]) -> Response:
    body = "".join(
        "<div class='page'>" + "".join(f"<p>{escape(line)}</p>" for line in document.lines) + "</div>"
        for document in documents
    )
    return HTMLResponse(
        f'<!DOCTYPE html>\n<html lang="en-US"><head><meta charset="utf-8"/>'
        f"<title>Odoo Report</title></head><body>{body}</body></html>"
    )


def _parse_ids(text: str) -> list[int] | None:
    try:
        return [int(part) for part in text.split(",") if part]
    except ValueError:
        return None


def _stored_attachment(server: Simulator, uid: int, attachment_id: int) -> tuple[bytes, str, str] | None:
    """(bytes, name, mimetype) of an attachment the user can read, or None."""
    records: list[dict[str, Any]] = server.backend.execute_kw(
        uid, "ir.attachment", "read", [[attachment_id]], {"fields": ["name", "mimetype", "datas"]}
    )
    if not records or not records[0]["datas"]:
        return None
    record = records[0]
    return (
        base64.b64decode(record["datas"]),
        str(record["name"]),
        str(record["mimetype"] or "application/octet-stream"),
    )


async def report(request: Request) -> Response:
    server = _server(request)
    uid = session_uid(request)
    if uid is None:
        return pages.login_redirect(request.url.path, request.url.query)
    converter, report_name = request.path_params["converter"], request.path_params["report"]
    ids = _parse_ids(request.path_params["ids"])
    if ids is None or converter not in ("pdf", "html"):
        return pages.not_found()
    if report_name in ATTACHMENT_REPORTS and converter == "pdf":
        model, field = ATTACHMENT_REPORTS[report_name]
        records = server.backend.execute_kw(uid, model, "read", [ids[:1]], {"fields": [field]})
        stored = (
            _stored_attachment(server, uid, records[0][field][0]) if records and records[0][field] else None
        )
        return pages.not_found() if stored is None else _pdf(stored[0])
    model_name = PDF_REPORTS.get(report_name)
    if model_name is None:
        return pages.not_found()
    documents = [read_document(server.backend, uid, model_name, record_id) for record_id in ids]
    if converter == "html":
        return _html_report(documents)
    if not server.pdf_engine:
        return pages.wkhtmltopdf_missing(server.series)
    return _pdf(_merged(documents))


def _portal_token(server: Simulator, model: str, record_id: int) -> str | None:
    """The record's portal access token, as ``get_portal_url`` hands it out (None: no such record)."""
    admin = server.backend.users["admin"].uid
    try:
        url = server.backend.execute_kw(admin, model, "get_portal_url", [[record_id]], {})
    except Exception:
        return None
    match = re.search(r"access_token=([^&#]+)", str(url))
    return match.group(1) if match else None


def _portal(model: str) -> Callable[[Request], Awaitable[Response]]:
    async def portal_document(request: Request) -> Response:
        server = _server(request)
        record_id = int(request.path_params["record_id"])
        token = request.query_params.get("access_token")
        if not token or not hmac.compare_digest(token, _portal_token(server, model, record_id) or ""):
            return pages.login_redirect(request.url.path, request.url.query)
        admin = server.backend.users["admin"].uid
        document = read_document(server.backend, admin, model, record_id)
        if request.query_params.get("report_type", "html") == "html":
            return _html_report([document])
        if not server.pdf_engine:
            return pages.wkhtmltopdf_missing(server.series)
        download = request.query_params.get("download") == "true"
        return _pdf(_merged([document]), f"{document.file_name}.pdf" if download else None)

    return portal_document


async def download_invoice_documents(request: Request) -> Response:
    server = _server(request)
    uid = session_uid(request)
    if uid is None:
        return pages.login_redirect(request.url.path, request.url.query)
    ids = _parse_ids(request.path_params["ids"])
    if not ids or request.path_params["filetype"] != "pdf":
        return pages.not_found()
    if not server.pdf_engine:
        return pages.wkhtmltopdf_missing(server.series)
    documents = [read_document(server.backend, uid, "account.move", record_id) for record_id in ids]
    return _pdf(_merged(documents), f"{documents[0].file_name}_proforma.pdf", media_type="pdf")


async def web_content(request: Request) -> Response:
    server = _server(request)
    uid = session_uid(request)
    if uid is None:
        return pages.not_found()
    target = request.path_params["target"].split("/")
    if len(target) == 1 and target[0].isdigit():
        stored = _stored_attachment(server, uid, int(target[0]))
    elif len(target) == 3 and target[1].isdigit():
        stored = _record_field(server, uid, target[0], int(target[1]), target[2])
    else:
        stored = None
    if stored is None:
        return pages.not_found()
    content, name, mimetype = stored
    headers = {"Content-Type": mimetype, "Cache-Control": "no-cache, private"}
    if request.query_params.get("download") == "true":
        headers["Content-Disposition"] = f"attachment; filename={quote(name)}"
    return Response(content, headers=headers)


def _record_field(
    server: Simulator, uid: int, model: str, record_id: int, field: str
) -> tuple[bytes, str, str] | None:
    try:
        records = server.backend.execute_kw(uid, model, "read", [[record_id]], {"fields": [field]})
    except Exception:
        return None
    if not records or not records[0][field] or not isinstance(records[0][field], str):
        return None
    return base64.b64decode(records[0][field]), f"{model}-{record_id}-{field}", "application/octet-stream"


def _html_errors(route: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Errors while rendering become the HTML error pages Odoo's HTTP routes answer."""

    @functools.wraps(route)
    async def guarded(request: Request) -> Response:
        try:
            return await route(request)
        except AccessError:
            return pages.forbidden()
        except (MissingError, LookupError):
            return pages.not_found()
        except Exception:
            return pages.server_error()

    return guarded


routes = [
    Route("/report/{converter}/{report}/{ids}", _html_errors(report), methods=["GET"]),
    Route("/my/invoices/{record_id:int}", _html_errors(_portal("account.move")), methods=["GET"]),
    Route("/my/orders/{record_id:int}", _html_errors(_portal("sale.order")), methods=["GET"]),
    Route("/my/picking/{record_id:int}", _html_errors(_portal("stock.picking")), methods=["GET"]),
    Route("/my/picking/pdf/{record_id:int}", _html_errors(_portal("stock.picking")), methods=["GET"]),
    Route(
        "/account/download_invoice_documents/{ids}/{filetype}",
        _html_errors(download_invoice_documents),
        methods=["GET"],
    ),
    Route("/web/content/{target:path}", _html_errors(web_content), methods=["GET"]),
]
