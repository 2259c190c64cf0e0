"""Whose rights a subscription is polled with: the service user, or (passthrough) the caller's own user,
keyed by a digest of the token subject and looked up by subject when each poll runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from mcp.server.auth.middleware.auth_context import auth_context_var
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError

from mcp_odoo.audit import AuditLog, AuditSettings
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.live import CallerIdentities, shared_identity
from mcp_odoo.live.identities import SHARED_KEY, subject_key
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.policy.settings import PolicySettings


def gateway() -> OdooGateway:
    return OdooGateway(cast(Any, None), Policy(PolicySettings()))


class Gateways:
    """Stands in for PassthroughGateways: one gateway per subject, lookups counted."""

    def __init__(self) -> None:
        self.by_subject: dict[str, OdooGateway] = {}
        self.lookups: list[str] = []

    async def gateway_for(self, subject: str, target: str | None = None) -> OdooGateway:
        self.lookups.append(subject)
        return self.by_subject.setdefault(subject, gateway())

    def current(self) -> OdooGateway:
        return gateway()

    async def aclose(self) -> None:
        return None


def request(lifespan: Any = None) -> ServerRequestContext[Any, Any]:
    return ServerRequestContext(
        session=cast(Any, None),
        lifespan_context=lifespan,
        protocol_version="2025-11-25",
        method="resources/subscribe",
    )


def signed_in(subject: str | None) -> Any:
    token = AccessToken(token="t", client_id="client", scopes=["odoo:read"], subject=subject)
    return auth_context_var.set(AuthenticatedUser(token))


async def test_a_caller_is_keyed_by_a_digest_of_its_subject() -> None:
    gateways = Gateways()
    reset = signed_in("alice@example.com")
    try:
        identity = await CallerIdentities(gateways)(request())
    finally:
        auth_context_var.reset(reset)
    assert identity.key == subject_key("alice@example.com")
    assert "alice" not in identity.key
    assert gateways.lookups == []
    assert await identity.gateway(None) is gateways.by_subject["alice@example.com"]
    assert gateways.lookups == ["alice@example.com"], "the gateway is looked up when a poll runs"


async def test_two_callers_are_two_identities() -> None:
    gateways = Gateways()
    keys = []
    for subject in ("alice", "bob"):
        reset = signed_in(subject)
        try:
            keys.append((await CallerIdentities(gateways)(request())).key)
        finally:
            auth_context_var.reset(reset)
    assert keys[0] != keys[1]


async def test_a_caller_without_a_subject_cannot_subscribe_in_passthrough() -> None:
    with pytest.raises(MCPError, match="needs an authenticated caller"):
        await CallerIdentities(Gateways())(request())


async def test_every_caller_is_the_service_user_in_shared_mode(tmp_path: Path) -> None:
    audit = AuditLog.from_settings(AuditSettings(path=tmp_path / "audit.sqlite3"))
    gateways = Gateways()
    runtime = Runtime(gateways=gateways, audit=audit)
    identity = await shared_identity(request(runtime))
    assert identity.key == SHARED_KEY
    assert isinstance(await identity.gateway(None), OdooGateway)
    await audit.aclose()


async def test_subscribing_before_the_server_started_is_refused() -> None:
    with pytest.raises(MCPError, match="before the server has started"):
        await shared_identity(request({}))
