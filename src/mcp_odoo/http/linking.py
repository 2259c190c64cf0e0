"""The account-linking page: a person signs in to Odoo here, out of the chat, and their key is stored.

``GET /link/<link>`` shows a form (Odoo login and API key) for the subject the link was made for;
``POST /link/<link>`` checks the pair against Odoo (the key must sign in as that login), uses the link
up, stores the key encrypted in the identity store and audits the event, never the key.

Protected against cross-site requests and replay: the link is signed, bound to the subject, short-lived
and single use; the form carries a token bound to the link and to a cookie of the browser that opened it
(SameSite=Strict, HttpOnly, Secure over HTTPS); a POST must come from the public origin
(``MCP_ODOO_PUBLIC_URL``); answers are not cached, framed or referred elsewhere. Behind a reverse proxy the
page is reached at the public URL's prefix (``deploy/nginx.conf.template`` passes it through).
"""

from __future__ import annotations

import html
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from string import Template
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from mcp_odoo.audit import AuditEntry, AuditLog, Outcome
from mcp_odoo.calls.confirm import ConfirmationUnavailable
from mcp_odoo.identity.linking import (
    LINK_PATH,
    AccountLinkOffer,
    ExpiredLink,
    InvalidLink,
    LinkTicket,
    LinkTickets,
)
from mcp_odoo.identity.store import IdentityExists, IdentityStore, VerifyCredentials
from mcp_odoo.odoo.errors import AuthenticationFailed, OdooError

logger = logging.getLogger(__name__)

AUDITED_AS = "link_odoo_account"
"""The audit entry's tool name for a person linking their own account."""
COOKIE = "mcp_odoo_link"
MAX_BODY_BYTES = 8_192
MAX_LOGIN_CHARS = 256
MAX_KEY_CHARS = 512
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
NEW_LINK = "Ask your assistant again: the server answers with a new link."


def _page(name: str) -> Template:
    return Template((files(__package__) / "pages" / name).read_text(encoding="utf-8"))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def already_checked(login: str, api_key: str) -> None:
    """The store's check of a pair the page has just had Odoo accept."""


