"""Load and throughput over Streamable HTTP: many MCP clients at once against one server process.

Starts the server (``mcp-odoo serve --transport http``) in its own process against the Odoo that
ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name, else against the simulator (``mcp-odoo simulator``)
in another process, then for each concurrency level runs ``--clients`` MCP clients at once, each
opening its own session and making ``--calls`` tool calls (count_records, search_records, read_records
in turn), after a warm-up round at the same concurrency. Closed loop by default (each client calls
again as soon as it has its answer); with ``--rate`` the clients together offer that many calls per
second, evenly paced (open loop), and the latency is that of a server under that load.

Reports errors, latency percentiles, throughput, the CPU time the server process spent per call (the
load generator and the simulator share the machine, so calls/s depends on them; the server's CPU
per call does not, and 1000 / it is the calls/s one core gives the server), its RSS and its open file
descriptors before and after (after the sessions closed and a short settle). The connector keeps a
pool of keep-alive connections to Odoo (at most 20): the report counts those sockets apart, so growth
of anything else is a leak. ``--repeat`` runs each level again (RSS after each run: flat or growing).

    .venv/bin/python bench/load.py --clients 50 --calls 40                    # closed loop, 50 clients
    .venv/bin/python bench/load.py --clients 50 --calls 40 --rate 300         # 300 calls/s offered
    .venv/bin/python bench/load.py --clients 50 --calls 40 --repeat 3         # memory across three runs
    .venv/bin/python bench/load.py --clients 1 10 50 --calls 40               # 1, 10, 50 clients
    .venv/bin/python bench/load.py --clients 50 --calls 40 --json             # JSON (the load test)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mcp import Client

sys.path.insert(0, str(Path(__file__).parent))
from services import Served, connections_to, cpu_seconds, memory_kib, open_files, served_over_http

CALLS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("count_records", {"model": "res.partner", "domain": [["is_company", "=", True]]}),
    ("search_records", {"model": "res.partner", "fields": ["name", "email"], "limit": 5}),
    ("read_records", {"model": "res.partner", "ids": [1, 2, 3], "fields": ["name"]}),
)
SETTLE_S = 2.0
"""Pause after a run before counting file descriptors: closed sessions release their sockets."""


@dataclass
class LoadResult:
    clients: int
    calls_per_client: int
    calls: int
    errors: int
    seconds: float
    calls_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    offered_calls_per_second: float | None
    server_cpu_ms_per_call: float
    fds_before: int
    fds_after: int
    odoo_connections_before: int
    odoo_connections_after: int
    peak_rss_mib: float
    rss_after_mib: float
    first_error: str | None


@dataclass
class Tally:
    """What the clients of one run saw: each call's latency, and the failures (with one example)."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def failed(self, what: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or what[:300]


async def one_client(url: str, calls: int, tally: Tally, interval: float) -> None:
    """Open a session and make `calls` tool calls, one every `interval` seconds at most (0: at once),
    counting error results and exceptions as failures."""
    try:
        async with Client(url) as client:
            due = time.perf_counter()
            for index in range(calls):
                tool, arguments = CALLS[index % len(CALLS)]
                due += interval
                started = time.perf_counter()
                try:
                    result = await client.call_tool(tool, arguments)
                    if result.is_error:
                        text = " ".join(block.text for block in result.content if block.type == "text")
                        tally.failed(f"{tool}: {text}")
                except Exception as exc:
                    tally.failed(f"{tool}: {type(exc).__name__}: {exc}")
                tally.latencies.append(time.perf_counter() - started)
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
    except Exception as exc:
        tally.failed(f"session: {type(exc).__name__}: {exc}")


