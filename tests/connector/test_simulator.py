"""The connector against the simulated Odoo over real HTTP, for every protocol of 18.0 and 19.0.

The simulators (uvicorn threads) live for the module; each test clears the faults it armed and
counts requests with the simulator's call counter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import (
    AuthenticationFailed,
    BadArguments,
    NotOdoo,
    OdooTimeout,
    OdooUnavailable,
    OdooUnreachable,
    PermissionDenied,
    PrivateMethod,
    RecordMissing,
    UnknownMethod,
    UnknownModel,
)
from mcp_odoo.settings import OdooSettings, Protocol
from mcp_odoo.simulator.calls import CallCounter
from mcp_odoo.simulator.faults import FaultInjector, FaultKind
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator, running_simulator

TARGETS = [
    ("18.0", "xmlrpc"),
    ("18.0", "jsonrpc"),
    ("19.0", "xmlrpc"),
    ("19.0", "jsonrpc"),
    ("19.0", "json2"),
]
MCP_BOT_UID = {"18.0": 8, "19.0": 7}


@dataclass
class Target:
    series: str
    protocol: str
    running: RunningSimulator

    @property
    def calls(self) -> CallCounter:
        return self.running.simulator.calls

    @property
    def faults(self) -> FaultInjector:
        return self.running.simulator.faults

    def settings(self, **overrides: Any) -> OdooSettings:
        values: dict[str, Any] = {
            "url": self.running.base_url,
            "db": "demo" + self.series.split(".")[0],
            "user": "mcp_bot",
            "api_key": DEMO_CREDENTIALS["mcp_bot"]["api_key"],
            "protocol": Protocol(self.protocol),
            "retries": 2,
            "timeout": 5.0,
        }
        values.update(overrides)
        return OdooSettings(**values)

    def client(self, **overrides: Any) -> OdooClient:
        return OdooClient(self.settings(**overrides), retry_delay=0.01)

    def count(self, method: str) -> int:
        return self.calls.count(protocol=self.protocol, method=method)


@pytest.fixture(scope="module")
def simulators() -> Iterator[dict[str, RunningSimulator]]:
    with running_simulator("18.0") as odoo18, running_simulator("19.0") as odoo19:
        yield {"18.0": odoo18, "19.0": odoo19}


@pytest.fixture(params=TARGETS, ids=[f"{series}-{protocol}" for series, protocol in TARGETS])
def target(request: pytest.FixtureRequest, simulators: dict[str, RunningSimulator]) -> Iterator[Target]:
    series, protocol = request.param
    found = Target(series, protocol, simulators[series])
    found.faults.clear()
    yield found
    found.faults.clear()


@pytest.fixture
async def client(target: Target) -> AsyncIterator[OdooClient]:
    async with target.client() as connected:
        await connected.connect()
        yield connected


async def test_connect_learns_version_protocol_and_user(target: Target) -> None:
    async with target.client() as fresh:
        info = await fresh.connect()
    assert (info.series, info.major, info.protocol) == (
        target.series,
        int(target.series[:2]),
        target.protocol,
    )
    assert (info.uid, info.login, info.user_name) == (MCP_BOT_UID[target.series], "mcp_bot", "MCP Bot")
    assert info.company_id in info.company_ids


async def test_search_read_returns_the_demo_companies(client: OdooClient) -> None:
    rows = await client.search_read(
        "res.partner", [["is_company", "=", True]], ["name"], limit=5, order="name"
    )
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    assert "Azure Interior" in {row["name"] for row in rows}
    assert set(rows[0]) == {"id", "name"}


async def test_read_returns_the_asked_fields_of_the_ids(client: OdooClient) -> None:
    [first] = await client.search_read("res.partner", [["name", "=", "Azure Interior"]], ["id"])
    [row] = await client.read("res.partner", [first["id"]], ["name", "is_company"])
    assert row == {"id": first["id"], "name": "Azure Interior", "is_company": True}


async def test_search_count_agrees_with_search_read(client: OdooClient) -> None:
    domain = [["is_company", "=", True]]
    assert await client.search_count("res.partner", domain) == len(
        await client.search_read("res.partner", domain, ["id"])
    )


async def test_fields_get_second_call_sends_no_request(client: OdooClient, target: Target) -> None:
    first = await client.fields_get("res.partner", ["string", "type"])
    before = target.calls.total
    second = await client.fields_get("res.partner", ["string", "type"])
    assert second == first
    assert first["name"]["type"] == "char"
    assert target.calls.total == before


async def test_one_request_per_call_after_warm_up(client: OdooClient, target: Target) -> None:
    before = target.calls.total
    await client.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=5)
    assert target.calls.total == before + 1


async def test_create_returns_an_id_and_write_changes_the_record(client: OdooClient) -> None:
    partner_id = await client.create("res.partner", {"name": "Connector Test Partner"})
    assert isinstance(partner_id, int)
    assert await client.write("res.partner", [partner_id], {"phone": "+32 2 000 00 00"}) is True
    [row] = await client.read("res.partner", [partner_id], ["name", "phone"])
    assert row["phone"] == "+32 2 000 00 00"


async def test_confirming_a_quotation_makes_it_a_sales_order(client: OdooClient) -> None:
    [product] = await client.search_read("product.product", [["sale_ok", "=", True]], ["id"], limit=1)
    [customer] = await client.search_read("res.partner", [["is_company", "=", True]], ["id"], limit=1)
    line = {"product_id": product["id"], "product_uom_qty": 1}
    order_id = await client.create("sale.order", {"partner_id": customer["id"], "order_line": [[0, 0, line]]})
    assert await client.call("sale.order", "action_confirm", ids=[order_id]) is True
    [order] = await client.read("sale.order", [order_id], ["state"])
    assert order["state"] == "sale"


async def test_read_group_gives_the_common_shape(client: OdooClient) -> None:
    groups = await client.read_group("sale.order", [], ["partner_id"], ["amount_total:sum"])
    assert groups
    assert set(groups[0]) == {"partner_id", "amount_total:sum", "__count", "__domain"}
    assert sum(group["__count"] for group in groups) == await client.search_count("sale.order", [])


async def test_unlink_without_the_right_is_permission_denied(client: OdooClient) -> None:
    [partner] = await client.search_read("res.partner", [["is_company", "=", True]], ["id"], limit=1)
    with pytest.raises(PermissionDenied):
        await client.call("res.partner", "unlink", ids=[partner["id"]])


async def test_write_on_a_missing_record_is_record_missing(client: OdooClient) -> None:
    with pytest.raises(RecordMissing):
        await client.write("res.partner", [999999999], {"phone": "1"})


async def test_bad_domain_is_bad_arguments(client: OdooClient) -> None:
    with pytest.raises(BadArguments):
        await client.search_count("res.partner", [["no_such_field", "=", 1]])


async def test_private_method_is_refused_without_reaching_odoo(client: OdooClient, target: Target) -> None:
    before = target.calls.total
    with pytest.raises(PrivateMethod):
        await client.call("res.partner", "_read", ids=[1])
    assert target.calls.total == before


async def test_unknown_model_is_unknown_model(client: OdooClient) -> None:
    with pytest.raises(UnknownModel):
        await client.search_count("no.such.model", [])


async def test_unknown_method_is_unknown_method(client: OdooClient) -> None:
    with pytest.raises(UnknownMethod):
        await client.call("res.partner", "no_such_method", ids=[1])


async def test_revoked_key_fails_after_one_new_login(target: Target) -> None:
    async with target.client() as revoked:
        await revoked.connect()
        logins_before = target.calls.count(method="authenticate")
        target.faults.revoke_api_key(DEMO_CREDENTIALS["mcp_bot"]["api_key"])
        with pytest.raises(AuthenticationFailed) as raised:
            await revoked.search_count("res.partner", [])
    target.faults.clear()
    assert DEMO_CREDENTIALS["mcp_bot"]["api_key"] not in str(raised.value)
    expected_logins = 0 if target.protocol == "json2" else 1
    assert target.calls.count(method="authenticate") - logins_before == expected_logins


async def test_read_is_retried_after_a_502(client: OdooClient, target: Target) -> None:
    before = target.count("search_count")
    target.faults.arm(FaultKind.PROXY_ERROR, times=1, method="search_count")
    assert await client.search_count("res.partner", []) > 0
    assert target.count("search_count") - before == 2


async def test_write_is_not_retried_after_a_502(client: OdooClient, target: Target) -> None:
    before = target.count("write")
    target.faults.arm(FaultKind.PROXY_ERROR, times=1, method="write")
    with pytest.raises(OdooUnavailable):
        await client.write("res.partner", [1], {"comment": "never twice"})
    assert target.count("write") - before == 1


async def test_read_is_retried_after_a_lock_conflict(client: OdooClient, target: Target) -> None:
    before = target.count("search_count")
    target.faults.lock_conflict(times=1, method="search_count")
    assert await client.search_count("res.partner", []) > 0
    assert target.count("search_count") - before == 2


async def test_dropped_connection_on_a_write_is_unreachable_and_not_retried(
    client: OdooClient, target: Target
) -> None:
    before = target.count("write")
    target.faults.arm(FaultKind.DROP_CONNECTION, times=1, method="write")
    with pytest.raises(OdooUnreachable):
        await client.write("res.partner", [1], {"comment": "dropped"})
    assert target.count("write") - before == 1


async def test_slow_answer_is_a_timeout(target: Target) -> None:
    async with target.client(timeout=0.2, retries=0) as impatient:
        await impatient.connect()
        target.faults.latency(1.0, times=1, method="search_count")
        with pytest.raises(OdooTimeout):
            await impatient.search_count("res.partner", [])


async def test_answer_over_the_size_limit_is_refused(target: Target) -> None:
    async with target.client(max_response_bytes=4096) as bounded:
        await bounded.connect()
        with pytest.raises(NotOdoo, match="answer too large"):
            await bounded.search_read("res.partner", [], ["name", "display_name", "email", "street", "city"])
