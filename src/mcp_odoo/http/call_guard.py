"""What a tool call must pass before it may reach Odoo on a multi-user server: the scope and the rate limit.

`HttpCallGuard` is the transport's `mcp_odoo.calls.runtime.CallGuard`. Both refusals are policy errors,
so the runner answers them as ``isError`` results (and audits them)
like any other refusal. The HTTP layer already answers a missing ``odoo:write`` scope with 403 before
the call is parsed by the SDK (``write_scope``); the check here keeps the rule true for any transport.
"""

from __future__ import annotations

import math

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken

from mcp_odoo.http.auth import missing_scope
from mcp_odoo.http.metrics import Metrics
from mcp_odoo.http.ratelimit import Decision, RateLimiter, RateLimiterUnavailable
from mcp_odoo.policy import PolicyError, Refused

ANONYMOUS = "anonymous"


class InsufficientScope(Refused):
    kind = "insufficient_scope"


class RateLimited(PolicyError):
    """This identity spent its budget for the current window."""

    kind = "rate_limited"
    retryable = True

    def __init__(self, decision: Decision) -> None:
        self.retry_after_seconds = math.ceil(decision.retry_after_seconds)
        super().__init__(
            decision.refusal(),
            hint=f"wait {self.retry_after_seconds} s before the next call; do not retry at once",
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "retry_after_seconds": self.retry_after_seconds}


class RateLimitUnavailable(PolicyError):
    kind = "rate_limit_unavailable"
    retryable = True


def rate_identity(token: AccessToken | None) -> str:
    """Whose budget a call spends: the token's subject, else its client, else the anonymous budget."""
    if token is None:
        return ANONYMOUS
    return token.subject or token.client_id or ANONYMOUS


async def guard_call(
    token: AccessToken | None,
    *,
    writes: bool,
    limiter: RateLimiter | None,
    metrics: Metrics | None = None,
) -> None:
    """Return when the call may go on; raise InsufficientScope, RateLimited or RateLimitUnavailable."""
    if token is not None:
        lacking = missing_scope(token, is_write=writes)
        if lacking is not None:
            raise InsufficientScope(
                f"your access token lacks the {lacking!r} scope this tool needs",
                hint=f"sign in again granting {lacking!r}, or use a tool that only reads",
            )
    if limiter is None:
        return
    try:
        decision = await limiter.check(rate_identity(token), writes)
    except RateLimiterUnavailable as exc:
        raise RateLimitUnavailable(
            "the rate-limit store cannot be reached, so no call can be admitted",
            hint="retry in a moment; tell the administrator if it persists",
        ) from exc
    if not decision.allowed:
        if metrics is not None and decision.exhausted is not None:
            metrics.rate_limited(decision.exhausted.value)
        raise RateLimited(decision)


class HttpCallGuard:
    """Admits a call by its access token's scopes and the caller's rate limit; counts how calls end."""

    def __init__(self, limiter: RateLimiter | None, metrics: Metrics | None) -> None:
        self._limiter = limiter
        self._metrics = metrics

    async def admit(self, *, writes: bool) -> None:
        await guard_call(get_access_token(), writes=writes, limiter=self._limiter, metrics=self._metrics)

    def observe(self, name: str, outcome: str, seconds: float, error_kind: str | None) -> None:
        if self._metrics is None:
            return
        self._metrics.tool_call(name, outcome, seconds)
        if error_kind is not None:
            self._metrics.error(error_kind)
