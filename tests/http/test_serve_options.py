"""`mcp-odoo serve` with the HTTP auth options: inconsistent choices stop it with one line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mcp_odoo.cli import app


@pytest.fixture(autouse=True)
def odoo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", "http://odoo.invalid")
    monkeypatch.setenv("ODOO_USER", "mcp_bot")
    monkeypatch.setenv("ODOO_API_KEY", "throwaway-key")
    for name in (
        "MCP_ODOO_AUTH_MODE",
        "MCP_ODOO_IDENTITY_MODE",
        "MCP_ODOO_SECRET_KEY",
        "MCP_ODOO_PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)


def serve(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["serve", *args])
    return result.exit_code, result.stderr


def test_bearer_tokens_on_stdio_are_refused() -> None:
    code, err = serve("--auth-mode", "static", "--public-url", "https://mcp.example.test/mcp")
    assert code == 2
    assert "applies to --transport http only" in err


def test_passthrough_without_the_secret_key_is_refused() -> None:
    code, err = serve(
        "--transport",
        "http",
        "--auth-mode",
        "static",
        "--identity-mode",
        "passthrough",
        "--public-url",
        "https://mcp.example.test/mcp",
    )
    assert code == 2
    assert err.strip().splitlines() == [
        "mcp-odoo: configuration error: MCP_ODOO_IDENTITY_MODE=passthrough needs MCP_ODOO_SECRET_KEY"
    ]


@pytest.mark.parametrize(
    ("missing", "line"),
    [
        ("ODOO_USER", "ODOO_USER: is required"),
        ("ODOO_API_KEY", "ODOO_API_KEY (or ODOO_PASSWORD) is required"),
    ],
)
def test_shared_identity_without_a_service_credential_is_refused(
    monkeypatch: pytest.MonkeyPatch, missing: str, line: str
) -> None:
    monkeypatch.delenv(missing)
    monkeypatch.delenv("ODOO_PASSWORD", raising=False)
    code, err = serve(
        "--transport",
        "http",
        "--auth-mode",
        "static",
        "--identity-mode",
        "shared",
        "--public-url",
        "https://mcp.example.test/mcp",
    )
    assert code == 2
    assert err.strip().splitlines() == [f"mcp-odoo: configuration error: {line}"]


def test_stdio_without_a_service_user_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ODOO_USER")
    code, err = serve()
    assert code == 2
    assert err.strip().splitlines() == ["mcp-odoo: configuration error: ODOO_USER: is required"]
