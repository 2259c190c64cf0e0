"""One multi-user server, several people: each acts as their own Odoo user, and nobody else reaches Odoo.

Every test runs with static tokens and with OAuth access tokens (JWTs from a local issuer)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from local_issuer import AUDIENCE
from pydantic import SecretStr
from team_server import MCP_HEADERS, MCP_URL, team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.http.request_log import JsonFormatter
from mcp_odoo.settings import AuthMode


@pytest.fixture(params=[AuthMode.STATIC, AuthMode.OAUTH], ids=["static", "oauth"])
def auth(request: pytest.FixtureRequest) -> AuthMode:
    mode: AuthMode = request.param
    return mode


def tool_call(name: str, arguments: dict[str, object]) -> dict[str, object]:
    return {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments},
    }


async def test_each_person_sees_the_sale_orders_their_own_odoo_user_may_see(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        alice = await team.call("alice", "count_records", model="sale.order")
        bob = await team.call("bob", "count_records", model="sale.order")
    assert alice.structured_content is not None
    assert bob.structured_content is not None
    assert alice.structured_content["count"] > 0
    assert bob.structured_content["count"] == 0


async def test_each_person_sees_fewer_or_more_invoices_as_their_odoo_record_rules_say(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        alice = await team.call("alice", "count_records", model="account.move")
        bob = await team.call("bob", "count_records", model="account.move")
    assert alice.structured_content is not None
    assert bob.structured_content is not None
    assert bob.structured_content["count"] < alice.structured_content["count"]


async def test_each_person_acts_with_their_own_odoo_uid(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        await team.call("alice", "count_records", model="res.partner")
        await team.call("bob", "count_records", model="res.partner")
        entries = await team.audit.query(AuditQuery(last=10))
    users = {entry.subject: (entry.odoo_login, entry.odoo_uid) for entry in entries}
    assert users["alice"][0] == "mcp_bot"
    assert users["bob"][0] == "limited"
    assert users["alice"][1] != users["bob"][1]


async def test_a_request_without_token_gets_401_and_never_reaches_odoo(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        response = await team.http.post(
            MCP_URL, json=tool_call("count_records", {"model": "sale.order"}), headers=MCP_HEADERS
        )
        calls = team.simulator.calls.total
    assert response.status_code == 401
    assert "resource_metadata=" in response.headers["www-authenticate"]
    assert calls == 0


async def test_a_write_tool_with_a_read_only_token_gets_403_and_never_reaches_odoo(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        headers = {**MCP_HEADERS, "Authorization": f"Bearer {team.tokens['reader']}"}
        call = tool_call("create_record", {"model": "res.partner", "values": {"name": "X"}})
        response = await team.http.post(MCP_URL, json=call, headers=headers)
        calls = team.simulator.calls.total
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]
    assert calls == 0


async def test_a_read_only_token_still_reads(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        result = await team.call("reader", "count_records", model="res.partner")
    assert not result.is_error


async def test_a_read_only_token_is_listed_only_the_tools_it_may_call(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        async with team.client("reader") as client:
            listed = (await client.list_tools()).tools
        async with team.client("alice") as client:
            everything = {tool.name for tool in (await client.list_tools()).tools}
    names = {tool.name for tool in listed}
    assert {"create_record", "update_record", "create_partner"} <= everything - names
    assert {"count_records", "search_records", "find_partners"} <= names
    writing = [tool.name for tool in listed if not (tool.annotations and tool.annotations.read_only_hint)]
    assert writing == []


async def test_a_person_without_odoo_user_gets_a_clear_error_and_never_reaches_odoo(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        result = await team.call("carol", "count_records", model="sale.order")
        calls = team.simulator.calls.total
    assert result.is_error
    assert "no Odoo user is mapped" in result.content[0].text  # type: ignore[union-attr]
    assert calls == 0


async def test_calls_over_the_budget_are_refused_with_a_retry_delay(tmp_path: Path, auth: AuthMode) -> None:
    async with (
        team_server(tmp_path, auth, rate_limit_requests=2, rate_limit_writes=1) as team,
        team.client("alice") as client,
    ):
        for _ in range(2):
            await client.call_tool("count_records", {"model": "res.partner"})
        refused = await client.call_tool("count_records", {"model": "res.partner"})
    assert refused.is_error
    error = (refused.meta or {})[ERROR_META_KEY]
    assert error["kind"] == "rate_limited"
    assert error["retry_after_seconds"] > 0


async def test_budgets_are_per_person(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth, rate_limit_requests=1, rate_limit_writes=1) as team:
        await team.call("alice", "count_records", model="res.partner")
        bob = await team.call("bob", "count_records", model="res.partner")
    assert not bob.is_error


async def test_metrics_count_tool_calls_by_tool_and_outcome(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        await team.call("alice", "count_records", model="res.partner")
        text = (await team.http.get("/metrics")).text
    assert 'mcp_odoo_tool_calls_total{outcome="ok",tool="count_records"} 1.0' in text
    assert "mcp_odoo_odoo_rpc_seconds_count" in text


async def test_readiness_checks_odoo_the_identity_store_and_the_audit(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        response = await team.http.get("/readyz", headers={"Authorization": f"Bearer {team.tokens['bob']}"})
    assert response.status_code == 200
    assert response.json()["checks"] == {"odoo": "ok", "identity_store": "ok", "audit": "ok"}


async def test_a_configured_metrics_token_guards_the_metrics(tmp_path: Path, auth: AuthMode) -> None:
    token = "throwaway-metrics-token-0123456789"
    async with team_server(tmp_path, auth, metrics_token=SecretStr(token)) as team:
        refused = await team.http.get("/metrics", headers={"Authorization": f"Bearer {team.tokens['alice']}"})
        served = await team.http.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        details = (await team.http.get("/readyz", headers={"Authorization": f"Bearer {token}"})).json()
    assert refused.status_code == 401
    assert "mcp_odoo_tool_calls" not in refused.text
    assert served.status_code == 200
    assert details["checks"]["odoo"] == "ok"


async def test_readiness_shows_its_checks_only_to_an_authenticated_caller(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        response = await team.http.get("/readyz")
    assert response.json() == {"status": "ready"}


async def test_every_response_carries_a_request_id(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        response = await team.http.get("/healthz")
    assert response.headers["x-request-id"]


async def test_the_log_line_of_a_tool_call_carries_the_request_id(
    tmp_path: Path, auth: AuthMode, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mcp_odoo.tools")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    tools_logger = logging.getLogger("mcp_odoo.tools")
    tools_logger.addHandler(handler)
    try:
        async with team_server(tmp_path, auth) as team, team.client("alice", request_id="req-1234") as client:
            await client.call_tool("count_records", {"model": "res.partner"})
    finally:
        tools_logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert {"request_id": "req-1234", "tool": "count_records", "outcome": "ok"}.items() <= lines[-1].items()


async def test_the_protected_resource_metadata_names_this_server(tmp_path: Path, auth: AuthMode) -> None:
    async with team_server(tmp_path, auth) as team:
        metadata = (await team.http.get("/.well-known/oauth-protected-resource/mcp")).json()
    assert metadata["resource"] == AUDIENCE
