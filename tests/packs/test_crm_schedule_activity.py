"""schedule_activity on 18.0 and 19.0 over every protocol the series speaks: exactly one activity of Odoo's
default type (To-Do), with the deadline, summary and assignee asked for, linked to the document; the
document's model and the default type come from mail.activity's defaults, never from ir.model or
ir.model.data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, Protocol, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from sessions import Session
from tool_results import structured

PROTOCOLS = [
    ("18.0", Protocol.JSONRPC),
    ("18.0", Protocol.XMLRPC),
    ("19.0", Protocol.JSON2),
    ("19.0", Protocol.JSONRPC),
    ("19.0", Protocol.XMLRPC),
]
_REGISTRIES: dict[str, Registry] = {}


@asynccontextmanager
async def session_over(series: str, protocol: Protocol, tmp_path: Path) -> AsyncIterator[Session]:
    """A writing pack session on a freshly reset simulator, speaking `protocol` to it."""
    registry = _REGISTRIES.get(series) or _REGISTRIES.setdefault(series, Registry(series))
    registry.reset()
    odoo = OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
        protocol=protocol,
    )
    settings = ServerSettings(allow_writes=True, audit_path=tmp_path / "audit.sqlite3")
    audit = AuditLog.from_settings(settings.audit)
    app = create_app(registry)
    mcp = build_server(odoo, settings, transport=httpx2.ASGITransport(app=app), audit=audit)
    try:
        async with Client(mcp) as client:
            yield Session(client, mcp, app.state.simulator, registry, audit)
    finally:
        await audit.aclose()


def activities_of(registry: Registry, model: str, record_id: int) -> list[dict[str, Any]]:
    admin = registry.users["admin"].uid
    fields = ["activity_type_id", "date_deadline", "summary", "user_id", "res_model", "res_id"]
    domain = [["res_model", "=", model], ["res_id", "=", record_id]]
    rows: list[dict[str, Any]] = registry.execute_kw(
        admin, "mail.activity", "search_read", [domain, fields], {}
    )
    return rows


def default_activity_type(registry: Registry, model: str) -> int | bool:
    """The type Odoo's defaults give a new activity on a document of `model`, as mcp_bot asks for them
    (To-Do in a stock Odoo 16-19: verified by the live tier)."""
    bot = registry.users["mcp_bot"].uid
    context = {"context": {"default_res_model": model}}
    defaults = registry.execute_kw(
        bot, "mail.activity", "default_get", [["res_model", "activity_type_id"]], context
    )
    return int(defaults["activity_type_id"]) if defaults.get("activity_type_id") else False


def linked_activities(registry: Registry, model: str, record_id: int) -> list[int]:
    admin = registry.users["admin"].uid
    [row] = registry.execute_kw(admin, model, "read", [[record_id], ["activity_ids"]], {})
    return list(row["activity_ids"])


@pytest.mark.parametrize(("series", "protocol"), PROTOCOLS, ids=[f"{s}-{p.value}" for s, p in PROTOCOLS])
async def test_schedule_activity_creates_one_activity_of_odoos_default_type_for_the_assignee(
    series: str, protocol: Protocol, tmp_path: Path
) -> None:
    async with session_over(series, protocol, tmp_path) as s:
        before = activities_of(s.registry, "crm.lead", 1)
        result = structured(
            await s.call(
                "schedule_activity",
                model="crm.lead",
                record=1,
                summary="Send the quote",
                due_date="2030-01-15",
                assignee="demo",
            )
        )
        registry = s.registry
    [created] = [row for row in activities_of(registry, "crm.lead", 1) if row not in before]
    assert result["record"]["activity_ids"] == [created["id"]]
    assert result["record"]["date_deadline"] == "2030-01-15"
    assert (created["activity_type_id"] or [False])[0] == default_activity_type(registry, "crm.lead")
    assert created["activity_type_id"][1] == "To-Do"
    assert (created["summary"], created["date_deadline"]) == ("Send the quote", "2030-01-15")
    assert created["user_id"][0] == registry.users["demo"].uid
    assert created["id"] in linked_activities(registry, "crm.lead", 1)


@pytest.mark.parametrize(("series", "protocol"), PROTOCOLS, ids=[f"{s}-{p.value}" for s, p in PROTOCOLS])
async def test_schedule_activity_without_assignee_assigns_the_server_user(
    series: str, protocol: Protocol, tmp_path: Path
) -> None:
    async with session_over(series, protocol, tmp_path) as s:
        result = structured(
            await s.call(
                "schedule_activity",
                model="res.partner",
                record="Azure Interior",
                summary="Call",
                due_date="2030-02-01",
            )
        )
        [activity_id] = result["record"]["activity_ids"]
        [created] = [
            row
            for row in activities_of(s.registry, "res.partner", result["record"]["id"])
            if row["id"] == activity_id
        ]
    assert created["user_id"][0] == s.registry.users["mcp_bot"].uid


async def test_a_second_activity_asks_odoo_for_the_activity_defaults_no_more(tmp_path: Path) -> None:
    async with session_over("19.0", Protocol.JSON2, tmp_path) as s:
        arguments = {"model": "crm.lead", "record": 1, "summary": "Call", "due_date": "2030-03-01"}
        first = await s.call("schedule_activity", **arguments)
        calls = s.simulator.calls
        defaults_first = calls.count(model="mail.activity", method="default_get")
        calls.reset()
        second = await s.call("schedule_activity", **arguments)
        defaults_second = calls.count(model="mail.activity", method="default_get")
        admin_only = calls.count(model="ir.model") + calls.count(model="ir.model.data")
    assert not first.is_error
    assert not second.is_error
    assert (defaults_first, defaults_second, admin_only) == (1, 0, 0)
    assert calls.count(model="mail.activity", method="create") == 1
