"""The call counter of the simulated Odoo: round trips per protocol/model/method, and writes."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

import httpx2
from starlette.applications import Starlette

from mcp_odoo.simulator.calls import CallKey


async def execute_kw(client: httpx2.AsyncClient, key: str, method: str, *args: Any) -> None:
    params: tuple[Any, ...] = ("demo19", 7, key, "res.partner", method, list(args), {})
    await client.post("/xmlrpc/2/object", content=xmlrpc.client.dumps(params, "execute_kw"))


async def test_rpc_requests_are_counted_by_protocol_model_and_method(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    await execute_kw(client19, creds.key, "read", [9])
    await execute_kw(client19, creds.key, "read", [9])
    await client19.post(
        "/json/2/res.partner/search_count", json={}, headers={"Authorization": f"bearer {creds.key}"}
    )
    calls = app19.state.simulator.calls
    assert calls.snapshot() == {
        CallKey("xmlrpc", "res.partner", "read"): 2,
        CallKey("json2", "res.partner", "search_count"): 1,
    }
    assert calls.count(protocol="xmlrpc") == 2
    assert calls.count(method="search_count") == 1
    assert calls.total == 3


async def test_service_calls_are_counted_under_the_service_name(
    app19: Starlette, client19: httpx2.AsyncClient
) -> None:
    await client19.post("/xmlrpc/2/common", content=xmlrpc.client.dumps((), "version"))
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": "db", "method": "list", "args": []},
        "id": 1,
    }
    await client19.post("/jsonrpc", json=body)
    assert app19.state.simulator.calls.snapshot() == {
        CallKey("xmlrpc", "common", "version"): 1,
        CallKey("jsonrpc", "db", "list"): 1,
    }


async def test_writes_come_from_the_orm_write_count(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    await execute_kw(client19, creds.key, "read", [9])
    assert app19.state.simulator.calls.writes == 0
    await execute_kw(client19, creds.key, "write", [9], {"name": "Renamed"})
    assert app19.state.simulator.calls.writes == 1


async def test_reset_starts_counting_again(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    await execute_kw(client19, creds.key, "write", [9], {"name": "Renamed"})
    calls = app19.state.simulator.calls
    calls.reset()
    assert (calls.total, calls.writes) == (0, 0)


async def test_simulator_reset_forgets_sessions_faults_and_calls(
    app19: Starlette, client19: httpx2.AsyncClient, creds: Any
) -> None:
    state = app19.state.simulator
    session_id = state.sessions.open(7)
    state.faults.drop_database()
    await execute_kw(client19, creds.key, "read", [9])
    state.reset()
    assert state.sessions.uid(session_id) is None
    assert state.faults.database_gone is False
    assert state.calls.total == 0
