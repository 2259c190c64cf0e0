"""Linking a person's own Odoo account, the MCP side: single-use links and the URL-mode elicitation.

When an authenticated caller has no Odoo user yet (passthrough mode), `AccountLinkOffer` answers its
tool call, resource read or prompt with a URL-mode elicitation (MCP 2025-11-25: the
``-32042`` URL-elicitation-required error; 2026-07-28: an ``input_required`` result carrying the same
request) pointing at this server's own page (`mcp_odoo.http.linking`). The person signs in to Odoo
there, out of the chat, so the key never travels in an MCP message; then the original call is retried.

A link is ``<subject>.<expiry ms>.<nonce>.<HMAC>``: short-lived, bound to the caller's subject by a key
derived from ``MCP_ODOO_SECRET_KEY`` (any replica verifies it), and single use (its nonce is claimed,
in Redis when configured, once the account is linked).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mcp.server.context import HandlerResult, ServerRequestContext
from mcp.shared.exceptions import UrlElicitationRequiredError
from mcp_types import ElicitRequest, ElicitRequestURLParams, InputRequiredResult
from mcp_types.version import is_version_at_least

from mcp_odoo.calls.confirm import UsedNonces

logger = logging.getLogger(__name__)

LINK_PATH = "/link"
"""Where the account-linking page is served, beside ``/mcp``."""
LINK_REQUEST = "link_odoo_account"
"""The key of the URL elicitation in an ``input_required`` result."""
OFFERED_METHODS = frozenset({"tools/call", "resources/read", "prompts/get"})
UNLINK_TOOL = "unlink_odoo_account"
"""The tool removing a person's link: a caller without one is refused it, not offered to link."""
INPUT_REQUIRED_VERSION = "2026-07-28"
MESSAGE = (
    "This server acts as your own Odoo user, and none is linked to you yet. Open the page to sign in to "
    "Odoo with your login and an API key (it stays between you, this server and Odoo), then try again."
)


class InvalidLink(Exception):
    """Not a link this server made (malformed, or its signature does not match)."""


class ExpiredLink(Exception):
    """A genuine link, past its expiry."""


@dataclass(frozen=True)
class LinkTicket:
    subject: str
    nonce: str
    expires_at: float
    """Wall-clock seconds (replicas' clocks should agree)."""


def link_key(secret_keys: str) -> bytes:
    """The HMAC key of links, derived from the first of the configured secret keys."""
    first = secret_keys.split(",")[0].strip()
    return hmac.new(first.encode(), b"mcp-odoo account linking", hashlib.sha256).digest()


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")


def _decode(text: str) -> str:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidLink("malformed subject") from None


class LinkTickets:
    """Issues and checks account-linking links; `spend` makes one single use."""

    def __init__(
        self,
        key: bytes,
        used: UsedNonces,
        *,
        ttl_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = key
        self._used = used
        self.ttl_seconds = ttl_seconds
        self._clock = clock

    def _mac(self, *parts: str) -> str:
        digest = hmac.new(self._key, "\n".join(parts).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def issue(self, subject: str) -> tuple[str, LinkTicket]:
        """A fresh link for `subject`: its text (for the URL) and what it says."""
        expires_ms = math.ceil((self._clock() + self.ttl_seconds) * 1000)
        nonce = secrets.token_urlsafe(18)
        encoded = _encode(subject)
        text = f"{encoded}.{expires_ms}.{nonce}.{self._mac('link', encoded, str(expires_ms), nonce)}"
        return text, LinkTicket(subject, nonce, expires_ms / 1000)

    def read(self, text: str) -> LinkTicket:
        """What a link says; InvalidLink when this server did not make it, ExpiredLink when it is too old."""
        parts = text.split(".")
        if len(parts) != 4 or not parts[1].isdigit():
            raise InvalidLink("malformed link")
        encoded, expires, nonce, mac = parts
        if not hmac.compare_digest(mac, self._mac("link", encoded, expires, nonce)):
            raise InvalidLink("signature mismatch")
        ticket = LinkTicket(_decode(encoded), nonce, int(expires) / 1000)
        if ticket.expires_at <= self._clock():
            raise ExpiredLink("expired")
        return ticket

    async def spend(self, ticket: LinkTicket) -> bool:
        """Use the link up; False when it was already used."""
        remaining = math.ceil(ticket.expires_at - self._clock()) + 1
        return await self._used.claim(f"link:{ticket.nonce}", max(remaining, 1))

    def form_token(self, ticket: LinkTicket, browser: str) -> str:
        """The anti-CSRF token of the link's form: bound to the link and to the browser's cookie."""
        return self._mac("form", ticket.nonce, browser)


def link_base(public_url: str) -> str:
    """Where this server is reached from outside: its public MCP URL without the trailing ``/mcp``."""
    return public_url.rstrip("/").removesuffix("/mcp")


def _supports_url_elicitation(ctx: ServerRequestContext[Any, Any]) -> bool:
    capabilities = ctx.session.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and elicitation.url is not None


def _already_answered(params: Mapping[str, Any] | None) -> bool:
    responses = (params or {}).get("inputResponses") or (params or {}).get("input_responses")
    return isinstance(responses, Mapping) and LINK_REQUEST in responses


class AccountLinkOffer:
    """Answers a request of a caller with no Odoo user with a URL elicitation to the linking page.

    Returns None (the request is then refused as before) when the method cannot reach Odoo, when the
    client does not support URL-mode elicitation (the link, a bearer capability, is never put in the
    chat), or when the person already answered this elicitation on this request (2026-07-28 retry)
    and the account is still not linked.
    """

    hint = (
        "link your Odoo account on the page this server offers (a client supporting URL elicitation "
        "opens it for you), or ask the administrator to run `mcp-odoo users add`; then retry"
    )

    def __init__(self, tickets: LinkTickets, public_url: str) -> None:
        self._tickets = tickets
        self._base = link_base(public_url)

    def url_for(self, subject: str) -> tuple[str, LinkTicket]:
        text, ticket = self._tickets.issue(subject)
        return f"{self._base}{LINK_PATH}/{text}", ticket

    async def __call__(self, ctx: ServerRequestContext[Any, Any], subject: str) -> HandlerResult:
        if ctx.method not in OFFERED_METHODS or not _supports_url_elicitation(ctx):
            return None
        if ctx.method == "tools/call" and (ctx.params or {}).get("name") == UNLINK_TOOL:
            return None
        modern = is_version_at_least(ctx.protocol_version, INPUT_REQUIRED_VERSION)
        if modern and _already_answered(ctx.params):
            return None
        url, ticket = self.url_for(subject)
        logger.info("caller %r has no Odoo user: offered the account-linking page", subject)
        if modern:
            request = ElicitRequest(params=ElicitRequestURLParams(message=MESSAGE, url=url))
            return InputRequiredResult(input_requests={LINK_REQUEST: request})
        raise UrlElicitationRequiredError(
            [ElicitRequestURLParams(message=MESSAGE, url=url, elicitation_id=ticket.nonce)],
            "link your Odoo account first",
        )
