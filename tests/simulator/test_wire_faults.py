"""Fault injection of the simulated Odoo, switched on at runtime through app.state.simulator.faults."""

from __future__ import annotations

import xml.parsers.expat
import xmlrpc.client
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette

from mcp_odoo.simulator.faults import FaultKind


def read_call(key: str) -> bytes:
    params = ("demo19", 7, key, "res.partner", "read", [[9]], {"fields": ["name"]})
    return xmlrpc.client.dumps(params, "execute_kw").encode()


async def xmlrpc_read(client: httpx2.AsyncClient, key: str) -> Any:
    response = await client.post("/xmlrpc/2/object", content=read_call(key))
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def json2_headers(key: str) -> dict[str, str]:
    return {"Authorization": f"bearer {key}", "X-Odoo-Database": "demo19"}


async def test_latency_fault_still_answers_and_is_used_up(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    faults = app19.state.simulator.faults
    faults.latency(0.001, times=1)
    assert await xmlrpc_read(client19, creds.key) == [{"id": 9, "name": "Acme Corporation"}]
    assert faults.armed == []


async def test_lock_conflict_fails_the_next_rpc_call_with_a_serialization_failure(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.lock_conflict(times=1)
    fault = await xmlrpc_read(client19, creds.key)
    assert fault.faultCode == 1
    assert fault.faultString.rstrip().endswith(
        "psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update"
    )
    assert await xmlrpc_read(client19, creds.key) == [{"id": 9, "name": "Acme Corporation"}]


async def test_lock_conflict_is_a_409_lock_error_on_json2(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.lock_conflict(times=2, protocol="json2")
    for _ in range(2):
        response = await client19.post(
            "/json/2/res.partner/read",
            json={"ids": [9], "fields": ["name"]},
            headers=json2_headers(creds.key),
        )
        assert (response.status_code, response.json()["name"]) == (409, "odoo.exceptions.LockError")
    response = await client19.post(
        "/json/2/res.partner/read", json={"ids": [9]}, headers=json2_headers(creds.key)
    )
    assert response.status_code == 200


async def test_faults_can_target_one_method(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.lock_conflict(times=1, model="res.partner", method="write")
    assert await xmlrpc_read(client19, creds.key) == [{"id": 9, "name": "Acme Corporation"}]
    assert len(app19.state.simulator.faults.armed) == 1


async def test_proxy_error_answers_a_502_page(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.arm(FaultKind.PROXY_ERROR, times=1)
    response = await client19.post("/xmlrpc/2/object", content=read_call(creds.key))
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")


async def test_malformed_body_cannot_be_parsed(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.arm(FaultKind.MALFORMED_BODY, times=1)
    response = await client19.post("/xmlrpc/2/object", content=read_call(creds.key))
    assert response.status_code == 200
    with pytest.raises(xml.parsers.expat.ExpatError):
        xmlrpc.client.loads(response.content)


async def test_dropped_connection_gives_no_answer(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.arm(FaultKind.DROP_CONNECTION, times=1)
    with pytest.raises(ConnectionResetError):
        await client19.post("/xmlrpc/2/object", content=read_call(creds.key))


async def test_database_gone_answers_like_a_wrong_database(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.drop_database()
    fault = await xmlrpc_read(client19, creds.key)
    assert fault.faultString.rstrip().rsplit("\n", 1)[-1].startswith("psycopg2.OperationalError:")
    response = await client19.post(
        "/json/2/res.partner/read", json={"ids": [9]}, headers=json2_headers(creds.key)
    )
    assert response.status_code == 404
    assert "No database is selected" in response.text


async def test_database_can_come_back(app19: Starlette, client19: httpx2.AsyncClient, creds: Any) -> None:
    faults = app19.state.simulator.faults
    faults.drop_database()
    faults.restore_database()
    assert await xmlrpc_read(client19, creds.key) == [{"id": 9, "name": "Acme Corporation"}]


async def test_revoked_key_stops_working_everywhere(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    app19.state.simulator.faults.revoke_api_key(creds.key)
    assert (await xmlrpc_read(client19, creds.key)).faultCode == 3
    login = xmlrpc.client.dumps(("demo19", "mcp_bot", creds.key, {}), "authenticate")
    assert (
        xmlrpc.client.loads((await client19.post("/xmlrpc/2/common", content=login)).content)[0][0] is False
    )
    response = await client19.post(
        "/json/2/res.partner/read", json={"ids": [9]}, headers=json2_headers(creds.key)
    )
    assert response.status_code == 401


def test_times_must_be_positive(app19: Starlette) -> None:
    with pytest.raises(ValueError, match="times must be at least 1"):
        app19.state.simulator.faults.arm(FaultKind.LATENCY, times=0)


async def test_clear_disarms_everything(app19: Starlette, client19: httpx2.AsyncClient, creds: Any) -> None:
    faults = app19.state.simulator.faults
    faults.arm(FaultKind.PROXY_ERROR)
    faults.revoke_api_key(creds.key)
    faults.clear()
    assert await xmlrpc_read(client19, creds.key) == [{"id": 9, "name": "Acme Corporation"}]
