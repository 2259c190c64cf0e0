"""The auth and identity settings: inconsistent combinations fail with one line naming the setting."""

from __future__ import annotations

import pytest

from mcp_odoo.identity import generate_secret_key
from mcp_odoo.settings import AuthMode, ConfigError, IdentityMode, load_server_settings

PUBLIC_URL = "https://mcp.example.test/mcp"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AUTH_MODE", "IDENTITY_MODE", "PUBLIC_URL", "SECRET_KEY", "OAUTH_ISSUER", "OAUTH_JWKS_URL"):
        monkeypatch.delenv(f"MCP_ODOO_{name}", raising=False)


def refusal(**flags: object) -> str:
    with pytest.raises(ConfigError) as raised:
        load_server_settings(None, **flags)
    return str(raised.value)


def test_auth_is_off_by_default() -> None:
    settings = load_server_settings(None)
    assert settings.http.auth_mode is AuthMode.NONE
    assert settings.identity.mode is IdentityMode.SHARED


def test_passthrough_needs_authentication() -> None:
    assert "MCP_ODOO_AUTH_MODE static or oauth" in refusal(identity_mode="passthrough")


def test_passthrough_needs_the_secret_key() -> None:
    message = refusal(identity_mode="passthrough", auth_mode="static", public_url=PUBLIC_URL)
    assert "needs MCP_ODOO_SECRET_KEY" in message


def test_static_tokens_need_the_public_url() -> None:
    assert "needs MCP_ODOO_PUBLIC_URL" in refusal(auth_mode="static")


def test_oauth_needs_an_issuer() -> None:
    assert "needs MCP_ODOO_OAUTH_ISSUER" in refusal(auth_mode="oauth", public_url=PUBLIC_URL)


def test_oauth_needs_exactly_one_way_to_check_tokens() -> None:
    message = refusal(auth_mode="oauth", public_url=PUBLIC_URL, oauth_issuer="https://issuer.test")
    assert "exactly one of MCP_ODOO_OAUTH_JWKS_URL and MCP_ODOO_OAUTH_INTROSPECTION_URL" in message


def test_introspection_needs_client_credentials() -> None:
    message = refusal(
        auth_mode="oauth",
        public_url=PUBLIC_URL,
        oauth_issuer="https://issuer.test",
        oauth_introspection_url="https://issuer.test/introspect",
    )
    assert "MCP_ODOO_OAUTH_CLIENT_ID" in message


def test_the_write_budget_cannot_exceed_the_request_budget() -> None:
    assert "MCP_ODOO_RATE_LIMIT_WRITES" in refusal(rate_limit_requests=5, rate_limit_writes=6)


def test_a_complete_passthrough_configuration_loads() -> None:
    settings = load_server_settings(
        None,
        auth_mode="static",
        identity_mode="passthrough",
        public_url=PUBLIC_URL,
        secret_key=generate_secret_key(),
    )
    assert settings.http.audience == PUBLIC_URL


def test_required_scopes_read_from_a_space_separated_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_ODOO_REQUIRED_SCOPES", "odoo:read profile")
    assert load_server_settings(None).http.required_scopes == ["odoo:read", "profile"]
