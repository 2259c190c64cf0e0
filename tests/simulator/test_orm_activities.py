"""mail.activity as Odoo creates it, ir.model.data served read-only, and activity_schedule's answer on
each protocol (a recordset without @api.returns: ids on JSON-2, its repr on JSON-RPC, a fault on XML-RPC)."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.exceptions import AccessError
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

ADMIN, MCP_BOT, LIMITED = 2, 7, 8
LEAD = 1
TODO = 4
BOT_KEY = DEMO_CREDENTIALS["mcp_bot"]["api_key"]


def lead_model_id(registry: Registry) -> int:
    [row] = registry.execute_kw(ADMIN, "ir.model", "search_read", [[["model", "=", "crm.lead"]], ["id"]], {})
    return int(row["id"])


def activity(registry: Registry, activity_id: int) -> dict[str, Any]:
    fields = ["res_model", "res_model_id", "res_id", "res_name", "user_id", "state", "summary"]
    [row] = registry.execute_kw(ADMIN, "mail.activity", "read", [[activity_id], fields], {})
    return dict(row)


def lead_activities(registry: Registry) -> list[int]:
    [lead] = registry.execute_kw(ADMIN, "crm.lead", "read", [[LEAD], ["activity_ids"]], {})
    return list(lead["activity_ids"])


def create_activity(registry: Registry, uid: int, **values: Any) -> int:
    vals = {"res_model_id": lead_model_id(registry), "res_id": LEAD, "summary": "Call", **values}
    return int(registry.execute_kw(uid, "mail.activity", "create", [vals], {}))


def test_ir_model_data_maps_an_external_id_to_its_record() -> None:
    registry = fresh_registry()
    domain = [["module", "=", "mail"], ["name", "=", "mail_activity_data_todo"]]
    fields = ["complete_name", "model", "res_id", "noupdate"]
    [row] = registry.execute_kw(MCP_BOT, "ir.model.data", "search_read", [domain, fields], {})
    assert (row["complete_name"], row["model"], row["res_id"]) == (
        "mail.mail_activity_data_todo",
        "mail.activity.type",
        TODO,
    )


def test_ir_model_data_describes_its_fields() -> None:
    described = fresh_registry().execute_kw(
        MCP_BOT, "ir.model.data", "fields_get", [], {"attributes": ["type"]}
    )
    assert {"module", "name", "complete_name", "model", "res_id", "noupdate"} <= set(described)


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("write", [[1], {"name": "renamed"}]),
        ("create", [{"module": "x", "name": "y", "model": "res.partner"}]),
    ],
)
def test_ir_model_data_is_read_only_even_for_the_administrator(method: str, args: list[Any]) -> None:
    registry = fresh_registry()
    with pytest.raises(AccessError, match="No group currently allows this operation"):
        registry.execute_kw(ADMIN, "ir.model.data", method, args, {})


def test_creating_an_activity_derives_the_document_and_links_it() -> None:
    registry = fresh_registry()
    activity_id = create_activity(registry, MCP_BOT, date_deadline="2000-01-01")
    created = activity(registry, activity_id)
    assert (created["res_model"], created["res_id"], created["state"]) == ("crm.lead", LEAD, "overdue")
    assert created["res_model_id"][0] == lead_model_id(registry)
    assert created["res_name"] == registry.database.display_name("crm.lead", LEAD)
    assert activity_id in lead_activities(registry)


def test_creating_an_activity_assigns_the_caller_by_default() -> None:
    registry = fresh_registry()
    assert activity(registry, create_activity(registry, MCP_BOT))["user_id"][0] == MCP_BOT


def test_creating_an_activity_needs_write_access_to_the_document() -> None:
    registry = fresh_registry()
    registry.execute_kw(ADMIN, "crm.lead", "write", [[LEAD], {"user_id": ADMIN}], {})
    with pytest.raises(AccessError):
        create_activity(registry, LIMITED)
    assert lead_activities(registry) == []


def test_seeded_activities_read_their_document_model() -> None:
    registry = fresh_registry()
    domain = [["res_model", "!=", False]]
    [row] = registry.execute_kw(
        ADMIN, "mail.activity", "search_read", [domain, ["res_model", "res_model_id"]], {"limit": 1}
    )
    assert row["res_model_id"][0] == registry.database.ir_model_id(row["res_model"])


@pytest.fixture
async def wire() -> AsyncIterator[tuple[Registry, httpx2.AsyncClient]]:
    registry = fresh_registry()
    transport = httpx2.ASGITransport(app=create_app(registry))
    async with httpx2.AsyncClient(transport=transport, base_url="http://simulator") as client:
        yield registry, client


SCHEDULE: list[Any] = ["crm.lead", "activity_schedule", [[LEAD]], {"summary": "Call back"}]


async def test_activity_schedule_over_json2_answers_the_ids(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    response = await client.post(
        "/json/2/crm.lead/activity_schedule",
        json={"ids": [LEAD], "summary": "Call back"},
        headers={"Authorization": f"bearer {BOT_KEY}"},
    )
    assert response.status_code == 200
    assert response.json() == lead_activities(registry)


async def test_activity_schedule_over_jsonrpc_answers_the_recordset_repr(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    params = {"service": "object", "method": "execute_kw", "args": ["demo19", MCP_BOT, BOT_KEY, *SCHEDULE]}
    response = await client.post(
        "/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
    )
    [activity_id] = lead_activities(registry)
    assert response.json()["result"] == f"mail.activity({activity_id},)"


async def test_activity_schedule_on_two_records_over_jsonrpc_shows_both_ids(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    args = ["demo19", MCP_BOT, BOT_KEY, "crm.lead", "activity_schedule", [[LEAD, 2]], {}]
    params = {"service": "object", "method": "execute_kw", "args": args}
    response = await client.post(
        "/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
    )
    [first] = lead_activities(registry)
    assert response.json()["result"] == f"mail.activity({first}, {first + 1})"


async def test_activity_schedule_over_xmlrpc_faults_after_creating_the_activity(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    body = xmlrpc.client.dumps(("demo19", MCP_BOT, BOT_KEY, *SCHEDULE), "execute_kw")
    response = await client.post("/xmlrpc/2/object", content=body)
    with pytest.raises(xmlrpc.client.Fault) as raised:
        xmlrpc.client.loads(response.content)
    fault = raised.value
    assert fault.faultCode == 1
    assert str(fault.faultString).startswith("Traceback (most recent call last):")
    assert (
        str(fault.faultString)
        .rstrip("\n")
        .endswith("TypeError: cannot marshal <class 'odoo.api.mail.activity'> objects")
    )
    assert len(lead_activities(registry)) == 1
