"""What operators observe: Prometheus metrics (``/metrics``) and readiness (``/readyz``).

``Metrics`` owns its own registry, so several servers (or tests) in one process never collide.
Label values must come from small fixed sets (tool names, outcomes, error kinds, Odoo methods):
never record subjects, record ids or messages as labels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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


def metrics_endpoint(metrics: Metrics) -> Endpoint:
    async def endpoint(request: Request) -> Response:
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


def readiness_endpoint(checks: Mapping[str, ReadinessCheck], timeout_seconds: float = 5.0) -> Endpoint:
    """``/readyz``: 200 when every check passes, else 503; the JSON body says which failed and why."""

    async def endpoint(request: Request) -> Response:
        results = await readiness(checks, timeout_seconds)
        ready = all(result == "ok" for result in results.values())
        body = {"status": "ready" if ready else "not ready", "checks": results}
        return JSONResponse(body, status_code=200 if ready else 503)

    return endpoint
