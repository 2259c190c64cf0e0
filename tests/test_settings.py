"""Configuration: flags > environment > TOML file > defaults, and one clear line per mistake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mcp_odoo.settings import (
    FLAT_NAMES,
    GROUPS,
    AuditSettings,
    ConfigError,
    IdentityMode,
    IdentitySettings,
    OdooSettings,
    PolicySettings,
    Protocol,
    ServerSettings,
    load_odoo_settings,
    load_odoo_target,
    load_server_settings,
    service_credentials_set,
)

ODOO_VARIABLES = (
    "ODOO_URL",
    "ODOO_DB",
    "ODOO_USER",
    "ODOO_API_KEY",
    "ODOO_PASSWORD",
    "ODOO_PROTOCOL",
    "ODOO_TIMEOUT",
    "ODOO_LANG",
    "ODOO_TZ",
    "ODOO_COMPANY_IDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ODOO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("MCP_ODOO_ALLOW_WRITES", raising=False)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "mcp-odoo.toml"
    path.write_text(
        '[odoo]\nurl = "https://file.example.com/"\nuser = "file-user"\napi_key = "file-key"\ntimeout = 12\n'
        "[server]\nallow_writes = true\nmax_limit = 50\n"
    )
    return path


def test_file_values_are_used_when_nothing_else_is_set(config_file: Path) -> None:
    settings = load_odoo_settings(config_file)
    assert settings.url == "https://file.example.com"
    assert settings.user == "file-user"
    assert settings.timeout == 12
    assert settings.protocol is Protocol.AUTO


def test_environment_overrides_file(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_USER", "env-user")
    assert load_odoo_settings(config_file).user == "env-user"


def test_flags_override_environment(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_USER", "env-user")
    assert load_odoo_settings(config_file, user="flag-user").user == "flag-user"


def test_company_ids_are_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "http://odoo:8069")
    monkeypatch.setenv("ODOO_USER", "bot")
    monkeypatch.setenv("ODOO_API_KEY", "throwaway")
    monkeypatch.setenv("ODOO_COMPANY_IDS", "3, 1")
    assert load_odoo_settings().company_ids == [3, 1]


def test_api_key_is_preferred_over_password(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_odoo_settings(url="http://odoo", user="bot", api_key="key-1", password="pw")
    assert settings.secret == "key-1"
    assert "key-1" not in repr(settings)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"user": "bot", "api_key": "k"}, "ODOO_URL: is required"),
        (
            {"url": "ftp://odoo", "user": "bot", "api_key": "k"},
            "ODOO_URL: must start with http:// or https://",
        ),
        ({"url": "http://odoo", "user": "bot"}, "ODOO_API_KEY (or ODOO_PASSWORD) is required"),
        ({"url": "http://odoo", "user": "bot", "api_key": "k", "protocol": "soap"}, "ODOO_PROTOCOL:"),
        ({"url": "http://odoo", "user": "bot", "api_key": "k", "timeout": -1}, "ODOO_TIMEOUT:"),
        ({"url": "http://odoo", "user": "bot", "password": "p", "protocol": "json2"}, "needs ODOO_API_KEY"),
        ({"url": "http://odoo", "user": "bot", "api_key": "k", "company_ids": "1,x"}, "ODOO_COMPANY_IDS:"),
    ],
)
def test_invalid_configuration_is_one_clear_line(flags: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_odoo_settings(**flags)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_an_empty_login_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_USER", "")
    with pytest.raises(ConfigError) as caught:
        load_odoo_settings(url="http://odoo", api_key="k")
    assert str(caught.value) == "ODOO_USER: is required"


def test_the_odoo_target_needs_no_login_or_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "http://odoo:8069/")
    monkeypatch.setenv("ODOO_DB", "prod")
    monkeypatch.setenv("ODOO_COMPANY_IDS", "3,1")
    target = load_odoo_target()
    assert (target.url, target.db, target.company_ids) == ("http://odoo:8069", "prod", [3, 1])


def test_the_odoo_target_never_carries_a_configured_login_or_secret(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODOO_PASSWORD", "throwaway-password")
    target = load_odoo_target(config_file)
    assert not isinstance(target, OdooSettings)
    assert set(target.model_dump()).isdisjoint({"user", "api_key", "password"})


def test_the_odoo_target_still_needs_the_url() -> None:
    with pytest.raises(ConfigError) as caught:
        load_odoo_target()
    assert str(caught.value) == "ODOO_URL: is required"


def test_service_credentials_set_are_named_wherever_they_come_from(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODOO_PASSWORD", "throwaway-password")
    assert service_credentials_set(config_file) == ["ODOO_USER", "ODOO_API_KEY", "ODOO_PASSWORD"]


def test_no_service_credentials_set_names_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "http://odoo")
    monkeypatch.setenv("ODOO_API_KEY", "")
    assert service_credentials_set() == []


def test_a_service_login_given_as_a_flag_is_named() -> None:
    assert service_credentials_set(user="bot") == ["ODOO_USER"]


def test_missing_config_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_odoo_settings(tmp_path / "nope.toml")


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[odoo\nurl=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_odoo_settings(path)


def test_server_settings_are_read_only_by_default() -> None:
    settings = load_server_settings()
    assert settings.policy.allow_writes is False
    assert (settings.policy.default_limit, settings.policy.max_limit) == (20, 200)


def test_server_settings_from_file_and_environment(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_server_settings(config_file).policy.max_limit == 50
    monkeypatch.setenv("MCP_ODOO_ALLOW_WRITES", "0")
    assert load_server_settings(config_file).policy.allow_writes is False


def test_default_limit_cannot_exceed_max_limit() -> None:
    with pytest.raises(ConfigError, match="MCP_ODOO_DEFAULT_LIMIT must not exceed"):
        load_server_settings(default_limit=300, max_limit=100)


def test_grouped_settings_are_read_from_the_environment_under_their_public_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MCP_ODOO_AUDIT_PATH", "/srv/mcp/audit.sqlite3")
    monkeypatch.setenv("MCP_ODOO_IDENTITY_SCHEMA", "tenant_a")
    monkeypatch.setenv("MCP_ODOO_DENIED_MODELS", "res.partner, sale.order")
    monkeypatch.setenv("MCP_ODOO_METHODS", '[{"model": "sale.order", "method": "action_confirm"}]')
    settings = load_server_settings()
    assert settings.audit.path == Path("/srv/mcp/audit.sqlite3")
    assert settings.identity.store_schema == "tenant_a"
    assert settings.policy.denied_models == ["res.partner", "sale.order"]
    assert [rule.method for rule in settings.policy.methods] == ["action_confirm"]


def test_grouped_settings_are_read_from_the_file_under_their_public_names(tmp_path: Path) -> None:
    path = tmp_path / "mcp-odoo.toml"
    path.write_text(
        "[server]\naudit_required_for_writes = true\nidentity_cache_size = 8\ndisabled_packs = 'crm'\n"
        '[[server.methods]]\nmodel = "sale.order"\nmethod = "action_confirm"\n'
    )
    settings = load_server_settings(path)
    assert settings.audit.required_for_writes is True
    assert settings.identity.cache_size == 8
    assert settings.surface.disabled_packs == ["crm"]
    assert settings.policy.methods[0].model == "sale.order"


def test_code_gives_public_names_or_whole_groups_alike() -> None:
    by_name = ServerSettings(allow_writes=True, audit_path=Path("audit.sqlite3"), identity_mode="shared")
    by_group = ServerSettings(
        policy=PolicySettings(allow_writes=True),
        audit=AuditSettings(path=Path("audit.sqlite3")),
        identity=IdentitySettings(mode=IdentityMode.SHARED),
    )
    assert by_name == by_group


def test_a_group_given_whole_keeps_what_it_sets_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_ODOO_MAX_LIMIT", "50")
    monkeypatch.setenv("MCP_ODOO_ALLOW_WRITES", "true")
    settings = ServerSettings(policy=PolicySettings(max_limit=70))
    assert (settings.policy.max_limit, settings.policy.allow_writes) == (70, True)


def test_a_bad_grouped_value_is_named_by_its_public_name() -> None:
    with pytest.raises(ConfigError) as caught:
        load_server_settings(identity_cache_size=0)
    assert str(caught.value) == "MCP_ODOO_IDENTITY_CACHE_SIZE: Input should be greater than or equal to 1"


SERVER_VARIABLES = [
    "ALLOW_WRITES",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_RESPONSE_CHARS",
    "ENABLED_MODELS",
    "DENIED_MODELS",
    "METHODS",
    "AUDIT_PATH",
    "AUDIT_URL",
    "AUDIT_REQUIRED_FOR_WRITES",
    "DISABLED_PACKS",
    "QUERIES",
    "ACTIONS",
    "PROMPTS_DIR",
    "PDF_INLINE_MAX_BYTES",
    "CONFIRMATION_OFF",
    "CONFIRMATION_TTL_SECONDS",
    "IDENTITY_MODE",
    "IDENTITY_STORE",
    "IDENTITY_SCHEMA",
    "IDENTITY_CACHE_SIZE",
    "SELF_LINKING",
    "LINK_TTL_SECONDS",
    "SECRET_KEY",
    "AUTH_MODE",
    "PUBLIC_URL",
    "OAUTH_ISSUER",
    "OAUTH_AUDIENCE",
    "OAUTH_JWKS_URL",
    "OAUTH_INTROSPECTION_URL",
    "OAUTH_CLIENT_ID",
    "OAUTH_CLIENT_SECRET",
    "REQUIRED_SCOPES",
    "ALLOWED_HOSTS",
    "ALLOWED_ORIGINS",
    "REDIS_URL",
    "RATE_LIMIT_REQUESTS",
    "RATE_LIMIT_WRITES",
    "RATE_LIMIT_WINDOW_SECONDS",
    "REQUEST_STATE_KEYS",
    "STATELESS_HTTP",
    "JSON_LOGS",
    "METRICS_TOKEN",
    "SUBSCRIPTION_INTERVAL_SECONDS",
    "SUBSCRIPTION_CAP",
    "SUBSCRIPTION_QUERY_CAP",
    "SAVED_QUERIES",
    "JOB_PAGE_SIZE",
    "JOB_MAX_ROWS",
    "JOB_MAX_SECONDS",
    "JOB_CONCURRENCY",
    "EXPORT_RETENTION_SECONDS",
    "EXPORT_MAX_BYTES",
]
"""Every server variable (without MCP_ODOO_): renaming a field in its group must not rename its variable."""


def test_the_server_variables_are_the_public_names_of_the_groups() -> None:
    assert sorted(name.upper() for name in FLAT_NAMES) == sorted(SERVER_VARIABLES)
    assert len(FLAT_NAMES) == sum(len(group.model_fields) for group in GROUPS.values())
