"""`mcp-odoo check` against a real Odoo (any series 16-19 with the stock demo data)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from mcp_odoo.cli import app


def test_check_connects_and_reports_the_user_and_partner_rights() -> None:
    """As the live user (no Administration rights, an email address: see README.md), without warnings."""
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 0, result.stderr
    assert f"Database    {os.environ['ODOO_DB']}" in result.stdout
    assert f"User        {os.environ['ODOO_USER']} — " in result.stdout
    partner = next(line for line in result.stdout.splitlines() if line.startswith("res.partner "))
    assert partner.split()[1:] == ["Contact", "yes", "yes", "yes"]
    assert "Warning" not in result.stdout


def test_check_tools_finds_every_model_and_field_the_tools_use() -> None:
    result = CliRunner().invoke(app, ["check", "--tools"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no schema drift" in result.stdout


def test_check_with_a_wrong_key_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_API_KEY", "0" * 40)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code != 0
    assert result.stderr.startswith("mcp-odoo: authentication_failed:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_with_an_unknown_database_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_DB", "no_such_database_for_mcp_odoo")
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code != 0
    assert result.stderr.startswith("mcp-odoo: database_not_found:"), result.stderr
