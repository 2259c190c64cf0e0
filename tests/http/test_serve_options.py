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
