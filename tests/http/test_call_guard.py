"""What a tool call must pass before it may reach Odoo: the write scope and the caller's budget."""

from __future__ import annotations

import pytest
from mcp.server.auth.provider import AccessToken

from mcp_odoo.http.call_guard import (
    InsufficientScope,
    RateLimited,
    RateLimitUnavailable,
    guard_call,
    rate_identity,
)
from mcp_odoo.http.metrics import Metrics
from mcp_odoo.http.ratelimit import Decision, InMemoryRateLimiter, RateLimiterUnavailable, RateLimits


def token(scopes: list[str], subject: str | None = "alice") -> AccessToken:
    return AccessToken(token="throwaway", client_id="client-1", scopes=scopes, subject=subject)


class UnreachableLimiter:
    async def check(self, identity: str, is_write: bool) -> Decision:
        raise RateLimiterUnavailable("rate-limit store unreachable: ConnectionError")


async def test_a_write_with_a_read_only_token_is_refused() -> None:
    with pytest.raises(InsufficientScope, match="'odoo:write'"):
        await guard_call(token(["odoo:read"]), writes=True, limiter=None)


async def test_a_read_with_a_read_only_token_passes() -> None:
    await guard_call(token(["odoo:read"]), writes=False, limiter=None)


async def test_the_budget_is_spent_by_the_subject() -> None:
    assert rate_identity(token(["odoo:read"])) == "alice"


async def test_a_token_without_subject_spends_its_client_budget() -> None:
    assert rate_identity(token(["odoo:read"], subject=None)) == "client-1"


async def test_calls_without_token_share_the_anonymous_budget() -> None:
    assert rate_identity(None) == "anonymous"


async def test_a_spent_write_budget_is_refused_and_counted() -> None:
    limiter = InMemoryRateLimiter(RateLimits(requests_per_window=5, writes_per_window=1))
    metrics = Metrics()
    caller = token(["odoo:read", "odoo:write"])
    await guard_call(caller, writes=True, limiter=limiter, metrics=metrics)
    with pytest.raises(RateLimited) as refused:
        await guard_call(caller, writes=True, limiter=limiter, metrics=metrics)
    assert refused.value.retry_after_seconds > 0
    assert metrics.registry.get_sample_value("mcp_odoo_rate_limited_total", {"budget": "writes"}) == 1


async def test_an_unreachable_limit_store_refuses_the_call_with_a_retryable_error() -> None:
    with pytest.raises(RateLimitUnavailable) as refused:
        await guard_call(token(["odoo:read"]), writes=False, limiter=UnreachableLimiter())
    assert refused.value.retryable
