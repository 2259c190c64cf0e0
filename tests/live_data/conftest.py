"""Fixtures: an MCP server with change subscriptions over the in-process simulator, and another Odoo
user who changes records over the simulator's own JSON-RPC, as anyone in the company would."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
import redis.asyncio as aioredis
from live_helpers import REDIS_URL, LiveServer, ServerFactory, odoo_settings
from mcp.server.subscriptions import InMemorySubscriptionBus, SubscriptionBus
from starlette.applications import Starlette

from mcp_odoo.audit import AuditLog
from mcp_odoo.live import SavedQuery, WatchStore, install_subscriptions
from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import Registry


def settled_clock() -> dt.datetime:
    """A "now" long after any write_date, so no recent change is announced twice on settling."""
    return dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def registry() -> Registry:
    """A fresh 19.0 database (writes happen in every test)."""
    return Registry("19.0")


@pytest.fixture
def app(registry: Registry) -> Starlette:
    return create_app(registry)


@pytest.fixture
def live_server(tmp_path: Path, registry: Registry, app: Starlette) -> ServerFactory:
    """Open a server acting as `user` on the test's simulator, with change subscriptions installed.

    The poller runs while the server is open (`interval` seconds apart); tests that count requests
    give a long interval and poll by hand (`server.live.poll_once()`). Every write_date is settled
    (`now` far ahead) unless a test passes its own `now`.
    """
    numbers = itertools.count()

    @asynccontextmanager
    async def open_server(
        *,
        user: str = "mcp_bot",
        interval: float = 0.05,
        cap: int = 100,
        bus: SubscriptionBus | None = None,
        store: WatchStore | None = None,
        queries: tuple[SavedQuery, ...] = (),
        **options: Any,
    ) -> AsyncIterator[LiveServer]:
        settings = ServerSettings(audit_path=tmp_path / f"audit-{next(numbers)}.sqlite3")
        audit = AuditLog.from_settings(settings.audit)
        chosen_bus = bus if bus is not None else InMemorySubscriptionBus()
        mcp = build_server(
            odoo_settings(registry, user),
            settings,
            transport=httpx2.ASGITransport(app=app),
            audit=audit,
        )
        options.setdefault("now", settled_clock)
        live = install_subscriptions(
            mcp, bus=chosen_bus, store=store, queries=queries, interval=interval, cap=cap, **options
        )
        try:
            async with live.running():
                yield LiveServer(mcp, live, app.state.simulator, registry)
        finally:
            await audit.aclose()

    return open_server


@pytest.fixture
async def redis_client() -> AsyncIterator[aioredis.Redis]:
    """A client as the server makes one (socket timeouts included); skips (fails under CI) without Redis."""
    client = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
    try:
        await client.ping()
    except (aioredis.ConnectionError, OSError) as exc:
        await client.aclose()
        message = f"Redis at {REDIS_URL} is unreachable ({type(exc).__name__}: {exc})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run these tests against it", pytrace=False)
        pytest.skip(message)
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis_client: aioredis.Redis) -> AsyncIterator[str]:
    """Redis keys and channel of this test's own, deleted afterwards."""
    own = f"mcp-odoo-test:live:{secrets.token_hex(6)}"
    yield own
    keys = [key async for key in redis_client.scan_iter(match=f"{own}:*")]
    if keys:
        await redis_client.delete(*keys)
