"""Connector overhead: a small search_read through OdooClient vs the same request sent raw with httpx2.

Runs the simulated Odoo (18.0 and 19.0) over real HTTP (uvicorn on loopback) and, per protocol,
times ``--calls`` calls of ``res.partner.search_read([('is_company', '=', True)], 3 fields, limit 5)``
each way (alternating) after a warm-up, then prints a markdown table of the medians and of the requests the
simulator received per connector call (must be 1).

    .venv/bin/python bench/connector.py --calls 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import xmlrpc.client
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx2
from pydantic import SecretStr

from mcp_odoo.odoo import OdooClient
from mcp_odoo.settings import OdooSettings, Protocol
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import RunningSimulator, running_simulator

TARGETS = {"18.0": ("xmlrpc", "jsonrpc"), "19.0": ("xmlrpc", "jsonrpc", "json2")}
MODEL = "res.partner"
DOMAIN = [["is_company", "=", True]]
FIELDS = ["name", "email", "country_id"]
LIMIT = 5
WARM_UP_CALLS = 5


@dataclass(frozen=True)
class Row:
    series: str
    protocol: str
    connector_ms: float
    raw_ms: float
    round_trips: float


async def medians_ms(ways: list[Callable[[], Awaitable[Any]]], calls: int) -> list[float]:
    """Median duration of each way, timed in alternation so that drift affects every way alike."""
    for way in ways:
        for _ in range(WARM_UP_CALLS):
            await way()
    durations: list[list[float]] = [[] for _ in ways]
    for _ in range(calls):
        for way, measured in zip(ways, durations, strict=True):
            started = time.perf_counter()
            await way()
            measured.append(time.perf_counter() - started)
    return [statistics.median(measured) * 1000 for measured in durations]


def raw_request(protocol: str, db: str, uid: int, key: str) -> tuple[str, bytes, dict[str, str]]:
    """The same request the connector sends, built by hand."""
    options = {"fields": FIELDS, "limit": LIMIT, "context": {}}
    execute_kw: list[Any] = [db, uid, key, MODEL, "search_read", [DOMAIN], options]
    if protocol == "xmlrpc":
        body = xmlrpc.client.dumps(tuple(execute_kw), "execute_kw", allow_none=True).encode()
        return "/xmlrpc/2/object", body, {"Content-Type": "text/xml"}
    if protocol == "jsonrpc":
        params = {"service": "object", "method": "execute_kw", "args": execute_kw}
        envelope = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        return "/jsonrpc", json.dumps(envelope).encode(), {"Content-Type": "application/json"}
    body = json.dumps({"domain": DOMAIN, **options}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"bearer {key}", "X-Odoo-Database": db}
    return f"/json/2/{MODEL}/search_read", body, headers


async def measure(running: RunningSimulator, series: str, protocol: str, calls: int) -> Row:
    key = DEMO_CREDENTIALS["mcp_bot"]["api_key"]
    db = "demo" + series.split(".")[0]
    settings = OdooSettings(
        url=running.base_url, db=db, user="mcp_bot", api_key=SecretStr(key), protocol=Protocol(protocol)
    )
    async with OdooClient(settings) as client, httpx2.AsyncClient(base_url=running.base_url) as raw:
        info = await client.connect()

        async def through_connector() -> Any:
            return await client.search_read(MODEL, DOMAIN, FIELDS, limit=LIMIT)

        path, body, headers = raw_request(protocol, db, info.uid, key)

        async def raw_call() -> Any:
            response = await raw.post(path, content=body, headers=headers)
            response.raise_for_status()
            return response.content

        counter = running.simulator.calls
        before = counter.total
        for _ in range(calls):
            await through_connector()
        round_trips = (counter.total - before) / calls
        connector_ms, raw_ms = await medians_ms([through_connector, raw_call], calls)
    return Row(series, protocol, connector_ms, raw_ms, round_trips)


def table(rows: list[Row], calls: int) -> str:
    lines = [
        f"search_read res.partner (is_company, 3 fields, limit 5): median of {calls} calls, "
        "simulator over HTTP on loopback",
        "",
        "| series | protocol | connector (ms) | raw httpx2 (ms) | overhead (ms) | round trips per call |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        overhead = row.connector_ms - row.raw_ms
        lines.append(
            f"| {row.series} | {row.protocol} | {row.connector_ms:.2f} | {row.raw_ms:.2f} | {overhead:+.2f} "
            f"| {row.round_trips:g} |"
        )
    return "\n".join(lines)


async def run(calls: int) -> list[Row]:
    rows = []
    for series, protocols in TARGETS.items():
        with running_simulator(series, pdf_engine=False) as running:
            for protocol in protocols:
                rows.append(await measure(running, series, protocol, calls))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--calls", type=int, default=100, help="timed calls per protocol and way (default 100)"
    )
    arguments = parser.parse_args()
    print(table(asyncio.run(run(arguments.calls)), arguments.calls))


if __name__ == "__main__":
    main()
