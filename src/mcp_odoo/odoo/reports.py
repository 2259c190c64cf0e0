"""Rendered PDFs over plain HTTP, beside the RPC protocols (reference corpus, "Getting a PDF").

Odoo renders reports only through web routes, never over RPC (``_render_qweb_pdf`` is
private). Two routes give a fresh PDF to an external client:

* a portal document's URL from ``get_portal_url(report_type='pdf', download=True)`` (an RPC
  the caller makes through the policy first), fetched with no authentication at all: its
  ``access_token`` is the credential, so an API key is enough;
* ``/report/pdf/<report>/<id>`` with a web-session cookie, which only a password opens
  (``/web/session/authenticate`` refuses API keys); the session is closed right after.

Without wkhtmltopdf Odoo answers 400 (18) / 422 (19) "Unable to find Wkhtmltopdf on this
system": that becomes `PdfUnavailable`, whose hint says what to configure.

These requests go through `OdooClient.http`, whose pooled client keeps no cookie: the session
cookie is read from the answer and sent explicitly, so cookies Odoo sets (the session, the portal
visitor's session) never reach another request, and neither the session cookie, the portal token
nor the password appear in any error or log.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import quote, unquote, urlsplit

import httpx2

from mcp_odoo.odoo.errors import (
    AuthenticationFailed,
    BadArguments,
    BusinessRuleError,
    NotOdoo,
    OdooTimeout,
    OdooUnreachable,
)
from mcp_odoo.odoo.settings import OdooSettings
from mcp_odoo.odoo.transport import HttpAnswer

PDF_MAGIC = b"%PDF-"
SESSION_COOKIE = "session_id"
_ENGINE_MISSING = re.compile(rb"wkhtmltopdf", re.IGNORECASE)
_FILE_NAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)\"?", re.IGNORECASE)
_REPORT_NAME = re.compile(r"^[A-Za-z0-9_]+\.[A-Za-z0-9_.]+$")


@dataclass(frozen=True)
class PdfFile:
    """PDF bytes, the file name Odoo proposed (if any), and how they were obtained."""

    content: bytes
    file_name: str | None
    source: str


class PdfUnavailable(BusinessRuleError):
    """Odoo cannot produce this PDF; `hint` says why and what to configure."""

    def __init__(self, message: str, *, hint: str, debug: str | None = None) -> None:
        super().__init__(message, debug=debug)
        self.hint = hint


class PdfEngineMissing(PdfUnavailable):
    """Odoo answered "Unable to find Wkhtmltopdf on this system": it renders no PDF at all."""

    def __init__(self) -> None:
        super().__init__(
            "Odoo cannot render PDFs: wkhtmltopdf is not installed on the Odoo server",
            hint="the Odoo administrator must install wkhtmltopdf on the Odoo server (Settings > Technical > "
            "Reports shows its state); until then only PDFs already stored as attachments can be returned",
        )


class _Connected(Protocol):
    @property
    def db(self) -> str | None: ...


class WebClient(Protocol):
    """What a `PdfFetcher` needs of `OdooClient` (named here so that the client can build fetchers)."""

    @property
    def settings(self) -> OdooSettings: ...

    async def connect(self) -> _Connected: ...

    async def http(
        self,
        method: Literal["GET", "POST"],
        path: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer: ...


class PdfFetcher:
    """Fetches rendered PDFs for one `OdooClient`. Callers check the policy before calling."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._settings = client.settings

    @property
    def can_open_web_session(self) -> bool:
        """Whether a password is configured: web sessions refuse API keys."""
        return self._settings.password is not None

    async def portal_pdf(self, portal_url: str) -> PdfFile:
        """GET a portal URL returned by ``get_portal_url(report_type='pdf', download=True)``."""
        answer = await self._get(self._local_path(portal_url), {})
        return self._pdf_or_error(answer, "portal", "the portal link")

    async def session_pdf(self, report_name: str, record_ids: list[int]) -> PdfFile:
        """``/report/pdf/<report_name>/<ids>`` inside a web session opened with the password."""
        if not _REPORT_NAME.match(report_name):
            raise BadArguments(f"{report_name!r} is not a report name such as account.report_invoice")
        if self._settings.password is None:
            raise PdfUnavailable(
                f"report {report_name} needs an Odoo web session, which needs a password",
                hint="set ODOO_PASSWORD (with ODOO_API_KEY kept for RPC) to render any report",
            )
        cookie = await self._open_session(self._settings.password.get_secret_value())
        try:
            ids = ",".join(str(record_id) for record_id in record_ids)
            path = f"/report/pdf/{quote(report_name)}/{ids}"
            answer = await self._get(path, {"Cookie": f"{SESSION_COOKIE}={cookie}"})
        finally:
            await self._close_session(cookie)
        return self._pdf_or_error(answer, "web_session", f"report {report_name}")

    def _local_path(self, url: str) -> str:
        """The path of a URL on the configured Odoo; refuses anything pointing elsewhere."""
        base = urlsplit(self._settings.url)
        parts = urlsplit(url)
        same_server = not parts.netloc or (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
        if not same_server or not parts.path.startswith("/") or url.startswith("//"):
            raise NotOdoo("Odoo returned a portal URL on another server; it was not fetched")
        return parts.path + (f"?{parts.query}" if parts.query else "")

    async def _get(self, path: str, headers: dict[str, str]) -> HttpAnswer:
        """GET `path`; a plain request fails with NotOdoo only when the answer exceeds the bound."""
        try:
            return await self._client.http("GET", path, headers=headers)
        except OdooTimeout:
            raise OdooTimeout("Odoo did not finish rendering the PDF in time") from None
        except NotOdoo:
            limit = self._settings.max_response_bytes
            raise NotOdoo(f"the PDF is larger than {limit} bytes (ODOO_MAX_RESPONSE_BYTES)") from None

    async def _open_session(self, password: str) -> str:
        database = self._settings.db or (await self._client.connect()).db
        params = {"db": database, "login": self._settings.user, "password": password}
        answer = await self._post_json("/web/session/authenticate", params, cookie=None)
        cookie = _set_cookie(answer.headers, SESSION_COOKIE)
        envelope = _json(answer.body)
        if "error" in envelope or not isinstance(envelope.get("result"), dict) or not cookie:
            raise AuthenticationFailed(
                "Odoo refused the password for a web session (needed to render this report)",
                odoo_name=str((envelope.get("error") or {}).get("data", {}).get("name") or "") or None,
            )
        return str(cookie)

    async def _close_session(self, cookie: str) -> None:
        with contextlib.suppress(OdooTimeout, OdooUnreachable):
            await self._post_json("/web/session/destroy", {}, cookie=cookie)

    async def _post_json(self, path: str, params: dict[str, Any], *, cookie: str | None) -> HttpAnswer:
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        headers = {"Content-Type": "application/json"}
        if cookie is not None:
            headers["Cookie"] = f"{SESSION_COOKIE}={cookie}"
        try:
            return await self._client.http("POST", path, body=json.dumps(body).encode(), headers=headers)
        except OdooTimeout:
            raise OdooTimeout("Odoo did not answer the web-session request in time") from None

    def _pdf_or_error(self, answer: HttpAnswer, source: str, what: str) -> PdfFile:
        status, headers, body = answer.status, answer.headers, answer.body
        if status == 200 and body.startswith(PDF_MAGIC):
            return PdfFile(body, _file_name(headers.get("content-disposition", "")), source)
        if status in (400, 422, 500) and _ENGINE_MISSING.search(body[:4000]):
            raise PdfEngineMissing()
        if status in (301, 302, 303) and "/web/login" in headers.get("location", ""):
            raise AuthenticationFailed(f"Odoo asked to log in for {what}: the access was not accepted")
        if status == 404:
            raise BadArguments(f"Odoo has no {what} for this record (404)")
        kind = headers.get("content-type", "no content type")
        raise NotOdoo(f"Odoo answered {what} with HTTP {status} ({kind}), not a PDF")


def _json(content: bytes) -> dict[str, Any]:
    try:
        value = json.loads(content)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _set_cookie(headers: httpx2.Headers, name: str) -> str | None:
    """The value the answer sets for cookie `name`, if it sets one."""
    for header in headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0].strip() or None
    return None


def _file_name(disposition: str) -> str | None:
    match = _FILE_NAME.search(disposition)
    if match is None:
        return None
    return unquote(match.group(1) or match.group(2)).strip()
