"""A multi-user server in process: identity passthrough over one simulated Odoo 19, with static tokens
or with OAuth access tokens from a local issuer (keys made in the test).

``team_server(tmp_path, auth)`` yields a ``Team``: an HTTP client for the server, the simulator (whose
call counter shows what reached Odoo), the audit log, and a token per person:
alice -> Odoo user mcp_bot (read and write), bob -> Odoo user limited (read), dave -> Odoo user admin (read;
companies 1, 2 and 3 where mcp_bot has only 1), carol -> no Odoo user,
reader -> alice with a read-only token.

``staging=Registry(...)`` adds a second Odoo as target ``staging`` (writes allowed; the first becomes
``production``, read-only), where each person signs in with the same stored login and key.

``stateless=False`` keeps sessions (what a legacy client needs to be known by its capabilities).
In passthrough mode the server is given only where Odoo is (an ``OdooTarget``: no service login or key),
unless ``with_service_user`` gives it the service user too (which it must then leave unused); in shared
mode it gets the service user mcp_bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from local_issuer import AUDIENCE, ISSUER, LocalIssuer, new_key
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.http.access import build_access
from mcp_odoo.http.app import build_http_app
from mcp_odoo.http.auth import READ_SCOPE, WRITE_SCOPE
from mcp_odoo.http.static_tokens import StaticTokens
from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend, generate_secret_key
from mcp_odoo.identity.odoo_login import odoo_key_check
from mcp_odoo.server import build_server
from mcp_odoo.settings import AuthMode, IdentityMode, NamedTarget, OdooTarget, PolicySettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator
from sessions import HostRouter

BASE_URL = "http://127.0.0.1:8000"
MCP_URL = f"{BASE_URL}/mcp"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
PEOPLE = {"alice": "mcp_bot", "bob": "limited", "dave": "admin"}
_REGISTRY = Registry("19.0")
"""Seeded once (reset at every start): seeding costs more than a test."""
_SIGNING_KEY = new_key("team-key")
STAGING_HOST = "staging.example"


@dataclass
class Team:
    http: httpx2.AsyncClient
    transport: httpx2.ASGITransport
    simulator: Simulator
    audit: AuditLog
    tokens: dict[str, str]
    staging: Simulator | None = None
    """With `team_server(staging=...)`: the second Odoo, target ``staging`` (``production`` is the first)."""

    @asynccontextmanager
    async def client(self, person: str, request_id: str | None = None) -> AsyncIterator[Client]:
        headers = {"Authorization": f"Bearer {self.tokens[person]}"}
        if request_id is not None:
            headers["X-Request-ID"] = request_id
        async with (
            httpx2.AsyncClient(transport=self.transport, base_url=BASE_URL, headers=headers) as http,
            Client(streamable_http_client(MCP_URL, http_client=http), mode="auto") as client,
        ):
            yield client

    async def call(self, person: str, tool: str, **arguments: Any) -> CallToolResult:
        async with self.client(person) as client:
            return await client.call_tool(tool, arguments)


def _signed_tokens(issuer: LocalIssuer) -> dict[str, str]:
    key = issuer.published[0]
    return {
        "alice": issuer.sign(key, sub="alice"),
        "bob": issuer.sign(key, sub="bob", scope=READ_SCOPE),
        "carol": issuer.sign(key, sub="carol"),
        "dave": issuer.sign(key, sub="dave", scope=READ_SCOPE),
        "reader": issuer.sign(key, sub="alice", scope=READ_SCOPE),
    }


async def _static_tokens(tokens: StaticTokens) -> dict[str, str]:
    issued = {
        "alice": await tokens.issue("alice", [READ_SCOPE, WRITE_SCOPE]),
        "bob": await tokens.issue("bob", [READ_SCOPE]),
        "carol": await tokens.issue("carol", [READ_SCOPE, WRITE_SCOPE]),
        "dave": await tokens.issue("dave", [READ_SCOPE]),
        "reader": await tokens.issue("alice", [READ_SCOPE]),
    }
    return {person: token.token for person, token in issued.items()}


@asynccontextmanager
async def team_server(
    tmp_path: Path,
    auth: AuthMode = AuthMode.STATIC,
    identity_mode: IdentityMode = IdentityMode.PASSTHROUGH,
    *,
    with_service_user: bool = False,
    stateless: bool = True,
    staging: Registry | None = None,
    **settings: Any,
) -> AsyncIterator[Team]:
    registry = _REGISTRY
    registry.reset()
    simulator_app = create_app(registry)
    odoo_transport: httpx2.AsyncBaseTransport = httpx2.ASGITransport(app=simulator_app)
    staging_app = create_app(staging) if staging is not None else None
    if staging_app is not None:
        staging_transport = httpx2.ASGITransport(app=staging_app)
        odoo_transport = HostRouter({"simulator": odoo_transport, STAGING_HOST: staging_transport})
    secret_key = generate_secret_key()
    store_path = tmp_path / "identities.sqlite3"
    target = OdooTarget(url="http://simulator", db=registry.db_name)
    odoo = target
    if with_service_user or identity_mode is IdentityMode.SHARED:
        odoo = target.signed_in_as("mcp_bot", SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]))
    backend = SqliteBackend(store_path)
    await backend.setup()
    store = IdentityStore(backend, SecretBox(secret_key))
    verify = odoo_key_check(target, transport=odoo_transport)
    for subject, login in PEOPLE.items():
        await store.add(subject, login, DEMO_CREDENTIALS[login]["api_key"], verify=verify)
    issuer = LocalIssuer(published=[_SIGNING_KEY])
    if auth is AuthMode.OAUTH:
        tokens = _signed_tokens(issuer)
        settings = {"oauth_issuer": ISSUER, "oauth_jwks_url": f"{ISSUER}/jwks", **settings}
    else:
        tokens = await _static_tokens(StaticTokens(backend))
    server = ServerSettings(
        audit_path=tmp_path / "audit.sqlite3",
        allow_writes=True,
        auth_mode=auth,
        identity_mode=identity_mode,
        public_url=AUDIENCE,
        secret_key=SecretStr(secret_key),
        identity_store=str(store_path),
        stateless_http=stateless,
        **settings,
    )
    issuer_http = issuer.http_client()
    access = build_access(
        odoo, server.http, server.identity, odoo_transport=odoo_transport, issuer_http=issuer_http
    )
    audit = AuditLog.from_settings(server.audit)
    targets: OdooTarget | list[NamedTarget] = odoo
    if staging is not None:
        targets = [
            NamedTarget("production", odoo, PolicySettings(allow_writes=False)),
            NamedTarget(
                "staging",
                OdooTarget(url=f"http://{STAGING_HOST}", db=staging.db_name),
                PolicySettings(allow_writes=True),
            ),
        ]
    mcp = build_server(targets, server, transport=odoo_transport, audit=audit, access=access)
    app = build_http_app(mcp, server.http, stateless=stateless, access=access)
    simulator: Simulator = simulator_app.state.simulator
    transport = httpx2.ASGITransport(app=app)
    async with (
        issuer_http,
        audit,
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url=BASE_URL) as http,
    ):
        simulator.calls.reset()
        yield Team(
            http=http,
            transport=transport,
            simulator=simulator,
            audit=audit,
            tokens=tokens,
            staging=staging_app.state.simulator if staging_app is not None else None,
        )
