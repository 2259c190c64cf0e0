"""Prometheus metrics at /metrics and readiness at /readyz."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx2
from starlette.applications import Starlette
from starlette.routing import Route

from mcp_odoo.http.metrics import (
    Metrics,
    ReadinessCheck,
    metrics_endpoint,
    readiness_endpoint,
)


async def passing() -> None:
    """A dependency that answers."""


async def refusing() -> None:
    raise ConnectionRefusedError("connection refused by 127.0.0.1:5432")


async def hanging() -> None:
    await asyncio.Event().wait()


def app_with(metrics: Metrics, checks: Mapping[str, ReadinessCheck]) -> Starlette:
    return Starlette(
        routes=[
            Route("/metrics", metrics_endpoint(metrics)),
            Route("/readyz", readiness_endpoint(checks, timeout_seconds=0.05)),
        ]
    )


async def get(app: Starlette, path: str) -> httpx2.Response:
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://mcp.test"
    ) as client:
        return await client.get(path)


def sample(metrics: Metrics, name: str, labels: dict[str, str]) -> float | None:
    value: float | None = metrics.registry.get_sample_value(name, labels)
    return value


def test_tool_calls_are_counted_by_tool_and_outcome() -> None:
    metrics = Metrics()
    metrics.tool_call("search_records", "ok", 0.2)
    metrics.tool_call("search_records", "ok", 0.3)
    metrics.tool_call("search_records", "error", 0.1)
    assert sample(metrics, "mcp_odoo_tool_calls_total", {"tool": "search_records", "outcome": "ok"}) == 2


def test_tool_latency_lands_in_a_histogram() -> None:
    metrics = Metrics()
    metrics.tool_call("search_records", "ok", 0.2)
    assert sample(metrics, "mcp_odoo_tool_call_seconds_bucket", {"tool": "search_records", "le": "0.25"}) == 1
    assert sample(metrics, "mcp_odoo_tool_call_seconds_bucket", {"tool": "search_records", "le": "0.1"}) == 0


def test_odoo_rpc_latency_is_recorded_by_method_and_outcome() -> None:
    metrics = Metrics()
    metrics.odoo_rpc("search_read", "ok", 0.04)
    assert sample(metrics, "mcp_odoo_odoo_rpc_seconds_count", {"method": "search_read", "outcome": "ok"}) == 1


def test_errors_are_counted_by_kind() -> None:
    metrics = Metrics()
    metrics.error("access_denied")
    assert sample(metrics, "mcp_odoo_errors_total", {"kind": "access_denied"}) == 1


def test_rate_limit_refusals_are_counted_by_budget() -> None:
    metrics = Metrics()
    metrics.rate_limited("writes")
    assert sample(metrics, "mcp_odoo_rate_limited_total", {"budget": "writes"}) == 1


def test_two_metrics_objects_do_not_share_counters() -> None:
    first, second = Metrics(), Metrics()
    first.error("timeout")
    assert sample(second, "mcp_odoo_errors_total", {"kind": "timeout"}) is None


async def test_metrics_endpoint_serves_the_prometheus_text_format() -> None:
    metrics = Metrics()
    metrics.tool_call("read_record", "ok", 0.01)
    response = await get(app_with(metrics, {}), "/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    assert 'mcp_odoo_tool_calls_total{outcome="ok",tool="read_record"} 1.0' in response.text


async def test_ready_when_every_check_passes() -> None:
    response = await get(app_with(Metrics(), {"odoo": passing, "identity_store": passing}), "/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"odoo": "ok", "identity_store": "ok"}}


async def test_not_ready_names_the_failed_check_and_why() -> None:
    response = await get(app_with(Metrics(), {"odoo": passing, "identity_store": refusing}), "/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["identity_store"].startswith("failed: ConnectionRefusedError")


async def test_hanging_check_counts_as_failed() -> None:
    response = await get(app_with(Metrics(), {"redis": hanging}), "/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "failed: no answer within 0.05s"
