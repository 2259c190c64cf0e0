"""Two `mcp-odoo serve --transport http` replicas behind nginx (round robin), sharing PostgreSQL and Redis.

One client's calls spread over both replicas, the rate limit holds across them, the audit in PostgreSQL
has one entry per call and its chain verifies, two people stay their own Odoo users, and a confirmation
token issued by one replica is accepted by the other. The replicas have no service Odoo user: each person
signs in as their own.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult
from replica_cluster import cluster, run_cli

from mcp_odoo.audit import AuditLog, AuditQuery
from mcp_odoo.audit.postgres import PostgresAuditSink
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.identity import generate_secret_key
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS

LIMIT = 10
EXTRA_CALLS = 3
OK_SAMPLE = re.compile(
    r'^mcp_odoo_tool_calls_total\{outcome="ok",tool="count_records"\} (\S+)$', re.MULTILINE
)


def environment(postgres_url: str, schema: str, redis_url: str) -> dict[str, str]:
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith(("ODOO_", "MCP_ODOO_"))
    }
    return {
        **inherited,
        "MCP_ODOO_AUTH_MODE": "static",
        "MCP_ODOO_IDENTITY_MODE": "passthrough",
        "MCP_ODOO_IDENTITY_STORE": postgres_url,
        "MCP_ODOO_IDENTITY_SCHEMA": schema,
        "MCP_ODOO_SECRET_KEY": generate_secret_key(),
        "MCP_ODOO_AUDIT_URL": audit_url(postgres_url, schema),
        "MCP_ODOO_REDIS_URL": redis_url,
        "MCP_ODOO_RATE_LIMIT_REQUESTS": str(LIMIT),
        "MCP_ODOO_RATE_LIMIT_WRITES": "2",
        "MCP_ODOO_RATE_LIMIT_WINDOW_SECONDS": "3600",
        "MCP_ODOO_REQUEST_STATE_KEYS": secrets.token_hex(32),
        "MCP_ODOO_JSON_LOGS": "true",
    }


def audit_url(postgres_url: str, schema: str) -> str:
    return f"{postgres_url}?options=-csearch_path%3D{schema}"


def map_person(env: dict[str, str], subject: str, login: str, scopes: list[str]) -> str:
    """Map `subject` to Odoo `login` with the CLI (the key is checked against Odoo) and issue its token."""
    run_cli(["users", "add", subject, "--login", login, "--api-key", DEMO_CREDENTIALS[login]["api_key"]], env)
    scope_flags = [flag for scope in scopes for flag in ("--scope", scope)]
    printed = run_cli(["tokens", "add", subject, *scope_flags], env)
    return next(line for line in printed.splitlines() if line.startswith("mcpo_"))


async def calls(proxy_url: str, token: str, count: int, model: str) -> list[CallToolResult]:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(f"{proxy_url}/mcp", http_client=http), mode="auto") as client,
    ):
        return [await client.call_tool("count_records", {"model": model}) for _ in range(count)]


def ok_calls_served_by(replica_url: str) -> float:
    text = httpx2.get(f"{replica_url}/metrics").text
    return sum(float(value) for value in OK_SAMPLE.findall(text))


def error_kind(result: CallToolResult) -> str | None:
    error = (result.meta or {}).get(ERROR_META_KEY)
    return str(error["kind"]) if error else None


async def test_two_replicas_share_identities_rate_limits_and_audit(
    tmp_path: Path, nginx: str, postgres_url: str, postgres_schema: str, redis_url: str
) -> None:
    env = environment(postgres_url, postgres_schema, redis_url)
    run = secrets.token_hex(3)
    alice, bob = f"alice-{run}", f"bob-{run}"
    with cluster(tmp_path, env, nginx) as running:
        alice_token = map_person(running.env, alice, "mcp_bot", ["odoo:read", "odoo:write"])
        bob_token = map_person(running.env, bob, "limited", ["odoo:read"])
        alice_results = await calls(running.proxy_url, alice_token, LIMIT + EXTRA_CALLS, "sale.order")
        bob_results = await calls(running.proxy_url, bob_token, 1, "sale.order")
        served = [ok_calls_served_by(url) for url in running.replica_urls]
        readiness = [httpx2.get(f"{url}/readyz").json() for url in running.replica_urls]
        unauthenticated = httpx2.post(f"{running.proxy_url}/mcp", json={}).status_code
    admitted = [result for result in alice_results if not result.is_error]
    refused = [error_kind(result) for result in alice_results if result.is_error]
    assert len(admitted) == LIMIT
    assert refused == ["rate_limited"] * EXTRA_CALLS
    assert all(result.structured_content and result.structured_content["count"] > 0 for result in admitted)
    assert (bob_results[0].structured_content or {}).get("count") == 0
    assert all(count > 0 for count in served), f"calls per replica: {served}"
    assert sum(served) == LIMIT + 1
    assert unauthenticated == 401
    assert [answer["status"] for answer in readiness] == ["ready", "ready"], readiness
    await check_audit(postgres_url, postgres_schema, alice, bob)


async def check_audit(postgres_url: str, schema: str, alice: str, bob: str) -> None:
    async with AuditLog(PostgresAuditSink(audit_url(postgres_url, schema))) as audit:
        entries = await audit.query(AuditQuery(last=100))
        intact = await audit.verify()
    assert intact
    assert len(entries) == LIMIT + EXTRA_CALLS + 1
    logins = {(entry.subject, entry.odoo_login) for entry in entries if entry.outcome == "ok"}
    assert logins == {(alice, "mcp_bot"), (bob, "limited")}


async def call_on(replica_url: str, host: str, token: str, tool: str, **arguments: str) -> CallToolResult:
    """One tool call sent to `replica_url` itself (not through nginx), as if proxied for `host`."""
    headers = {"Authorization": f"Bearer {token}", "Host": host}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(f"{replica_url}/mcp", http_client=http), mode="auto") as client,
    ):
        return await client.call_tool(tool, arguments)


async def test_a_confirmation_token_from_one_replica_is_accepted_by_the_other(
    tmp_path: Path, nginx: str, postgres_url: str, postgres_schema: str, redis_url: str
) -> None:
    env = {**environment(postgres_url, postgres_schema, redis_url), "MCP_ODOO_ALLOW_WRITES": "true"}
    with cluster(tmp_path, env, nginx) as running:
        token = map_person(
            running.env, f"carol-{secrets.token_hex(3)}", "mcp_bot", ["odoo:read", "odoo:write"]
        )
        host = running.proxy_url.removeprefix("http://")
        first, second = running.replica_urls
        preview = await call_on(first, host, token, "confirm_quotation", order="S00003")
        confirmation = (preview.structured_content or {}).get("confirmation_token")
        assert confirmation, preview
        done = await call_on(
            second, host, token, "confirm_quotation", order="S00003", confirmation_token=confirmation
        )
    assert (done.structured_content or {}).get("status") == "done", done
