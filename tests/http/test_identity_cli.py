"""`mcp-odoo users ...` and `mcp-odoo tokens ...`: what they print, and one line when they cannot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcp_odoo.cli import app
from mcp_odoo.identity import generate_secret_key
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator

LIMITED_KEY = DEMO_CREDENTIALS["limited"]["api_key"]


@pytest.fixture(autouse=True)
def identity_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No service Odoo user is configured: mapping people needs only where Odoo is."""
    for name in (
        "ODOO_DB",
        "ODOO_USER",
        "ODOO_API_KEY",
        "ODOO_PASSWORD",
        "ODOO_PROTOCOL",
        "MCP_ODOO_AUTH_MODE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MCP_ODOO_IDENTITY_STORE", str(tmp_path / "identities.sqlite3"))
    monkeypatch.setenv("MCP_ODOO_SECRET_KEY", generate_secret_key())
    monkeypatch.setenv("ODOO_RETRIES", "0")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_new_token_is_printed_once_and_listed_without_its_secret() -> None:
    code, out, _ = run("tokens", "add", "alice", "--scope", "odoo:read", "--scope", "odoo:write")
    token = next(line for line in out.splitlines() if line.startswith("mcpo_"))
    _, listed, _ = run("tokens", "list")
    assert code == 0
    assert "alice" in listed
    assert "odoo:read odoo:write" in listed
    assert token not in listed


def test_a_revoked_token_is_no_longer_listed() -> None:
    _, out, _ = run("tokens", "add", "alice")
    token_id = out.split()[1]
    code, _, _ = run("tokens", "revoke", token_id)
    _, listed, _ = run("tokens", "list")
    assert code == 0
    assert listed.strip() == "no tokens"


def test_an_unknown_scope_is_refused_in_one_line() -> None:
    code, _, err = run("tokens", "add", "alice", "--scope", "admin")
    assert code != 0
    assert err.strip().splitlines() == ["mcp-odoo: unknown scope(s) admin; known: odoo:read, odoo:write"]


def test_a_user_whose_key_odoo_accepts_is_mapped(running_odoo: RunningSimulator) -> None:
    code, out, _ = run(
        "users", "add", "bob", "--login", "limited", "--api-key", LIMITED_KEY, "--url", running_odoo.base_url
    )
    _, listed, _ = run("users", "list")
    assert code == 0
    assert "mapped 'bob' to Odoo login 'limited'" in out
    assert "bob" in listed
    assert LIMITED_KEY not in listed


def test_a_key_odoo_refuses_is_not_stored(running_odoo: RunningSimulator) -> None:
    code, _, err = run(
        "users",
        "add",
        "bob",
        "--login",
        "limited",
        "--api-key",
        "throwaway-wrong-key",
        "--url",
        running_odoo.base_url,
    )
    _, listed, _ = run("users", "list")
    assert code != 0
    [line] = err.strip().splitlines()
    assert line.startswith("mcp-odoo: authentication_failed: ")
    assert line.endswith("(do not retry: the Odoo login or API key is wrong, expired or revoked)")
    assert listed.strip() == "no identities"


def test_a_rotated_key_is_checked_against_odoo_before_it_replaces_the_old_one(
    running_odoo: RunningSimulator,
) -> None:
    url = ("--url", running_odoo.base_url)
    run("users", "add", "bob", "--login", "limited", "--api-key", LIMITED_KEY, *url)
    refused, _, err = run("users", "rotate", "bob", "--api-key", "throwaway-wrong-key", *url)
    accepted, out, _ = run("users", "rotate", "bob", "--api-key", LIMITED_KEY, *url)
    assert refused != 0
    assert "authentication_failed" in err
    assert accepted == 0, out


def test_removing_an_unmapped_subject_says_so() -> None:
    code, _, err = run("users", "remove", "nobody")
    assert code != 0
    assert "'nobody' is not mapped" in err


def test_users_commands_need_the_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MCP_ODOO_SECRET_KEY")
    code, _, err = run("users", "list")
    assert code != 0
    assert "MCP_ODOO_SECRET_KEY is not set" in err


def test_stored_keys_are_reencrypted_with_a_new_first_key(
    running_odoo: RunningSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("users", "add", "bob", "--login", "limited", "--api-key", LIMITED_KEY, "--url", running_odoo.base_url)
    monkeypatch.setenv("MCP_ODOO_SECRET_KEY", f"{generate_secret_key()},{os.environ['MCP_ODOO_SECRET_KEY']}")
    code, out, _ = run("users", "reencrypt")
    assert code == 0
    assert out.startswith("re-encrypted 1 API key(s)")
