"""`mcp-odoo check` against the simulator over real HTTP: what it prints, and one line per failure."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcp_odoo.cli import app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator

PROTOCOLS_BY_SERIES = {"18.0": ("jsonrpc", "xmlrpc"), "19.0": ("json2", "jsonrpc", "xmlrpc")}
MCP_BOT_KEY = DEMO_CREDENTIALS["mcp_bot"]["api_key"]


@pytest.fixture
def odoo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ODOO_DB", "ODOO_PASSWORD", "ODOO_PROTOCOL", "ODOO_COMPANY_IDS", "ODOO_LANG", "ODOO_TZ"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ODOO_USER", "mcp_bot")
    monkeypatch.setenv("ODOO_API_KEY", MCP_BOT_KEY)
    monkeypatch.setenv("ODOO_TIMEOUT", "5")
    monkeypatch.setenv("ODOO_RETRIES", "0")


def run_check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("odoo_env")
def test_check_reports_version_protocol_user_companies_and_rights(running_odoo: RunningSimulator) -> None:
    series = running_odoo.simulator.backend.series
    db = running_odoo.simulator.backend.db_name
    for protocol in PROTOCOLS_BY_SERIES[series]:
        code, out, err = run_check("--url", running_odoo.base_url, "--db", db, "--protocol", protocol)
        assert code == 0, err
        assert f"Odoo        {series}" in out
        assert f"Protocol    {protocol}" in out
        assert f"Database    {db}" in out
        assert "User        mcp_bot — " in out
        assert "My Company (San Francisco) (#1)" in out
        assert "Language    en_US" in out
        partner_row = next(line for line in out.splitlines() if line.startswith("res.partner "))
        assert partner_row.split()[-3:] == ["yes", "yes", "yes"]


@pytest.mark.usefixtures("odoo_env")
def test_auto_chooses_json2_on_19_and_jsonrpc_on_18(running_odoo: RunningSimulator) -> None:
    expected = {"18.0": "jsonrpc", "19.0": "json2"}[running_odoo.simulator.backend.series]
    code, out, err = run_check("--url", running_odoo.base_url)
    assert code == 0, err
    assert f"Protocol    {expected}" in out


@pytest.mark.usefixtures("odoo_env")
def test_unreachable_url_is_one_line() -> None:
    code, out, err = run_check("--url", "http://127.0.0.1:9")
    assert code != 0
    assert out == ""
    assert err.startswith("mcp-odoo: unreachable:")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.usefixtures("odoo_env")
def test_unknown_database_is_one_line(running_odoo: RunningSimulator) -> None:
    for protocol in ("jsonrpc", "xmlrpc"):
        code, _, err = run_check("--url", running_odoo.base_url, "--db", "no_such_db", "--protocol", protocol)
        assert code != 0
        assert err.startswith("mcp-odoo: database_not_found:"), err
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


@pytest.mark.usefixtures("odoo_env")
def test_wrong_key_is_one_line_without_the_key(
    running_odoo: RunningSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "0" * 40
    monkeypatch.setenv("ODOO_API_KEY", wrong)
    for protocol in PROTOCOLS_BY_SERIES[running_odoo.simulator.backend.series]:
        code, _, err = run_check("--url", running_odoo.base_url, "--protocol", protocol)
        assert code != 0
        assert err.startswith("mcp-odoo: authentication_failed:"), err
        assert wrong not in err


@pytest.mark.usefixtures("odoo_env")
def test_revoked_key_is_refused(running_odoo: RunningSimulator) -> None:
    """A key that stops working (revoked or expired) is reported like a wrong one."""
    running_odoo.simulator.faults.revoke_api_key(MCP_BOT_KEY)
    try:
        code, _, err = run_check("--url", running_odoo.base_url)
    finally:
        running_odoo.simulator.faults.clear()
    assert code != 0
    assert err.startswith("mcp-odoo: authentication_failed:"), err


class _NotOdooHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        body = b"<html><body>It works!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def not_odoo_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotOdooHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.usefixtures("odoo_env")
def test_a_server_that_is_not_odoo_is_one_line(not_odoo_url: str) -> None:
    code, _, err = run_check("--url", not_odoo_url)
    assert code != 0
    assert err.startswith("mcp-odoo: not_odoo:"), err
    assert len(err.strip().splitlines()) == 1


def test_invalid_configuration_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ODOO_URL", raising=False)
    monkeypatch.setenv("ODOO_USER", "mcp_bot")
    monkeypatch.setenv("ODOO_API_KEY", MCP_BOT_KEY)
    code, _, err = run_check()
    assert code == 2
    assert err.strip() == "mcp-odoo: configuration error: ODOO_URL: is required"


@pytest.mark.usefixtures("odoo_env")
def test_check_tools_finds_no_drift_on_a_stock_database(running_odoo: RunningSimulator) -> None:
    code, out, err = run_check("--url", running_odoo.base_url, "--tools")
    assert code == 0, err
    for pack in ("contacts", "crm", "sales", "invoicing", "inventory"):
        assert f"{pack}: ok" in out


@pytest.mark.usefixtures("odoo_env")
def test_check_tools_reports_drift_and_exits_non_zero(running_odoo: RunningSimulator, tmp_path: Path) -> None:
    config = tmp_path / "mcp-odoo.toml"
    config.write_text(
        "[[server.queries]]\n"
        'name = "helpdesk_tickets"\n'
        'description = "Open helpdesk tickets"\n'
        'model = "helpdesk.ticket"\n'
        'fields = ["name", "stage_id"]\n'
    )
    code, out, err = run_check("--url", running_odoo.base_url, "--config", str(config), "--tools")
    assert code == 3
    assert "missing model helpdesk.ticket" in out
    assert err.startswith("mcp-odoo: schema drift:")


ADMIN_ONLY_MODELS = ("ir.model", "ir.model.data")
PUBLIC_METHODS = {("ir.model", "get_available_models"), ("ir.model", "display_name_for")}


@pytest.mark.usefixtures("odoo_env")
def test_check_and_check_tools_never_read_what_only_admins_may(running_odoo: RunningSimulator) -> None:
    """mcp_bot has no Administration rights: Odoo refuses it ir.model and ir.model.data."""
    code, out, err = run_check("--url", running_odoo.base_url, "--tools")
    sent = {(key.model, key.method) for key in running_odoo.simulator.calls.snapshot()}
    assert code == 0, err
    assert {pair for pair in sent if pair[0] in ADMIN_ONLY_MODELS} <= PUBLIC_METHODS
    partner_row = next(line for line in out.splitlines() if line.startswith("res.partner "))
    assert partner_row.split()[1] == "Contact"
    assert "crm: ok" in out


@pytest.mark.usefixtures("odoo_env")
def test_check_warns_when_odoo_will_refuse_notes_from_a_user_without_email(
    running_odoo: RunningSimulator,
) -> None:
    """Odoo 16-18 refuse message_post from a user without an email address; 19 does not."""
    backend = running_odoo.simulator.backend
    [user] = backend.execute_kw(
        backend.users["admin"].uid, "res.users", "search_read", [[["login", "=", "mcp_bot"]], ["email"]], {}
    )
    assert not user["email"]
    code, out, err = run_check("--url", running_odoo.base_url)
    warnings = [line for line in out.splitlines() if line.startswith("Warning ")]
    assert code == 0, err
    if backend.series == "19.0":
        assert warnings == []
    else:
        [warning] = warnings
        assert "mcp_bot has no email address" in warning
        assert "log_note" in warning


@pytest.mark.usefixtures("odoo_env")
def test_check_does_not_warn_when_the_user_has_an_email(running_odoo: RunningSimulator) -> None:
    backend = running_odoo.simulator.backend
    uid = backend.users["mcp_bot"].uid
    backend.execute_kw(
        backend.users["admin"].uid, "res.users", "write", [[uid], {"email": "bot@example.com"}], {}
    )
    code, out, err = run_check("--url", running_odoo.base_url)
    assert code == 0, err
    assert "email bot@example.com" in out
    assert "Warning " not in out


def test_check_reports_every_target_and_fails_when_one_is_unreachable(
    running_odoo: RunningSimulator, tmp_path: Path
) -> None:
    db = running_odoo.simulator.backend.db_name
    target = f'user = "mcp_bot"\napi_key = "{MCP_BOT_KEY}"\ndb = "{db}"\nretries = 0\ntimeout = 5\n'
    config = tmp_path / "targets.toml"
    config.write_text(
        f'[targets.production]\nurl = "{running_odoo.base_url}"\n{target}'
        f'[targets.staging]\nurl = "{running_odoo.base_url}"\nallow_writes = true\n{target}'
    )
    code, out, err = run_check("--config", str(config))
    assert code == 0, err
    assert "== target production (default, read-only) ==" in out
    assert "== target staging (writes enabled) ==" in out
    assert out.count("User        mcp_bot — ") == 2

    config.write_text(
        f'[targets.production]\nurl = "{running_odoo.base_url}"\n{target}'
        f'[targets.staging]\nurl = "http://127.0.0.1:9"\n{target}'
    )
    code, out, err = run_check("--config", str(config))
    assert code != 0
    assert out.count("User        mcp_bot — ") == 1
    assert "unreachable" in out.split("== target staging")[1]
    assert err.strip() == "mcp-odoo: Odoo target(s) not reachable as configured: staging"