@dataclass
class AccountLinking:
    """Everything self-linking needs: the links, the MCP-side offer, the page's checks and stores.

    `audit` is the server's audit log, set when the MCP server is built.
    """

    tickets: LinkTickets
    offer: AccountLinkOffer
    store: IdentityStore
    verify: VerifyCredentials
    public_url: str
    allowed_origins: tuple[str, ...] = ()
    audit: AuditLog | None = None

    def __post_init__(self) -> None:
        self._form = _page("link.html")
        self._notice = _page("notice.html")
        self._style = (files(__package__) / "pages" / "page.css").read_text(encoding="utf-8")
        parts = urlsplit(self.public_url)
        self._origins = {_origin(self.public_url), *self.allowed_origins}
        self._cookie_path = parts.path.rstrip("/").removesuffix("/mcp") + LINK_PATH
        self._secure = parts.scheme == "https"

    def routes(self) -> list[Route]:
        path = f"{LINK_PATH}/{{link}}"
        return [Route(path, self.show, methods=["GET"]), Route(path, self.submit, methods=["POST"])]

    # ------------------------------------------------------------------ answers

    def _notice_page(
        self, status: int, title: str, message: str, *, kind: str = "", next_step: str = ""
    ) -> HTMLResponse:
        text = self._notice.substitute(
            style=self._style,
            title=html.escape(title),
            message=html.escape(message),
            kind=kind,
            next=html.escape(next_step),
        )
        return HTMLResponse(text, status_code=status, headers=HEADERS)

    def _form_page(
        self, ticket: LinkTicket, browser: str, *, status: int = 200, error: str = "", login: str = ""
    ) -> HTMLResponse:
        expires = datetime.fromtimestamp(ticket.expires_at, UTC).strftime("%H:%M UTC")
        text = self._form.substitute(
            style=self._style,
            subject=html.escape(ticket.subject),
            error=html.escape(error),
            login=html.escape(login, quote=True),
            form_token=self.tickets.form_token(ticket, browser),
            expires=expires,
        )
        response = HTMLResponse(text, status_code=status, headers=HEADERS)
        response.set_cookie(
            COOKIE,
            browser,
            max_age=int(self.tickets.ttl_seconds),
            path=self._cookie_path,
            secure=self._secure,
            httponly=True,
            samesite="strict",
        )
        return response

    def _read(self, request: Request) -> LinkTicket | HTMLResponse:
        try:
            return self.tickets.read(str(request.path_params["link"]))
        except InvalidLink:
            return self._notice_page(
                400, "Link not valid", "This server did not make this link.", kind="error"
            )
        except ExpiredLink:
            return self._notice_page(
                410, "Link expired", "This link has expired.", kind="error", next_step=NEW_LINK
            )

    # ------------------------------------------------------------------ GET

    async def show(self, request: Request) -> HTMLResponse:
        ticket = self._read(request)
        if isinstance(ticket, HTMLResponse):
            return ticket
        if await self.store.get(ticket.subject) is not None:
            return self._linked_already(ticket)
        browser = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
        return self._form_page(ticket, browser)

    def _linked_already(self, ticket: LinkTicket) -> HTMLResponse:
        return self._notice_page(
            409,
            "Already linked",
            f"An Odoo account is already linked to {ticket.subject}.",
            next_step="Unlink it first (the unlink_odoo_account tool) to link another one.",
        )

    # ------------------------------------------------------------------ POST

    async def submit(self, request: Request) -> HTMLResponse:
        if request.headers.get("origin") not in self._origins:
            return self._notice_page(
                403, "Refused", "This form must be sent from this server's page.", kind="error"
            )
        ticket = self._read(request)
        if isinstance(ticket, HTMLResponse):
            return ticket
        fields = await _form_fields(request)
        if fields is None:
            return self._notice_page(400, "Refused", "The form could not be read.", kind="error")
        browser = request.cookies.get(COOKIE, "")
        expected = self.tickets.form_token(ticket, browser) if browser else ""
        if not expected or not secrets.compare_digest(fields.get("form_token", ""), expected):
            return self._notice_page(
                403, "Refused", "This form was not opened in this browser.", kind="error", next_step=NEW_LINK
            )
        login, api_key = fields.get("login", "").strip(), fields.get("api_key", "")
        if not login or not api_key or len(login) > MAX_LOGIN_CHARS or len(api_key) > MAX_KEY_CHARS:
            return self._form_page(
                ticket, browser, status=422, error="Give your Odoo login and an API key.", login=login
            )
        return await self._link(request, ticket, browser, login, api_key)

    async def _link(
        self, request: Request, ticket: LinkTicket, browser: str, login: str, api_key: str
    ) -> HTMLResponse:
        started = time.perf_counter()
        try:
            await self.verify(login, api_key)
        except AuthenticationFailed:
            await self._audit(request, ticket, login, started, "refused", "authentication_failed")
            return self._form_page(
                ticket,
                browser,
                status=422,
                error="Odoo did not accept this login and API key (the key must be one of this login's).",
                login=login,
            )
        except OdooError as exc:
            logger.warning(
                "account linking for %r: Odoo could not check the key: %s", ticket.subject, exc.kind
            )
            await self._audit(request, ticket, login, started, "error", str(exc.kind))
            return self._notice_page(
                502,
                "Odoo unavailable",
                "Odoo could not check the key right now.",
                kind="error",
                next_step="Try again in a moment.",
            )
        try:
            spent = await self.tickets.spend(ticket)
        except ConfirmationUnavailable:
            return self._notice_page(
                503, "Try again", "The server cannot record the link right now.", kind="error"
            )
        if not spent:
            return self._notice_page(
                410, "Link already used", "This link was already used.", kind="error", next_step=NEW_LINK
            )
        try:
            await self.store.add(ticket.subject, login, api_key, verify=already_checked, origin="self")
        except IdentityExists:
            return self._linked_already(ticket)
        await self._audit(request, ticket, login, started, "ok", None)
        logger.info("caller %r linked the Odoo login %r", ticket.subject, login)
        return self._notice_page(
            200,
            "Account linked",
            f"Your Odoo account {login} is linked to {ticket.subject}.",
            kind="success",
            next_step="Go back to your assistant and try again. Unlink it at any time with the "
            "unlink_odoo_account tool.",
        )

    async def _audit(
        self,
        request: Request,
        ticket: LinkTicket,
        login: str,
        started: float,
        outcome: Outcome,
        error_kind: str | None,
    ) -> None:
        if self.audit is None:
            return
        entry = AuditEntry(
            client_id=None,
            subject=ticket.subject,
            odoo_login=login,
            odoo_uid=None,
            tool=AUDITED_AS,
            model=None,
            method=None,
            arguments={"login": login},
            outcome=outcome,
            error_kind=error_kind,
            duration_ms=(time.perf_counter() - started) * 1000,
            request_id=request.headers.get("x-request-id"),
        )
        try:
            await self.audit.record(entry)
        except Exception as exc:
            logger.error("audit entry for %s was not stored: %s", AUDITED_AS, exc)


async def _form_fields(request: Request) -> dict[str, str] | None:
    """The form's fields (one value each), or None when the body is not a small urlencoded form."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    try:
        parsed: dict[str, Any] = parse_qs(body.decode("utf-8"), max_num_fields=10, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in parsed.items() if values}
