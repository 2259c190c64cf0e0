"""An MCP client session on `build_server` with the resources and prompts, over the in-process simulator.

async with odoo_session("19.0", password=True, pdf_engine=False) as session:
    text = await session.read_text("odoo://res.partner/15")
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp_types import BlobResourceContents, TextResourceContents
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

SERIES = ("18.0", "19.0")


@dataclass
class OdooSession:
    client: Client
    registry: Registry
    simulator: Simulator
    audit: AuditLog

    def odoo(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Ask the simulated Odoo directly, as mcp_bot (to compare with what the server shows)."""
        uid = self.registry.authenticate("mcp_bot", DEMO_CREDENTIALS["mcp_bot"]["api_key"])
        assert uid is not None
        return self.registry.execute_kw(uid, model, method, list(args), kwargs)

    def record(self, model: str, record_id: int, fields: list[str]) -> dict[str, Any]:
        rows: list[dict[str, Any]] = self.odoo(model, "read", [record_id], fields=fields)
        return rows[0]

    def find(self, model: str, domain: list[Any]) -> dict[str, Any]:
        rows: list[dict[str, Any]] = self.odoo(model, "search_read", domain, fields=["id", "name"], limit=1)
        assert rows, f"no {model} matches {domain}"
        return rows[0]

    async def read_text(self, uri: str) -> str:
        result = await self.client.read_resource(uri)
        content = result.contents[0]
        assert isinstance(content, TextResourceContents)
        return content.text

    async def read_bytes(self, uri: str) -> tuple[bytes, str | None]:
        result = await self.client.read_resource(uri)
        content = result.contents[0]
        assert isinstance(content, BlobResourceContents)
        return base64.b64decode(content.blob), content.mime_type


@cache
def shared_registry(series: str) -> Registry:
    """One seeded database per series for all these tests: they only read (and get portal tokens)."""
    return Registry(series)


@asynccontextmanager
async def odoo_session(
    series: str = "19.0",
    *,
    tmp_path: Path,
    password: bool = False,
    pdf_engine: bool = True,
    database: Registry | None = None,
    **server: Any,
) -> AsyncIterator[OdooSession]:
    """A fresh simulator and server; keyword arguments are ServerSettings fields. `database` replaces the
    shared one (e.g. a Registry answering as another Odoo series does)."""
    registry = database or shared_registry(series)
    app = create_app(registry, pdf_engine=pdf_engine)
    settings = ServerSettings(audit_path=tmp_path / "audit.sqlite3", **server)
    credentials = DEMO_CREDENTIALS["mcp_bot"]
    odoo = OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(credentials["api_key"]),
        password=SecretStr(credentials["password"]) if password else None,
    )
    audit = AuditLog.from_settings(settings.audit)
    mcp = build_server(odoo, settings, transport=httpx2.ASGITransport(app=app), audit=audit)
    try:
        async with Client(mcp) as client:
            yield OdooSession(client, registry, app.state.simulator, audit)
    finally:
        await audit.aclose()
