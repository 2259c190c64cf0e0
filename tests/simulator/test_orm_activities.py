"""mail.activity as Odoo creates it, ir.model.data served read-only, and activity_schedule's answer on
each protocol (a recordset without @api.returns: ids on JSON-2 and, through 19.0's call_kw, on every
protocol; on 18.0 its repr on JSON-RPC and a fault on XML-RPC)."""

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
MCP_BOT_18 = 8
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
    [row] = registry.execute_kw(ADMIN, "ir.model.data", "search_read", [domain, fields], {})
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


def test_default_get_gives_the_ir_model_of_default_res_model() -> None:
    registry = fresh_registry()
    defaults = registry.execute_kw(
        MCP_BOT,
        "mail.activity",
        "default_get",
        [["res_model_id", "res_model"]],
        {"context": {"default_res_model": "crm.lead"}},
    )
    assert defaults == {"res_model": "crm.lead", "res_model_id": lead_model_id(registry)}


def test_an_activity_created_with_default_res_model_gets_its_document_model() -> None:
    registry = fresh_registry()
    activity_id = registry.execute_kw(
        MCP_BOT,
        "mail.activity",
        "create",
        [{"res_id": LEAD, "summary": "Call"}],
        {"context": {"default_res_model": "crm.lead"}},
    )
    assert activity(registry, activity_id)["res_model_id"][0] == lead_model_id(registry)


@pytest.fixture(params=["19.0"])
async def wire(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Registry, httpx2.AsyncClient]]:
    registry = fresh_registry(request.param)
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


async def rpc_schedule(client: httpx2.AsyncClient, series: str, uid: int, ids: list[int]) -> Any:
    args = [f"demo{series[:2]}", uid, BOT_KEY, "crm.lead", "activity_schedule", [ids], {"summary": "Call"}]
    params = {"service": "object", "method": "execute_kw", "args": args}
    response = await client.post(
        "/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
    )
    return response.json()["result"]


async def test_activity_schedule_on_19_answers_the_ids_over_jsonrpc(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    result = await rpc_schedule(client, "19.0", MCP_BOT, [LEAD])
    assert result == lead_activities(registry)


async def test_activity_schedule_on_19_answers_the_ids_over_xmlrpc(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    body = xmlrpc.client.dumps(("demo19", MCP_BOT, BOT_KEY, *SCHEDULE), "execute_kw")
    response = await client.post("/xmlrpc/2/object", content=body)
    assert xmlrpc.client.loads(response.content)[0][0] == lead_activities(registry)


@pytest.mark.parametrize("wire", ["18.0"], indirect=True)
async def test_activity_schedule_on_18_answers_the_recordset_repr_over_jsonrpc(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    result = await rpc_schedule(client, "18.0", MCP_BOT_18, [LEAD])
    [activity_id] = lead_activities(registry)
    assert result == f"mail.activity({activity_id},)"


@pytest.mark.parametrize("wire", ["18.0"], indirect=True)
async def test_activity_schedule_on_18_on_two_records_over_jsonrpc_shows_both_ids(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    result = await rpc_schedule(client, "18.0", MCP_BOT_18, [LEAD, 2])
    [first] = lead_activities(registry)
    assert result == f"mail.activity({first}, {first + 1})"


@pytest.mark.parametrize("wire", ["18.0"], indirect=True)
async def test_activity_schedule_on_18_over_xmlrpc_faults_after_creating_the_activity(
    wire: tuple[Registry, httpx2.AsyncClient],
) -> None:
    registry, client = wire
    body = xmlrpc.client.dumps(("demo18", MCP_BOT_18, BOT_KEY, *SCHEDULE), "execute_kw")
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
