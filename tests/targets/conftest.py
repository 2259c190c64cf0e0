"""A server with two Odoo targets (see `target_sessions`): ``production`` (19.0, read-only, the default) and
``staging`` (18.0, writes enabled)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from target_sessions import SERIES, TwoTargets, TwoTargetsFactory

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import NamedTarget, PolicySettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from sessions import HostRouter, odoo_settings


@pytest.fixture
def two_targets(tmp_path: Path) -> TwoTargetsFactory:
    """Open a client session on a two-target server; `writes` names the targets that take writes, `users`
    the demo login the server signs in with on a target (default mcp_bot), keyword arguments are client
    options (elicitation_callback, mode)."""

    @asynccontextmanager
    async def open_session(
        *, writes: tuple[str, ...] = ("staging",), users: dict[str, str] | None = None, **client: Any
    ) -> AsyncIterator[TwoTargets]:
        registries = {name: Registry(series) for name, series in SERIES.items()}
        apps = {name: create_app(registry) for name, registry in registries.items()}
        router = HostRouter({f"{name}.example": httpx2.ASGITransport(app=app) for name, app in apps.items()})
        server = ServerSettings(audit_path=tmp_path / "audit.sqlite3")
        targets = [
            NamedTarget(
                name,
                odoo_settings(registry, url=f"http://{name}.example", **_signed_in(name, users or {})),
                PolicySettings(allow_writes=name in writes),
            )
            for name, registry in registries.items()
        ]
        audit = AuditLog.from_settings(server.audit)
        mcp = build_server(targets, server, transport=router, audit=audit)
        try:
            async with Client(mcp, **client) as session:
                yield TwoTargets(
                    session, mcp, {name: app.state.simulator for name, app in apps.items()}, registries, audit
                )
        finally:
            await audit.aclose()

    return open_session


def _signed_in(target: str, users: dict[str, str]) -> dict[str, str]:
    login = users.get(target)
    return {} if login is None else {"user": login, "api_key": DEMO_CREDENTIALS[login]["api_key"]}
