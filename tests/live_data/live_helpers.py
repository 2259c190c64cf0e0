"""Helpers for change-subscription tests: the server handle, another Odoo user writing over JSON-RPC,
and a collector of the ``notifications/resources/updated`` a 2025-era client receives."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx2
from mcp.server import MCPServer
from mcp_types import ResourceUpdatedNotification
from pydantic import SecretStr
from starlette.applications import Starlette

from mcp_odoo.live import LiveSubscriptions
from mcp_odoo.settings import OdooSettings
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

WAIT_SECONDS = 5.0
"""The longest a test waits for a notification (they come within an interval of 0.05 s)."""
STEP_SECONDS = 0.01
REDIS_URL = os.environ.get("MCP_ODOO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


ServerFactory = Callable[..., AbstractAsyncContextManager["LiveServer"]]
"""``live_server(user=..., interval=...)``: open a server with change subscriptions (conftest)."""


@dataclass
class LiveServer:
    mcp: MCPServer[Any]
    live: LiveSubscriptions
    simulator: Simulator
    registry: Registry

    def polls(self, model: str | None = None) -> int:
        """search_read requests Odoo received (what a poll sends), on `model` if given."""
        return self.simulator.calls.count(model=model, method="search_read")


def at(registry: Registry, *, seconds: int) -> None:
    """Set the simulated time of day to `seconds` past 10:00 UTC (writes in different seconds get
    different write_date, as in Odoo, without waiting for the clock)."""
    moment = dt.datetime(2026, 1, 1, 10, 0, seconds, tzinfo=dt.UTC)
    registry.database.clock = lambda: moment


def odoo_settings(registry: Registry, user: str) -> OdooSettings:
    return OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user=user,
        api_key=SecretStr(DEMO_CREDENTIALS[user]["api_key"]),
    )


class OdooUser:
    """Someone else in the company, changing records through Odoo's JSON-RPC: in process on `app`, or over
    the network at `base_url` when `app` is None (a simulator serving on a socket)."""

    def __init__(
        self,
        app: Starlette | None,
        registry: Registry,
        login: str = "admin",
        *,
        base_url: str = "http://simulator",
    ) -> None:
        self._app = app
        self._base_url = base_url
        self._db = registry.db_name
        self._uid = registry.users[login].uid
        self._key = DEMO_CREDENTIALS[login]["api_key"]

    async def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self._db, self._uid, self._key, model, method, list(args), kwargs],
            },
        }
        transport = httpx2.ASGITransport(app=self._app) if self._app is not None else None
        async with httpx2.AsyncClient(transport=transport, base_url=self._base_url, timeout=10) as client:
            answer = (await client.post("/jsonrpc", json=body)).json()
        assert "error" not in answer, answer["error"]
        return answer["result"]

    async def write(self, model: str, record_id: int, values: dict[str, Any]) -> None:
        await self.execute(model, "write", [record_id], values)

    async def create(self, model: str, values: dict[str, Any]) -> int:
        created = await self.execute(model, "create", values)
        return int(created[0] if isinstance(created, list) else created)


@dataclass
class Notifications:
    """The resource URIs announced to a 2025-era client, in order (its `message_handler`)."""

    uris: list[str] = field(default_factory=list)
    _arrived: anyio.Event = field(default_factory=anyio.Event)

    async def handler(self, message: Any) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            self.uris.append(message.params.uri)
            self._arrived.set()

    async def wait_for(self, uri: str, *, times: int = 1) -> None:
        """Return once `uri` was announced `times` times (fail after `WAIT_SECONDS`)."""
        with anyio.fail_after(WAIT_SECONDS):
            while self.uris.count(uri) < times:
                self._arrived = anyio.Event()
                await self._arrived.wait()


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Return once `check()` holds, trying every `STEP_SECONDS` for at most `WAIT_SECONDS` (for what
    settles in a task the test cannot wait on, e.g. a listen stream's cleanup after its client left)."""
    for _ in range(int(WAIT_SECONDS / STEP_SECONDS)):
        if await check():
            return
        await anyio.sleep(STEP_SECONDS)
    raise AssertionError("the condition did not hold in time")
