"""Identities checked against, and connected to, a simulated Odoo over real HTTP."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from mcp_odoo.identity import IdentityStore, OdooCredentials
from mcp_odoo.identity.odoo_login import odoo_key_check, odoo_settings_for
from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import AuthenticationFailed
from mcp_odoo.settings import OdooSettings, OdooTarget
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator

SERVICE_KEY = DEMO_CREDENTIALS["mcp_bot"]["api_key"]
LIMITED_KEY = DEMO_CREDENTIALS["limited"]["api_key"]


def service_settings(url: str) -> OdooSettings:
    """The server's own Odoo settings (the shared service identity)."""
    return OdooSettings(url=url, user="mcp_bot", api_key=SecretStr(SERVICE_KEY), company_ids=[1])


@pytest.fixture
def base(running_odoo: RunningSimulator) -> OdooSettings:
    return service_settings(running_odoo.base_url)


def test_identity_settings_keep_the_server_and_swap_the_user() -> None:
    settings = odoo_settings_for(
        service_settings("https://odoo.test"), OdooCredentials("limited", LIMITED_KEY)
    )
    assert (settings.url, settings.company_ids, settings.user, settings.secret) == (
        "https://odoo.test",
        [1],
        "limited",
        LIMITED_KEY,
    )


def test_identity_settings_never_carry_a_password() -> None:
    base = OdooSettings(url="https://odoo.test", user="mcp_bot", password=SecretStr("throwaway-password"))
    settings = odoo_settings_for(base, OdooCredentials("limited", LIMITED_KEY))
    assert (settings.password, settings.uses_api_key) == (None, True)


def test_identity_settings_never_carry_a_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ODOO_PASSWORD", "throwaway-password")
    target = OdooTarget(url="https://odoo.test", company_ids=[1])
    settings = odoo_settings_for(target, OdooCredentials("limited", LIMITED_KEY))
    assert (settings.url, settings.company_ids, settings.user, settings.password) == (
        "https://odoo.test",
        [1],
        "limited",
        None,
    )


async def test_a_key_is_checked_against_odoo_with_only_a_target(
    store: IdentityStore, running_odoo: RunningSimulator
) -> None:
    target = OdooTarget(url=running_odoo.base_url)
    await store.add("carol", "limited", LIMITED_KEY, verify=odoo_key_check(target))
    assert await store.get("carol") == OdooCredentials("limited", LIMITED_KEY)


async def test_key_accepted_by_odoo_is_stored(store: IdentityStore, base: OdooSettings) -> None:
    await store.add("carol", "limited", LIMITED_KEY, verify=odoo_key_check(base))
    assert await store.get("carol") == OdooCredentials("limited", LIMITED_KEY)


async def test_key_refused_by_odoo_is_not_stored(store: IdentityStore, base: OdooSettings) -> None:
    with pytest.raises(AuthenticationFailed):
        await store.add("carol", "limited", "throwaway-wrong-key", verify=odoo_key_check(base))
    assert await store.get("carol") is None


async def test_a_key_of_another_user_is_refused_even_where_odoo_reads_only_the_key(
    store: IdentityStore, base: OdooSettings
) -> None:
    """Odoo 18 (JSON-RPC) refuses the pair; JSON-2 (Odoo 19) signs in the key's owner, not the login."""
    with pytest.raises(AuthenticationFailed):
        await store.add("carol", "mcp_bot", LIMITED_KEY, verify=odoo_key_check(base))
    assert await store.get("carol") is None


async def test_stored_identity_connects_as_its_own_odoo_user(
    store: IdentityStore, base: OdooSettings
) -> None:
    await store.add("carol", "limited", LIMITED_KEY, verify=odoo_key_check(base))
    credentials = await store.get("carol")
    assert credentials is not None
    async with OdooClient(odoo_settings_for(base, credentials)) as client:
        info = await client.connect()
    async with OdooClient(base) as service:
        service_info = await service.connect()
    assert info.uid != service_info.uid
