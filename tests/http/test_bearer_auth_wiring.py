"""The verifiers plugged into the SDK's MCP server: the HTTP answers an MCP client sees."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
import pytest
from local_issuer import AUDIENCE, ISSUER, LocalIssuer, SigningKey, new_key
from mcp.server import MCPServer
from mcp.server.auth.provider import TokenVerifier
from mcp.server.auth.settings import AuthSettings

from mcp_odoo.http.auth import READ_SCOPE, WRITE_SCOPE, IssuerPolicy, JWTTokenVerifier
from mcp_odoo.http.static_tokens import StaticTokens, StaticTokenVerifier
from mcp_odoo.identity import SqliteBackend

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    },
}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return new_key("rsa-1")


@pytest.fixture
def issuer(rsa_key: SigningKey) -> LocalIssuer:
    return LocalIssuer(published=[rsa_key])


@pytest.fixture
async def jwt_verifier(issuer: LocalIssuer) -> AsyncIterator[JWTTokenVerifier]:
    async with issuer.http_client() as issuer_http:
        yield JWTTokenVerifier(IssuerPolicy(ISSUER, AUDIENCE), f"{ISSUER}/jwks", http_client=issuer_http)


@pytest.fixture
def static_tokens(sqlite_backend: SqliteBackend) -> StaticTokens:
    return StaticTokens(sqlite_backend)


@asynccontextmanager
async def mcp_client(verifier: TokenVerifier) -> AsyncIterator[httpx2.AsyncClient]:
    """An MCP server guarded by ``verifier``, served in-process (entered inside each test, so that
    the SDK's task group starts and stops in the same task)."""
    server = MCPServer(
        "auth-wiring",
        token_verifier=verifier,
        auth=AuthSettings.model_validate(
            {
                "issuer_url": ISSUER,
                "resource_server_url": AUDIENCE,
                "required_scopes": [READ_SCOPE],
                "validate_token_resource": True,
            }
        ),
    )
    app = server.streamable_http_app(stateless_http=True, json_response=True, host="mcp.test")
    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="https://mcp.test") as client,
    ):
        yield client


async def initialize(verifier: TokenVerifier, token: str | None) -> httpx2.Response:
    authorization = {"Authorization": f"Bearer {token}"} if token is not None else {}
    async with mcp_client(verifier) as http:
        return await http.post("/mcp", json=INITIALIZE, headers={**HEADERS, **authorization})


async def test_request_without_token_gets_401_pointing_to_resource_metadata(
    jwt_verifier: JWTTokenVerifier,
) -> None:
    response = await initialize(jwt_verifier, None)
    assert response.status_code == 401
    assert "resource_metadata=" in response.headers["www-authenticate"]


async def test_token_from_another_issuer_gets_401(
    jwt_verifier: JWTTokenVerifier, issuer: LocalIssuer
) -> None:
    token = issuer.sign(issuer.published[0], iss="https://evil.test")
    response = await initialize(jwt_verifier, token)
    assert response.status_code == 401


async def test_token_without_the_read_scope_gets_403(
    jwt_verifier: JWTTokenVerifier, issuer: LocalIssuer
) -> None:
    token = issuer.sign(issuer.published[0], scope="profile")
    response = await initialize(jwt_verifier, token)
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_valid_token_reaches_the_mcp_server(
    jwt_verifier: JWTTokenVerifier, issuer: LocalIssuer
) -> None:
    token = issuer.sign(issuer.published[0], scope="odoo:read")
    response = await initialize(jwt_verifier, token)
    assert response.status_code == 200
    assert response.json()["result"]["serverInfo"]["name"] == "auth-wiring"


async def test_protected_resource_metadata_names_the_issuer(jwt_verifier: JWTTokenVerifier) -> None:
    async with mcp_client(jwt_verifier) as http:
        response = await http.get("/.well-known/oauth-protected-resource/mcp")
    assert response.json()["authorization_servers"] == [ISSUER]


async def test_static_token_reaches_the_mcp_server(static_tokens: StaticTokens) -> None:
    issued = await static_tokens.issue("alice", [READ_SCOPE])
    response = await initialize(StaticTokenVerifier(static_tokens, resource=AUDIENCE), issued.token)
    assert response.status_code == 200


async def test_revoked_static_token_gets_401(static_tokens: StaticTokens) -> None:
    issued = await static_tokens.issue("alice", [READ_SCOPE])
    await static_tokens.revoke(issued.token_id)
    response = await initialize(StaticTokenVerifier(static_tokens, resource=AUDIENCE), issued.token)
    assert response.status_code == 401


async def test_static_token_without_the_read_scope_gets_403(static_tokens: StaticTokens) -> None:
    issued = await static_tokens.issue("alice", [WRITE_SCOPE])
    response = await initialize(StaticTokenVerifier(static_tokens, resource=AUDIENCE), issued.token)
    assert response.status_code == 403
