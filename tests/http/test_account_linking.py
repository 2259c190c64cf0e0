"""A person without an Odoo user links their own account on the server's page, out of the chat.

The team server (identity passthrough) answers carol, who has a token but no Odoo user, with a URL-mode
elicitation (2025-11-25: error -32042; 2026-07-28: an input_required result) to its own page; the page
checks the login and key with Odoo, stores the key encrypted and audits the event; the original call then
succeeds as carol's own Odoo user. The key never appears in an MCP message, a log line or the audit.
The page refuses cross-site posts, forms opened in another browser, tampered, expired and reused links.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import mcp_types as types
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import URL_ELICITATION_REQUIRED
from team_server import BASE_URL, MCP_URL, Team, team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.calls.confirm import MemoryNonces
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.cli.identity_actions import users_list
from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend, generate_secret_key
from mcp_odoo.identity.linking import LinkTickets, link_base
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS

PUBLIC_ORIGIN = "https://mcp.test"
CAROL_LOGIN = "limited"
CAROL_KEY = DEMO_CREDENTIALS[CAROL_LOGIN]["api_key"]
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


class RecordingTransport(httpx2.AsyncBaseTransport):
    """The MCP client's HTTP traffic, every byte of it, for the no-key-anywhere check."""

    def __init__(self, inner: httpx2.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: list[bytes] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.seen.append(request.content)
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        self.seen.append(body)
        return httpx2.Response(response.status_code, headers=response.headers, content=body)


@asynccontextmanager
async def client_of(
    team: Team, person: str, mode: str, elicit: Any | None, transport: httpx2.AsyncBaseTransport | None = None
) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {team.tokens[person]}"}
    async with (
        httpx2.AsyncClient(transport=transport or team.transport, base_url=BASE_URL, headers=headers) as http,
        Client(
            streamable_http_client(MCP_URL, http_client=http),
            mode=mode,
            elicitation_callback=elicit,
        ) as client,
    ):
        yield client


def browser_for(team: Team) -> httpx2.AsyncClient:
    """A browser reaching the server at its public URL (cookies kept, HTTPS as the public URL says)."""
    return httpx2.AsyncClient(transport=team.transport, base_url=PUBLIC_ORIGIN)


async def fill_in(
    browser: httpx2.AsyncClient, url: str, login: str, key: str, *, origin: str = PUBLIC_ORIGIN
) -> httpx2.Response:
    """Open the page, then send its form as a person would."""
    page = await browser.get(url)
    assert page.status_code == 200, page.text
    token = FORM_TOKEN.search(page.text)
    assert token is not None
    form = {"form_token": token[1], "login": login, "api_key": key}
    return await browser.post(url, data=form, headers={"Origin": origin})


async def link_url_for(team: Team, person: str) -> str:
    """The link a legacy (2025-11-25) client is given in its -32042 error (the server keeps sessions)."""
    async with client_of(team, person, "legacy", declined) as client:
        with pytest.raises(MCPError) as raised:
            await client.call_tool("count_records", {"model": "sale.order"})
    assert raised.value.code == URL_ELICITATION_REQUIRED
    (elicitation,) = raised.value.data["elicitations"]
    assert elicitation["mode"] == "url"
    assert elicitation["elicitationId"]
    return str(elicitation["url"])


async def declined(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="decline")


def store_of(tmp_path: Path) -> IdentityStore:
    """The team server's store, to read its list (listing decrypts nothing, so any key opens it)."""
    return IdentityStore(SqliteBackend(tmp_path / "identities.sqlite3"), SecretBox(generate_secret_key()))


async def test_an_unlinked_person_is_sent_to_the_servers_own_linking_page(tmp_path: Path) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        url = await link_url_for(team, "carol")
        calls = team.simulator.calls.total
    assert url.startswith(f"{link_base('https://mcp.test/mcp')}/link/")
    assert calls == 0


async def test_linking_then_retrying_acts_as_the_persons_own_user_and_the_key_goes_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pages: list[httpx2.Response] = []
    async with team_server(tmp_path) as team:

        async def link_in_the_browser(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
            assert isinstance(params, types.ElicitRequestURLParams)
            async with browser_for(team) as browser:
                pages.append(await fill_in(browser, params.url, CAROL_LOGIN, CAROL_KEY))
            return types.ElicitResult(action="accept")

        recording = RecordingTransport(team.transport)
        async with client_of(team, "carol", "auto", link_in_the_browser, recording) as client:
            result = await client.call_tool("count_records", {"model": "sale.order"})
            who = await client.read_resource("odoo://user")
        entries = await team.audit.query(AuditQuery(last=100))
        listing = await users_list(store_of(tmp_path))
    assert not result.is_error, result.content
    assert (pages[0].status_code, "Account linked") == (200, "Account linked")
    assert "linked to carol" in pages[0].text
    assert "limited" in who.contents[0].text  # type: ignore[union-attr]
    linked = [entry for entry in entries if entry.tool == "link_odoo_account"]
    assert [(entry.subject, entry.odoo_login, entry.outcome) for entry in linked] == [
        ("carol", CAROL_LOGIN, "ok")
    ]
    assert next(line for line in listing.splitlines() if line.startswith("carol")).split()[1:3] == [
        CAROL_LOGIN,
        "self",
    ]
    key = CAROL_KEY.encode()
    assert all(key not in message for message in recording.seen)
    assert CAROL_KEY not in caplog.text
    assert all(CAROL_KEY not in entry.model_dump_json() for entry in entries)
    assert files_holding(tmp_path, key) == []


def files_holding(folder: Path, secret: bytes) -> list[str]:
    """The files (identity store, audit log ...) whose bytes contain `secret`."""
    return [path.name for path in folder.iterdir() if path.is_file() and secret in path.read_bytes()]


async def test_a_legacy_client_retries_after_linking(tmp_path: Path) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        url = await link_url_for(team, "carol")
        async with browser_for(team) as browser:
            page = await fill_in(browser, url, CAROL_LOGIN, CAROL_KEY)
        async with client_of(team, "carol", "legacy", declined) as client:
            result = await client.call_tool("count_records", {"model": "sale.order"})
    assert page.status_code == 200
    assert not result.is_error, result.content


async def test_a_client_without_url_elicitation_is_refused_and_never_shown_a_link(tmp_path: Path) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        result = await team.call("carol", "count_records", model="sale.order")
    assert result.is_error
    error = (result.meta or {})[ERROR_META_KEY]
    assert "link your Odoo account on the page this server offers" in error["hint"]
    assert "/link/" not in str(result.content)


async def test_a_wrong_key_or_another_users_key_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        url = await link_url_for(team, "carol")
        async with browser_for(team) as browser:
            wrong = await fill_in(browser, url, CAROL_LOGIN, "throwaway-wrong-key")
            borrowed = await fill_in(browser, url, CAROL_LOGIN, DEMO_CREDENTIALS["mcp_bot"]["api_key"])
            fixed = await fill_in(browser, url, CAROL_LOGIN, CAROL_KEY)
        entries = await team.audit.query(AuditQuery(last=100, tool="link_odoo_account"))
    assert (wrong.status_code, borrowed.status_code, fixed.status_code) == (422, 422, 200)
    assert "Odoo did not accept this login and API key" in wrong.text
    assert "throwaway-wrong-key" not in wrong.text
    assert f'value="{CAROL_LOGIN}"' in wrong.text
    assert [entry.outcome for entry in reversed(entries)] == ["refused", "refused", "ok"]


async def test_the_page_refuses_cross_site_posts_other_browsers_tampered_and_used_links(
    tmp_path: Path,
) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        url = await link_url_for(team, "carol")
        async with browser_for(team) as browser, browser_for(team) as other:
            cross_site = await fill_in(browser, url, CAROL_LOGIN, CAROL_KEY, origin="https://evil.test")
            no_origin = await browser.post(url, data={"login": CAROL_LOGIN, "api_key": CAROL_KEY})
            page = await browser.get(url)
            token = FORM_TOKEN.search(page.text)
            assert token is not None
            form = {"form_token": token[1], "login": CAROL_LOGIN, "api_key": CAROL_KEY}
            elsewhere = await other.post(url, data=form, headers={"Origin": PUBLIC_ORIGIN})
            subject, rest = urlsplit(url).path.removeprefix("/link/").split(".", 1)
            tampered = await browser.get(f"{PUBLIC_ORIGIN}/link/{subject}x.{rest}")
            done = await browser.post(url, data=form, headers={"Origin": PUBLIC_ORIGIN})
            replayed = await browser.post(url, data=form, headers={"Origin": PUBLIC_ORIGIN})
            reopened = await browser.get(url)
    assert (cross_site.status_code, no_origin.status_code, elsewhere.status_code) == (403, 403, 403)
    assert (tampered.status_code, done.status_code, replayed.status_code) == (400, 200, 410)
    assert reopened.status_code == 409
    for response in (page, done):
        assert response.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    cookie = page.headers["set-cookie"].lower()
    assert all(part in cookie for part in ("httponly", "samesite=strict", "secure", "path=/link"))


def test_links_are_bound_to_their_subject_and_expire() -> None:
    now = [1_000.0]
    tickets = LinkTickets(b"k" * 32, MemoryNonces(), ttl_seconds=600, clock=lambda: now[0])
    text, ticket = tickets.issue("carol")
    assert tickets.read(text) == ticket
    assert ticket.subject == "carol"
    other = LinkTickets(b"x" * 32, MemoryNonces(), ttl_seconds=600)
    with pytest.raises(Exception, match="signature"):
        other.read(text)
    now[0] += 601
    with pytest.raises(Exception, match="expired"):
        tickets.read(text)


def test_the_link_follows_the_public_url_behind_a_proxy_prefix() -> None:
    assert link_base("https://erp.example.com/odoo-mcp/mcp") == "https://erp.example.com/odoo-mcp"
    assert link_base("https://mcp.example.com/mcp/") == "https://mcp.example.com"


async def test_a_person_unlinks_their_account_and_is_offered_to_link_again(tmp_path: Path) -> None:
    async with team_server(tmp_path, stateless=False) as team:
        before = await team.call("alice", "count_records", model="sale.order")
        unlinked = await team.call("alice", "unlink_odoo_account")
        again = await link_url_for(team, "alice")
        twice = await team.call("alice", "unlink_odoo_account")
        listing = await users_list(store_of(tmp_path))
    assert not before.is_error
    assert (unlinked.structured_content or {}) == {"subject": "alice", "login": "mcp_bot"}
    assert "/link/" in again
    assert twice.is_error
    assert not any(line.startswith("alice") for line in listing.splitlines())


async def test_declining_the_link_ends_with_the_usual_refusal_and_no_second_ask(tmp_path: Path) -> None:
    asked: list[str] = []

    async def decline_once(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.mode)
        return types.ElicitResult(action="decline")

    async with team_server(tmp_path) as team, client_of(team, "carol", "auto", decline_once) as client:
        result = await client.call_tool("count_records", {"model": "sale.order"})
    assert asked == ["url"]
    assert result.is_error
    assert "no Odoo user is mapped" in str(result.content)


async def test_reading_a_resource_or_a_prompt_unlinked_offers_the_page_too(tmp_path: Path) -> None:
    async with (
        team_server(tmp_path, stateless=False) as team,
        client_of(team, "carol", "legacy", declined) as client,
    ):
        with pytest.raises(MCPError) as resource:
            await client.read_resource("odoo://user")
        with pytest.raises(MCPError) as prompt:
            await client.get_prompt("overdue_review", {})
    assert resource.value.code == prompt.value.code == URL_ELICITATION_REQUIRED
