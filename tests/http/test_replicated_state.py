"""Confirmation tokens and idempotency keys hold across replicas that share a key and the real Redis.

Tests taking `redis_client` skip (or fail under CI) when Redis is unreachable."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
import redis.asyncio as aioredis
from mcp import Client
from mcp_types import CallToolResult
from pydantic import SecretStr

from fakes import FakeClock
from mcp_odoo.audit import AuditLog
from mcp_odoo.calls.confirm import (
    ConfirmationRejected,
    ConfirmationTokens,
    ConfirmationUnavailable,
    RedisNonces,
    confirmation_key,
    fingerprint,
)
from mcp_odoo.calls.idempotency import IdempotencyUnavailable, RedisIdempotencyStore, Remembered
from mcp_odoo.http.access import build_access
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

ME = ("mcp_bot", 7)
CALL = fingerprint("confirm_quotation", {"order": "S00003"})
_REGISTRY = Registry("19.0")
"""Seeded once (reset for every pair of replicas): seeding costs more than a test."""


UNSPENDABLE_RATE_LIMITS: dict[str, Any] = {"rate_limit_requests": 1_000_000, "rate_limit_writes": 1_000_000}
"""The replicas' callers are anonymous, and the anonymous budget lives under the same Redis keys for every
run on this Redis (the key prefix is not configurable): budgets no run can spend keep suites running side by
side (xdist workers, other checkouts, CI) from refusing each other's calls."""


@pytest.fixture
def prefix() -> str:
    """Redis keys of this test's own."""
    return f"mcp-odoo-test:{secrets.token_hex(6)}"


def replica_tokens(
    client: aioredis.Redis, prefix: str, key: bytes, clock: FakeClock | None = None
) -> ConfirmationTokens:
    return ConfirmationTokens(
        ttl_seconds=60,
        clock=clock or FakeClock(1_000_000.0),
        key=key,
        used=RedisNonces(client, prefix=prefix),
    )