async def run_clients(url: str, clients: int, calls: int, rate: float | None) -> tuple[Tally, float]:
    """`clients` clients at once; with `rate`, each offers rate / clients calls per second, the clients'
    first calls spread over one interval."""
    tally = Tally()
    interval = clients / rate if rate else 0.0

    async def paced(index: int) -> None:
        await asyncio.sleep(interval * index / clients)
        await one_client(url, calls, tally, interval)

    started = time.perf_counter()
    await asyncio.gather(*(paced(index) for index in range(clients)))
    return tally, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def measure(served: Served, clients: int, calls: int, rate: float | None = None) -> LoadResult:
    """One warm-up round at the same concurrency (it fills the connector's connection pool to Odoo),
    then the measured run: file descriptors are counted after each, so growth means a leak, not a pool."""
    await run_clients(served.mcp_url, clients, len(CALLS), None)
    await asyncio.sleep(SETTLE_S)
    fds_before = open_files(served.server_pid)
    pool_before = connections_to(served.server_pid, served.odoo_port)
    cpu_before = cpu_seconds(served.server_pid)
    tally, elapsed = await run_clients(served.mcp_url, clients, calls, rate)
    cpu = cpu_seconds(served.server_pid) - cpu_before
    latencies = tally.latencies or [0.0]
    await asyncio.sleep(SETTLE_S)
    memory = memory_kib(served.server_pid)
    return LoadResult(
        clients=clients,
        calls_per_client=calls,
        calls=len(tally.latencies),
        errors=tally.errors,
        first_error=tally.first_error,
        seconds=round(elapsed, 3),
        calls_per_second=round(len(tally.latencies) / elapsed, 1),
        p50_ms=round(statistics.median(latencies) * 1000, 1),
        p90_ms=round(percentile(latencies, 0.90), 1),
        p99_ms=round(percentile(latencies, 0.99), 1),
        max_ms=round(max(latencies) * 1000, 1),
        offered_calls_per_second=rate,
        server_cpu_ms_per_call=round(cpu * 1000 / max(1, len(tally.latencies)), 2),
        fds_before=fds_before,
        fds_after=open_files(served.server_pid),
        odoo_connections_before=pool_before,
        odoo_connections_after=connections_to(served.server_pid, served.odoo_port),
        peak_rss_mib=round(memory["VmHWM"] / 1024, 1),
        rss_after_mib=round(memory["VmRSS"] / 1024, 1),
    )


def table(results: list[LoadResult]) -> str:
    header = (
        "| clients | offered calls/s | calls | errors | calls/s | p50 ms | p90 ms | p99 ms | max ms "
        "| server CPU ms/call | fds before → after | of which connections to Odoo | RSS after MiB "
        "| peak RSS MiB |"
    )
    rows = [
        f"| {r.clients} | {r.offered_calls_per_second or 'as fast as answered'} | {r.calls} | {r.errors} "
        f"| {r.calls_per_second} | {r.p50_ms} | {r.p90_ms} | {r.p99_ms} | {r.max_ms} "
        f"| {r.server_cpu_ms_per_call} | {r.fds_before} → {r.fds_after} "
        f"| {r.odoo_connections_before} → {r.odoo_connections_after} | {r.rss_after_mib} | {r.peak_rss_mib} |"
        for r in results
    ]
    return "\n".join([header, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|", *rows])


async def main(
    clients: list[int], calls: int, series: str, rate: float | None, repeat: int, as_json: bool
) -> None:
    with served_over_http(series) as served:
        results = [await measure(served, count, calls, rate) for count in clients for _ in range(repeat)]
    if as_json:
        print(json.dumps([asdict(result) for result in results]))
        return
    print(f"{served.label}, one `mcp-odoo serve --transport http` process")
    print()
    print(table(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clients", type=int, nargs="+", default=[50], help="concurrent clients (one run each)"
    )
    parser.add_argument("--calls", type=int, default=40, help="tool calls per client")
    parser.add_argument("--rate", type=float, default=None, help="calls/s offered by all clients together")
    parser.add_argument("--repeat", type=int, default=1, help="runs per concurrency level")
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    arguments = parser.parse_args()
    asyncio.run(
        main(
            arguments.clients,
            arguments.calls,
            arguments.series,
            arguments.rate,
            arguments.repeat,
            arguments.json,
        )
    )
