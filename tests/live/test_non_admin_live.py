"""The live user has no Administration rights, and the server works for it; what only an administrator can
set up (a user without an email address) is tested with the admin key, skipped without one."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from live_support import OpenLive
from mcp_types import TextResourceContents
from pydantic import SecretStr

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import PermissionDenied
from mcp_odoo.packs.crm import POSTS_WITHOUT_EMAIL_SINCE
from mcp_odoo.settings import OdooSettings, Protocol, load_odoo_settings, load_odoo_target
from tool_results import text_of


async def test_the_live_user_is_not_an_administrator() -> None:
    """Odoo refuses ir.model to an internal user without Administration rights: the tier runs as one."""
    async with OdooClient(load_odoo_settings()) as client:
        with pytest.raises(PermissionDenied, match=r"ir\.model"):
            await client.search_count("ir.model", [])


async def test_models_labels_and_apps_answer_for_the_live_user(open_live: OpenLive) -> None:
    async with open_live() as live:
        listed = (await live.ok("list_models", query="partner"))["models"]
        described = await live.ok("describe_model", model="res.partner", fields=["name"])
        apps = (await live.client.read_resource("odoo://apps")).contents[0]
    assert {"model": "res.partner", "label": "Contact"} in listed
    assert described["label"] == "Contact"
    assert isinstance(apps, TextResourceContents)
    assert "| Sales |" in apps.text


@pytest.fixture
async def user_without_email(admin: OdooSettings) -> AsyncIterator[OdooSettings]:
    """A new internal user (Odoo's default rights) without an email address, signing in with a password
    (not with ODOO_API_KEY, the live user's); archived afterwards. Creating users needs the administrator."""
    login, password = f"mcp-odoo-live-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    async with OdooClient(admin) as client:
        uid = await client.create(
            "res.users", {"name": f"mcp-odoo live {login[-8:]}", "login": login, "password": password}
        )
        try:
            target = load_odoo_target()
            protocol = Protocol.JSONRPC if target.protocol is Protocol.JSON2 else target.protocol
            yield OdooSettings(
                **{**target.model_dump(), "protocol": protocol},
                user=login,
                api_key=None,
                password=SecretStr(password),
            )
        finally:
            await client.write("res.users", [uid], {"active": False})


async def test_log_note_names_the_user_that_odoo_wants_an_email_address_for(
    user_without_email: OdooSettings, open_live: OpenLive
) -> None:
    """Admin-only set-up. Odoo 16-18 refuse message_post from a user without email; 19 posts."""
    async with OdooClient(user_without_email) as client:
        major = (await client.connect()).major
    async with open_live(odoo=user_without_email, allow_writes=True) as live:
        user = await live.first("res.users", [["login", "=", user_without_email.user]], ["partner_id"])
        result = await live.call(
            "log_note", model="res.partner", record=user["partner_id"]["id"], body="mcp-odoo live note"
        )
    if major >= POSTS_WITHOUT_EMAIL_SINCE:
        assert not result.is_error, text_of(result)
    else:
        assert result.is_error
        assert f"Odoo user {user_without_email.user!r}" in text_of(result)
        assert "no email address" in text_of(result)
