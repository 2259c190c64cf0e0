"""What operators observe: Prometheus metrics (``/metrics``) and readiness (``/readyz``).

``Metrics`` owns its own registry, so several servers (or tests) in one process never collide.
Label values must come from small fixed sets (tool names, outcomes, error kinds, Odoo methods):
never record subjects, record ids or messages as labels.

Who sees what (`OperatorAccess`): ``/metrics`` needs the bearer token ``MCP_ODOO_METRICS_TOKEN`` when
one is set, and is otherwise answered only to callers on loopback or private networks (the shipped
nginx template's rule, held by the server itself when nothing stands in front of it). ``/readyz``
says ready or not ready to anyone; which check failed and why is shown only to an authenticated
caller (a valid MCP bearer token, or the metrics token) and is always logged.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

logger = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]
ReadinessCheck = Callable[[], Awaitable[None]]
"""Returns when a dependency is usable, raises when it is not."""

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_MAX_FAILURE_CHARS = 200


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self._tool_calls = Counter(
            "mcp_odoo_tool_calls",
            "Tool calls by tool and outcome",
            ["tool", "outcome"],
            registry=self.registry,
        )
        self._tool_seconds = Histogram(
            "mcp_odoo_tool_call_seconds",
            "Tool call duration, from arguments received to answer rendered",
            ["tool"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._errors = Counter("mcp_odoo_errors", "Errors by kind", ["kind"], registry=self.registry)
        self._rpc_seconds = Histogram(
            "mcp_odoo_odoo_rpc_seconds",
            "Odoo RPC duration by ORM method and outcome",
            ["method", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._rate_limited = Counter(
            "mcp_odoo_rate_limited",
            "Calls refused by a rate limit, by budget",
            ["budget"],
            registry=self.registry,
        )

    def tool_call(self, tool: str, outcome: str, seconds: float) -> None:
        self._tool_calls.labels(tool=tool, outcome=outcome).inc()
        self._tool_seconds.labels(tool=tool).observe(seconds)

    def error(self, kind: str) -> None:
        self._errors.labels(kind=kind).inc()

    def odoo_rpc(self, method: str, outcome: str, seconds: float) -> None:
        self._rpc_seconds.labels(method=method, outcome=outcome).observe(seconds)

    def rate_limited(self, budget: str) -> None:
        self._rate_limited.labels(budget=budget).inc()

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric."""
        return generate_latest(self.registry)


@dataclass(frozen=True)
class OperatorAccess:
    """Who may read ``/metrics`` and the details of ``/readyz``."""

    metrics_token: SecretStr | None = None

    def _presents_metrics_token(self, request: Request) -> bool:
        if self.metrics_token is None:
            return False
        offered = request.headers.get("authorization", "").encode()
        expected = f"Bearer {self.metrics_token.get_secret_value()}".encode()
        return hmac.compare_digest(offered, expected)

    def may_read_metrics(self, request: Request) -> bool:
        if self.metrics_token is not None:
            return self._presents_metrics_token(request)
        return _on_private_network(request)

    def may_see_readiness_details(self, request: Request) -> bool:
        authenticated = isinstance(request.scope.get("user"), AuthenticatedUser)
        return authenticated or self._presents_metrics_token(request)


def _on_private_network(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


def metrics_endpoint(metrics: Metrics, access: OperatorAccess) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        if not access.may_read_metrics(request):
            if access.metrics_token is not None:
                return Response(status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
            return Response(status_code=403)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return endpoint


async def _run_check(check: ReadinessCheck, timeout_seconds: float) -> str:
    try:
        await asyncio.wait_for(check(), timeout_seconds)
    except TimeoutError:
        return f"failed: no answer within {timeout_seconds:g}s"
    except Exception as exc:
        return f"failed: {type(exc).__name__}: {exc}"[:_MAX_FAILURE_CHARS]
    return "ok"


async def readiness(checks: Mapping[str, ReadinessCheck], timeout_seconds: float = 5.0) -> dict[str, str]:
    """Every check run concurrently; each name maps to ``ok`` or ``failed: <why>``."""
    results = await asyncio.gather(*(_run_check(check, timeout_seconds) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


def readiness_endpoint(
    checks: Mapping[str, ReadinessCheck], access: OperatorAccess, timeout_seconds: float = 5.0
) -> Endpoint:
    """``/readyz``: 200 when every check passes, else 503. The body says which check failed and why only
    to a caller `access` lets see it; failures are logged."""

    async def endpoint(request: Request) -> Response:
        results = await readiness(checks, timeout_seconds)
        ready = all(result == "ok" for result in results.values())
        if not ready:
            failed = "; ".join(f"{name} {result}" for name, result in results.items() if result != "ok")
            logger.warning("not ready: %s", failed)
        body: dict[str, object] = {"status": "ready" if ready else "not ready"}
        if access.may_see_readiness_details(request):
            body["checks"] = results
        return JSONResponse(body, status_code=200 if ready else 503)

    return endpoint
