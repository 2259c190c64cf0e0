"""Load and throughput over Streamable HTTP: many MCP clients at once against one server process.

Starts the simulator (``mcp-odoo simulator``) and the server (``mcp-odoo serve --transport http``) as
separate processes, warms the server up with one session, then for each concurrency level runs
``--clients`` MCP clients at once, each opening its own session and making ``--calls`` tool calls
(count_records, search_records, read_records in turn). Reports errors, latency percentiles,
throughput, the server's peak RSS and its open file descriptors before and after (after the sessions
closed and a short settle; "before" is after a warm-up round at the same concurrency). The connector
keeps a pool of keep-alive connections to Odoo (at most 20), which may grow during a run: the report
counts those sockets apart, so growth of anything else is a leak.

    .venv/bin/python bench/load.py --clients 50 --calls 40          # the load run of issue 7
    .venv/bin/python bench/load.py --clients 1 10 50 --calls 40     # throughput at 1, 10, 50 clients
    .venv/bin/python bench/load.py --clients 50 --calls 40 --json   # machine-readable (the load test)
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
from services import Served, connections_to, memory_kib, open_files, simulator_and_server

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


async def one_client(url: str, calls: int, tally: Tally) -> None:
    """Open a session and make `calls` tool calls, counting error results and exceptions as failures."""
    try:
        async with Client(url) as client:
            for index in range(calls):
                tool, arguments = CALLS[index % len(CALLS)]
                started = time.perf_counter()
                try:
                    result = await client.call_tool(tool, arguments)
                    if result.is_error:
                        text = " ".join(block.text for block in result.content if block.type == "text")
                        tally.failed(f"{tool}: {text}")
                except Exception as exc:
                    tally.failed(f"{tool}: {type(exc).__name__}: {exc}")
                tally.latencies.append(time.perf_counter() - started)
    except Exception as exc:
        tally.failed(f"session: {type(exc).__name__}: {exc}")


async def run_clients(url: str, clients: int, calls: int) -> tuple[Tally, float]:
    tally = Tally()
    started = time.perf_counter()
    await asyncio.gather(*(one_client(url, calls, tally) for _ in range(clients)))
    return tally, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def measure(served: Served, clients: int, calls: int) -> LoadResult:
    """One warm-up round at the same concurrency (it fills the connector's connection pool to Odoo),
    then the measured run: file descriptors are counted after each, so growth means a leak, not a pool."""
    await run_clients(served.mcp_url, clients, len(CALLS))
    await asyncio.sleep(SETTLE_S)
    fds_before = open_files(served.server_pid)
    pool_before = connections_to(served.server_pid, served.odoo_port)
    tally, elapsed = await run_clients(served.mcp_url, clients, calls)
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
        fds_before=fds_before,
        fds_after=open_files(served.server_pid),
        odoo_connections_before=pool_before,
        odoo_connections_after=connections_to(served.server_pid, served.odoo_port),
        peak_rss_mib=round(memory["VmHWM"] / 1024, 1),
        rss_after_mib=round(memory["VmRSS"] / 1024, 1),
    )


def table(results: list[LoadResult]) -> str:
    header = (
        "| clients | calls | errors | calls/s | p50 ms | p90 ms | p99 ms | max ms "
        "| fds before → after | of which connections to Odoo | peak RSS MiB |"
    )
    rows = [
        f"| {r.clients} | {r.calls} | {r.errors} | {r.calls_per_second} | {r.p50_ms} | {r.p90_ms} "
        f"| {r.p99_ms} | {r.max_ms} | {r.fds_before} → {r.fds_after} "
        f"| {r.odoo_connections_before} → {r.odoo_connections_after} | {r.peak_rss_mib} |"
        for r in results
    ]
    return "\n".join([header, "|---|---|---|---|---|---|---|---|---|---|---|", *rows])


async def main(clients: list[int], calls: int, series: str, as_json: bool) -> None:
    with simulator_and_server(series) as served:
        results = [await measure(served, count, calls) for count in clients]
    print(json.dumps([asdict(result) for result in results]) if as_json else table(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clients", type=int, nargs="+", default=[50], help="concurrent clients (one run each)"
    )
    parser.add_argument("--calls", type=int, default=40, help="tool calls per client")
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.clients, arguments.calls, arguments.series, arguments.json))
