"""Odoo failing in every common way, seen by an MCP client: a clear, specific error within the configured
timeout, bounded retries for reads, never a second send of a write, and a server that serves the next call.

The simulator runs over real HTTP (18.0 and 19.0) so that timeouts and dropped connections are real.
"""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.faults import FaultKind
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator
from mcp_odoo.simulator.wire.state import Simulator

from .harness import error_kind, leaks

TIMEOUT = 0.5
RETRIES = 2
RETRY_PAUSES = 0.2 + 0.4
"""The connector's pauses between the attempts of a read (0.2 s, doubled each time)."""
READ_BUDGET = (RETRIES + 1) * TIMEOUT + RETRY_PAUSES
PATIENT_TIMEOUT = 1.0
"""For the slow answer that must be served: 0.7 s beyond its 0.3 s delay, room for a loaded machine (a
pause of the simulator's thread past 0.5 s would otherwise read as a timeout)."""
SCHEDULING_SLACK = 3.0
"""Generous room for a loaded CI machine: the bound checks 'within the timeout', not speed."""
BOT_KEY = DEMO_CREDENTIALS["mcp_bot"]["api_key"]
COUNT = {"model": "res.partner"}
NEW_PARTNER = {"model": "res.partner", "values": {"name": "Fault Test Partner"}}


@dataclass
class FaultSession:
    client: Client
    simulator: Simulator

    async def call(self, tool: str, arguments: dict[str, Any]) -> CallToolResult:
        return await self.client.call_tool(tool, arguments)

    async def timed_call(self, tool: str, arguments: dict[str, Any]) -> tuple[CallToolResult, float]:
        started = time.monotonic()
        result = await self.call(tool, arguments)
        return result, time.monotonic() - started


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was free a moment ago): connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@asynccontextmanager
async def mcp_over(
    url: str, db: str, simulator: Simulator, tmp_path: Path, odoo_timeout: float
) -> AsyncIterator[FaultSession]:
    odoo = OdooSettings(
        url=url, db=db, user="mcp_bot", api_key=SecretStr(BOT_KEY), timeout=odoo_timeout, retries=RETRIES
    )
    server = ServerSettings(allow_writes=True, audit_path=tmp_path / "audit.sqlite3")
    async with Client(build_server(odoo, server)) as client:
        yield FaultSession(client, simulator)


@pytest.fixture
def faulty(running_odoo: RunningSimulator, tmp_path: Path) -> Any:
    """``async with faulty() as s:`` an MCP session on the real-HTTP simulator (fresh, no faults);
    ``faulty(url, odoo_timeout=...)`` for another Odoo URL or timeout."""
    db = "demo" + running_odoo.simulator.backend.series.split(".")[0]
    return lambda url=None, odoo_timeout=TIMEOUT: mcp_over(
        url or running_odoo.base_url, db, running_odoo.simulator, tmp_path, odoo_timeout
    )


def assert_clear_error(result: CallToolResult, *kinds: str) -> None:
    assert result.is_error
    assert error_kind(result) in kinds
    assert leaks(result) == []


async def test_a_refused_connection_is_unreachable_within_the_timeout(faulty: Any) -> None:
    async with faulty(closed_port_url()) as session:
        result, elapsed = await session.timed_call("count_records", COUNT)
        again = await session.call("count_records", COUNT)
    assert_clear_error(result, "unreachable")
    assert elapsed < READ_BUDGET + SCHEDULING_SLACK
    assert_clear_error(again, "unreachable")


