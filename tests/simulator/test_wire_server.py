"""The simulated Odoo served over real HTTP by uvicorn (the helper tests and `mcp-odoo simulator` use)."""

from __future__ import annotations

import xmlrpc.client
from typing import Any, cast

import httpx2
import pytest

from mcp_odoo.simulator.faults import FaultKind
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator


def test_stdlib_xmlrpc_client_talks_to_the_simulator(running_odoo: RunningSimulator) -> None:
    series = running_odoo.simulator.series
    common = xmlrpc.client.ServerProxy(f"{running_odoo.base_url}/xmlrpc/2/common")
    version = cast(dict[str, Any], common.version())
    assert version["server_serie"] == series
    key = DEMO_CREDENTIALS["mcp_bot"]["api_key"]
    assert isinstance(common.authenticate(running_odoo.simulator.backend.db_name, "mcp_bot", key, {}), int)


def test_dropped_connection_is_a_transport_error_over_http(running_odoo: RunningSimulator) -> None:
    running_odoo.simulator.faults.arm(FaultKind.DROP_CONNECTION, times=1)
    with httpx2.Client(base_url=running_odoo.base_url) as client, pytest.raises(httpx2.TransportError):
        client.post("/xmlrpc/2/common", content=xmlrpc.client.dumps((), "version"))
    assert running_odoo.simulator.faults.armed == []


def test_simulator_url_serves_the_web_version(simulator_url: str) -> None:
    with httpx2.Client(base_url=simulator_url) as client:
        response = client.post(
            "/web/webclient/version_info", json={"jsonrpc": "2.0", "method": "call", "params": {}}
        )
    assert response.json()["result"]["protocol_version"] == 1
