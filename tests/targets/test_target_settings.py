"""``[targets.<name>]`` in the TOML file: several Odoo databases, each with its connection and its policy;
every mistake is one line naming the table and the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_odoo.settings import ConfigError, OdooSettings, ServerSettings, load_server_settings, load_targets

TWO_TARGETS = """
[server]
allow_writes = false
max_limit = 300

[targets.production]
url = "https://erp.example.com"
db = "prod"
user = "bot"
api_key_env = "PROD_ODOO_KEY"
lang = "fr_FR"

[targets.staging]
url = "https://staging.example.com/"
db = "staging"
user = "bot"
api_key = "staging-key"
protocol = "jsonrpc"
allow_writes = true
denied_models = ["hr.employee"]
"""


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mcp-odoo.toml"
    path.write_text(text)
    return path


def test_targets_come_in_file_order_with_their_own_connection_and_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROD_ODOO_KEY", "prod-key")
    monkeypatch.setenv("ODOO_URL", "https://from-the-environment.example.com")
    path = config(tmp_path, TWO_TARGETS)
    production, staging = load_targets(path, load_server_settings(path))
    assert (production.name, staging.name) == ("production", "staging")
    assert production.odoo.url == "https://erp.example.com"
    assert isinstance(production.odoo, OdooSettings)
    assert production.odoo.secret == "prod-key"
    assert production.odoo.lang == "fr_FR"
    assert staging.odoo.url == "https://staging.example.com"
    assert staging.odoo.protocol == "jsonrpc"
    assert staging.odoo.lang is None
    assert (production.policy.allow_writes, staging.policy.allow_writes) == (False, True)
    assert staging.policy.denied_models == ["hr.employee"]
    assert production.policy.max_limit == staging.policy.max_limit == 300


def test_a_file_without_targets_has_none(tmp_path: Path) -> None:
    path = config(tmp_path, '[odoo]\nurl = "https://erp.example.com"\n')
    assert load_targets(path, ServerSettings()) == []
    assert load_targets(None, ServerSettings()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[odoo]\nurl = "https://a.example"\n'
            '[targets.a]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\n',
            "[odoo] and [targets.<name>] exclude each other",
        ),
        (
            '[targets.Prod]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\n',
            "[targets.Prod] is not a usable",
        ),
        (
            '[targets.report]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\n',
            "[targets.report] is not a usable",
        ),
        (
            '[targets.a]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\nspeed = 3\n',
            "[targets.a] speed: unknown",
        ),
        (
            '[targets.a]\nurl = "https://a.example"\nuser = "u"\n',
            "[targets.a] ODOO_API_KEY (or ODOO_PASSWORD) is required",
        ),
        (
            '[targets.a]\nurl = "ftp://a.example"\nuser = "u"\napi_key = "k"\n',
            "[targets.a] URL: must start with http",
        ),
        (
            '[targets.a]\nurl = "https://a.example"\nuser = "u"\napi_key_env = "NO_SUCH_VARIABLE_X"\n',
            "NO_SUCH_VARIABLE_X is not set",
        ),
        (
            '[targets.a]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\nmax_limit = 0\n',
            "[targets.a] MAX_LIMIT",
        ),
        ("targets = 3\n", "declare each Odoo target as a table"),
    ],
)
def test_a_mistake_is_one_line_naming_the_table(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_targets(config(tmp_path, text), ServerSettings())
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_connection_flags_do_not_mix_with_targets(tmp_path: Path) -> None:
    path = config(tmp_path, '[targets.a]\nurl = "https://a.example"\nuser = "u"\napi_key = "k"\n')
    with pytest.raises(ConfigError, match=r"--url: with \[targets.<name>\] in the file"):
        load_targets(path, ServerSettings(), url="https://b.example", db=None)


def test_passthrough_targets_need_no_service_user(tmp_path: Path) -> None:
    """Each caller signs in to every target with its own stored login and key."""
    path = config(
        tmp_path,
        '[targets.production]\nurl = "https://erp.example.com"\n'
        '[targets.staging]\nurl = "https://staging.example.com"\nallow_writes = true\n',
    )
    passthrough = ServerSettings(
        identity_mode="passthrough",
        auth_mode="static",
        public_url="https://mcp.example.com/mcp",
        secret_key="k" * 32,
    )
    production, staging = load_targets(path, passthrough)
    assert not isinstance(production.odoo, OdooSettings)
    assert staging.odoo.url == "https://staging.example.com"
    assert staging.policy.allow_writes
    with pytest.raises(ConfigError, match=r"\[targets.production\] USER: is required"):
        load_targets(path, ServerSettings())
