"""Prometheus metrics at /metrics and readiness at /readyz."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

import httpx2
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.routing import Route

from mcp_odoo.http.metrics import (
    Metrics,
    OperatorAccess,
    ReadinessCheck,
    metrics_endpoint,
    readiness_endpoint,
)

METRICS_TOKEN = "throwaway-metrics-token-0123456789"
PUBLIC_PEER = ("93.184.216.34", 40000)


async def passing() -> None:
    """A dependency that answers."""


async def refusing() -> None:
    raise ConnectionRefusedError("connection refused by 127.0.0.1:5432")


async def hanging() -> None:
    await asyncio.Event().wait()


def app_with(
    metrics: Metrics, checks: Mapping[str, ReadinessCheck], access: OperatorAccess | None = None
) -> Starlette:
    operators = access or OperatorAccess()
    return Starlette(
        routes=[
            Route("/metrics", metrics_endpoint(metrics, operators)),
            Route("/readyz", readiness_endpoint(checks, operators, timeout_seconds=0.05)),
        ]
    )


async def get(
    app: Starlette, path: str, *, token: str | None = None, peer: tuple[str, int] = ("127.0.0.1", 40000)
) -> httpx2.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app, client=peer), base_url="http://mcp.test", headers=headers
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
    assert response.json() == {"status": "ready"}


async def test_not_ready_says_only_not_ready_to_an_unauthenticated_caller_and_logs_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        response = await get(app_with(Metrics(), {"odoo": passing, "identity_store": refusing}), "/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready"}
    assert "identity_store failed: ConnectionRefusedError" in caplog.text


async def test_not_ready_names_the_failed_check_and_why_to_an_operator() -> None:
    access = OperatorAccess(SecretStr(METRICS_TOKEN))
    app = app_with(Metrics(), {"odoo": passing, "identity_store": refusing}, access)
    response = await get(app, "/readyz", token=METRICS_TOKEN)
    assert response.status_code == 503
    assert response.json()["checks"]["identity_store"].startswith("failed: ConnectionRefusedError")


async def test_hanging_check_counts_as_failed() -> None:
    access = OperatorAccess(SecretStr(METRICS_TOKEN))
    response = await get(app_with(Metrics(), {"redis": hanging}, access), "/readyz", token=METRICS_TOKEN)
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "failed: no answer within 0.05s"


@pytest.mark.parametrize("token", [None, "wrong-token", METRICS_TOKEN[:-1]], ids=["none", "wrong", "prefix"])
async def test_metrics_need_the_metrics_token_when_one_is_set(token: str | None) -> None:
    app = app_with(Metrics(), {}, OperatorAccess(SecretStr(METRICS_TOKEN)))
    response = await get(app, "/metrics", token=token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "mcp_odoo" not in response.text


async def test_metrics_are_served_with_the_metrics_token_from_anywhere() -> None:
    app = app_with(Metrics(), {}, OperatorAccess(SecretStr(METRICS_TOKEN)))
    response = await get(app, "/metrics", token=METRICS_TOKEN, peer=PUBLIC_PEER)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("peer", "status"),
    [(("127.0.0.1", 1), 200), (("10.1.2.3", 1), 200), (("192.168.1.9", 1), 200), (PUBLIC_PEER, 403)],
    ids=["loopback", "10/8", "192.168/16", "public"],
)
async def test_without_a_metrics_token_metrics_are_for_private_networks_only(
    peer: tuple[str, int], status: int
) -> None:
    response = await get(app_with(Metrics(), {}), "/metrics", peer=peer)
    assert response.status_code == status