async def test_a_token_issued_by_one_replica_is_accepted_by_another(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    key = secrets.token_bytes(32)
    issued = replica_tokens(redis_client, prefix, key).issue(CALL, ME)
    await replica_tokens(redis_client, prefix, key).redeem(issued.token, CALL, ME)


async def test_a_token_used_on_one_replica_is_refused_on_the_other(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    key = secrets.token_bytes(32)
    first, second = replica_tokens(redis_client, prefix, key), replica_tokens(redis_client, prefix, key)
    issued = first.issue(CALL, ME)
    await first.redeem(issued.token, CALL, ME)
    with pytest.raises(ConfirmationRejected, match="already used"):
        await second.redeem(issued.token, CALL, ME)


async def test_an_expired_token_is_refused_by_another_replica(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    key, clock = secrets.token_bytes(32), FakeClock(1_000_000.0)
    issued = replica_tokens(redis_client, prefix, key, clock).issue(CALL, ME)
    clock.now += 61
    with pytest.raises(ConfirmationRejected, match="expired"):
        await replica_tokens(redis_client, prefix, key, clock).redeem(issued.token, CALL, ME)


async def test_a_token_for_other_arguments_is_refused_and_stays_usable_for_its_own(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    key = secrets.token_bytes(32)
    first, second = replica_tokens(redis_client, prefix, key), replica_tokens(redis_client, prefix, key)
    issued = first.issue(CALL, ME)
    other = fingerprint("confirm_quotation", {"order": "S00004"})
    with pytest.raises(ConfirmationRejected, match="different call"):
        await second.redeem(issued.token, other, ME)
    await second.redeem(issued.token, CALL, ME)


async def test_a_token_with_a_pushed_back_expiry_is_refused(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    key = secrets.token_bytes(32)
    tokens = replica_tokens(redis_client, prefix, key)
    expires_at, rest = tokens.issue(CALL, ME).token.split(".", 1)
    with pytest.raises(ConfirmationRejected, match="different call"):
        await tokens.redeem(f"{int(expires_at) + 3_600_000}.{rest}", CALL, ME)


async def test_a_token_signed_with_another_key_is_refused(redis_client: aioredis.Redis, prefix: str) -> None:
    issued = replica_tokens(redis_client, prefix, secrets.token_bytes(32)).issue(CALL, ME)
    with pytest.raises(ConfirmationRejected, match="different call"):
        await replica_tokens(redis_client, prefix, secrets.token_bytes(32)).redeem(issued.token, CALL, ME)


async def test_a_token_is_refused_as_retryable_when_redis_is_unreachable() -> None:
    unreachable = aioredis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    tokens = ConfirmationTokens(key=secrets.token_bytes(32), used=RedisNonces(unreachable))
    issued = tokens.issue(CALL, ME)
    try:
        with pytest.raises(ConfirmationUnavailable) as refused:
            await tokens.redeem(issued.token, CALL, ME)
    finally:
        await unreachable.aclose()
    assert refused.value.retryable


def test_replicas_sharing_request_state_keys_derive_the_same_token_key() -> None:
    keys = SecretStr(f"{secrets.token_hex(20)},{secrets.token_hex(20)}")
    first, second = ServerSettings(request_state_keys=keys), ServerSettings(request_state_keys=keys)
    assert confirmation_key(first.confirmation_secret) == confirmation_key(second.confirmation_secret)


def test_a_single_process_without_configured_keys_gets_a_random_token_key() -> None:
    assert confirmation_key(None) != confirmation_key(None)


async def test_an_answer_remembered_by_one_replica_is_recalled_by_another(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    entry = Remembered("digest", {"id": 9, "name": "Azure"}, "Created #9", (("res.partner", 9, "Azure"),))
    await RedisIdempotencyStore(redis_client, prefix=prefix).remember("7:mcp_bot:create_partner", "k", entry)
    recalled = await RedisIdempotencyStore(redis_client, prefix=prefix).recall(
        "7:mcp_bot:create_partner", "k"
    )
    assert recalled == entry


async def test_a_remembered_answer_is_scoped_to_its_identity_and_tool(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    store = RedisIdempotencyStore(redis_client, prefix=prefix)
    await store.remember("7:mcp_bot:create_partner", "k", Remembered("digest", {"id": 9}, "Created #9"))
    assert await store.recall("2:admin:create_partner", "k") is None


async def test_a_key_held_by_one_replica_is_refused_as_retryable_by_another(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    holder = RedisIdempotencyStore(redis_client, prefix=prefix)
    other = RedisIdempotencyStore(redis_client, prefix=prefix, wait_seconds=0)
    async with holder.lock("scope", "k"):
        with pytest.raises(IdempotencyUnavailable, match="still running") as refused:
            async with other.lock("scope", "k"):
                pass
    assert refused.value.retryable


async def test_a_released_key_can_be_claimed_by_another_replica(
    redis_client: aioredis.Redis, prefix: str
) -> None:
    other = RedisIdempotencyStore(redis_client, prefix=prefix, wait_seconds=0)
    async with RedisIdempotencyStore(redis_client, prefix=prefix).lock("scope", "k"):
        pass
    async with other.lock("scope", "k"):
        assert len(await redis_client.keys(f"{prefix}:lock:*")) == 1


class Replicas:
    """Two servers built like the team server's replicas (Redis, shared keys), on one simulated Odoo."""

    def __init__(self, clients: list[Client], simulator: Simulator) -> None:
        self.clients = clients
        self.simulator = simulator

    async def call(self, replica: int, tool: str, **arguments: Any) -> CallToolResult:
        return await self.clients[replica].call_tool(tool, arguments)


@asynccontextmanager
async def two_replicas(tmp_path: Path, redis_url: str, **settings: Any) -> AsyncIterator[Replicas]:
    _REGISTRY.reset()
    app = create_app(_REGISTRY)
    transport = httpx2.ASGITransport(app=app)
    odoo = OdooSettings(
        url="http://simulator",
        db=_REGISTRY.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    server = ServerSettings(
        allow_writes=True,
        audit_path=tmp_path / "audit.sqlite3",
        redis_url=redis_url,
        request_state_keys=SecretStr(secrets.token_hex(20)),
        **(UNSPENDABLE_RATE_LIMITS | settings),
    )
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(2):
            audit = AuditLog.from_settings(server.audit)
            stack.push_async_callback(audit.aclose)
            access = build_access(odoo, server.http, server.identity, odoo_transport=transport)
            mcp = build_server(odoo, server, transport=transport, audit=audit, access=access)
            clients.append(await stack.enter_async_context(Client(mcp, mode="auto")))
        yield Replicas(clients, app.state.simulator)


async def test_an_idempotent_retry_on_another_replica_replays_the_first_answer(
    tmp_path: Path, redis_url: str, redis_client: aioredis.Redis
) -> None:
    arguments = {"name": "Replica Test Partner", "idempotency_key": secrets.token_hex(8)}
    async with two_replicas(tmp_path, redis_url) as replicas:
        first = await replicas.call(0, "create_partner", **arguments)
        writes = replicas.simulator.calls.writes
        second = await replicas.call(1, "create_partner", **arguments)
        assert not first.is_error
        assert not second.is_error
        assert second.structured_content == first.structured_content
        assert replicas.simulator.calls.writes == writes
        created = _REGISTRY.execute_kw(
            2, "res.partner", "search_count", [[("name", "=", arguments["name"])]], {}
        )
    assert created == 1


async def test_a_confirmation_token_from_one_replica_confirms_through_the_other(
    tmp_path: Path, redis_url: str, redis_client: aioredis.Redis
) -> None:
    async with two_replicas(tmp_path, redis_url) as replicas:
        preview = await replicas.call(0, "confirm_quotation", order="S00003")
        assert preview.structured_content is not None
        token = preview.structured_content["confirmation_token"]
        done = await replicas.call(1, "confirm_quotation", order="S00003", confirmation_token=token)
        state = _REGISTRY.execute_kw(2, "sale.order", "read", [[3], ["state"]], {})[0]["state"]
    assert done.structured_content is not None
    assert done.structured_content["status"] == "done"
    assert state == "sale"


async def test_a_call_method_token_redeemed_on_one_replica_is_refused_on_the_other(
    tmp_path: Path, redis_url: str, redis_client: aioredis.Redis
) -> None:
    """call_method confirms through the packs' kit: the spent tokens are in the replicas' shared Redis."""
    confirm = {"model": "sale.order", "method": "action_confirm", "irreversible": True}
    arguments = {"model": "sale.order", "method": "action_confirm", "ids": [3]}
    async with two_replicas(tmp_path, redis_url, methods=[confirm]) as replicas:
        preview = await replicas.call(0, "call_method", **arguments)
        assert preview.structured_content is not None
        token = preview.structured_content["confirmation_token"]
        done = await replicas.call(0, "call_method", **arguments, confirmation_token=token)
        replicas.simulator.calls.reset()
        again = await replicas.call(1, "call_method", **arguments, confirmation_token=token)
        sent = replicas.simulator.calls.count(method="action_confirm")
    assert done.structured_content is not None
    assert done.structured_content["status"] == "done"
    assert again.is_error
    assert "already used" in str(again.content[0])
    assert sent == 0


async def test_a_batch_previewed_on_one_replica_is_confirmed_through_the_other(
    tmp_path: Path, redis_url: str, redis_client: aioredis.Redis
) -> None:
    """The token is bound to the records the preview showed, not to a replica's memory."""
    arguments = {
        "model": "res.partner",
        "domain": [["is_company", "=", True]],
        "values": {"comment": "audited"},
    }
    async with two_replicas(tmp_path, redis_url) as replicas:
        preview = await replicas.call(0, "update_records_batch", **arguments)
        assert preview.structured_content is not None
        matched = preview.structured_content["matched"]
        token = preview.structured_content["confirmation_token"]
        done = await replicas.call(1, "update_records_batch", **arguments, confirmation_token=token)
        written = _REGISTRY.execute_kw(
            2, "res.partner", "search_count", [[("is_company", "=", True), ("comment", "=", "audited")]], {}
        )
    assert done.structured_content is not None
    assert done.structured_content["status"] == "done"
    assert written == matched == done.structured_content["updated"]