async def test_a_dropped_connection_on_a_read_is_retried_once_and_served(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.arm(FaultKind.DROP_CONNECTION, times=1, method="search_count")
        result = await session.call("count_records", COUNT)
    assert not result.is_error
    assert session.simulator.calls.count(method="search_count") == 2


async def test_a_read_odoo_received_and_did_not_answer_in_time_is_not_sent_again(faulty: Any) -> None:
    """Odoo may still be working on it (a huge search): a second send would only double its load."""
    async with faulty() as session:
        await session.call("count_records", COUNT)
        session.simulator.calls.reset()
        session.simulator.faults.latency(TIMEOUT * 3, method="search_count")
        result, elapsed = await session.timed_call("count_records", COUNT)
    assert_clear_error(result, "timeout")
    assert session.simulator.calls.count(method="search_count") == 1
    assert elapsed < TIMEOUT + SCHEDULING_SLACK


async def test_the_server_serves_the_next_call_after_a_timeout(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.latency(TIMEOUT * 3, times=1, method="search_count")
        await session.call("count_records", COUNT)
        result = await session.call("count_records", COUNT)
    assert not result.is_error


async def test_a_slow_answer_inside_the_timeout_is_served(faulty: Any) -> None:
    async with faulty(odoo_timeout=PATIENT_TIMEOUT) as session:
        session.simulator.faults.latency(TIMEOUT * 0.6, method="search_count")
        result = await session.call("count_records", COUNT)
    assert not result.is_error
    assert session.simulator.calls.count(method="search_count") == 1


async def test_a_proxy_502_page_is_unavailable_after_bounded_retries(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.arm(FaultKind.PROXY_ERROR, method="search_count")
        result = await session.call("count_records", COUNT)
    assert_clear_error(result, "unavailable")
    assert "<html" not in result.content[0].text.lower()
    assert session.simulator.calls.count(method="search_count") == RETRIES + 1


async def test_the_server_serves_the_next_call_once_the_proxy_recovers(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.arm(FaultKind.PROXY_ERROR, times=RETRIES + 1, method="search_count")
        await session.call("count_records", COUNT)
        result = await session.call("count_records", COUNT)
    assert not result.is_error


async def test_a_malformed_body_is_a_clear_error_and_the_next_call_is_served(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.arm(FaultKind.MALFORMED_BODY, method="search_count")
        result = await session.call("count_records", COUNT)
        session.simulator.faults.clear()
        after = await session.call("count_records", COUNT)
    assert_clear_error(result, "not_odoo")
    assert session.simulator.calls.count(method="search_count") <= RETRIES + 1
    assert not after.is_error


async def test_a_lock_conflict_on_a_write_is_a_retryable_conflict_and_is_sent_once(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.lock_conflict(method="create")
        result = await session.call("create_record", NEW_PARTNER)
    assert_clear_error(result, "conflict")
    assert (result.meta or {})["mcp-odoo/error"]["retryable"] is True
    assert session.simulator.calls.count(model="res.partner", method="create") == 1
    assert session.simulator.calls.writes == 0


async def test_a_write_whose_connection_dropped_is_never_sent_twice(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.arm(FaultKind.DROP_CONNECTION, times=1, method="create")
        result = await session.call("create_record", NEW_PARTNER)
    assert_clear_error(result, "unreachable", "not_odoo", "unavailable")
    assert session.simulator.calls.count(model="res.partner", method="create") == 1


async def test_a_write_whose_answer_timed_out_is_never_sent_twice(faulty: Any) -> None:
    async with faulty() as session:
        session.simulator.faults.latency(TIMEOUT * 2, times=1, method="create")
        result, elapsed = await session.timed_call("create_record", NEW_PARTNER)
    assert_clear_error(result, "timeout")
    assert session.simulator.calls.count(model="res.partner", method="create") == 1
    assert elapsed < TIMEOUT + SCHEDULING_SLACK


async def test_a_key_revoked_mid_session_is_an_authentication_failure(faulty: Any) -> None:
    async with faulty() as session:
        first = await session.call("count_records", COUNT)
        session.simulator.faults.revoke_api_key(BOT_KEY)
        result = await session.call("count_records", COUNT)
    assert not first.is_error
    assert_clear_error(result, "authentication_failed")


async def test_a_database_gone_mid_session_is_database_not_found_and_recovers(faulty: Any) -> None:
    async with faulty() as session:
        await session.call("count_records", COUNT)
        session.simulator.faults.drop_database()
        gone = await session.call("count_records", COUNT)
        session.simulator.faults.restore_database()
        back = await session.call("count_records", COUNT)
    assert_clear_error(gone, "database_not_found")
    assert not back.is_error
