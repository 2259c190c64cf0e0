"""Many MCP clients at once over Streamable HTTP, against real processes: no errors, no leaked descriptors.

Runs bench/load.py (the simulator and `mcp-odoo serve --transport http` as subprocesses) with a size
bounded for CI; the full run of issue 7 (50 clients x 40 calls) is `bench/load.py --clients 50 --calls 40`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CLIENTS = 50
CALLS_PER_CLIENT = 6
LOAD_SCRIPT = Path(__file__).parents[2] / "bench" / "load.py"
KEEP_ALIVE_CONNECTIONS = 20
"""httpx2's default pool keeps at most 20 idle connections (the connector does not change it)."""
PEAK_RSS_LIMIT_MIB = 512
"""A generous ceiling: the server peaks near 100 MiB under this load; ten times that would be a leak."""


@pytest.fixture(scope="module")
def load_run() -> dict[str, Any]:
    command = [
        sys.executable,
        str(LOAD_SCRIPT),
        "--clients",
        str(CLIENTS),
        "--calls",
        str(CALLS_PER_CLIENT),
        "--json",
    ]
    simulated = {name: value for name, value in os.environ.items() if not name.startswith("ODOO_")}
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True, env=simulated)
    results: list[dict[str, Any]] = json.loads(finished.stdout)
    return results[0]


def test_every_call_of_every_concurrent_client_succeeds(load_run: dict[str, Any]) -> None:
    assert load_run["calls"] == CLIENTS * CALLS_PER_CLIENT
    assert load_run["errors"] == 0


def test_the_server_holds_no_more_file_descriptors_after_the_run(load_run: dict[str, Any]) -> None:
    """Apart from its keep-alive connections to Odoo, which the next test bounds."""
    others_before = load_run["fds_before"] - load_run["odoo_connections_before"]
    others_after = load_run["fds_after"] - load_run["odoo_connections_after"]
    assert others_after <= others_before


def test_the_connection_pool_to_odoo_stays_within_its_keep_alive_bound(load_run: dict[str, Any]) -> None:
    assert load_run["odoo_connections_after"] <= KEEP_ALIVE_CONNECTIONS


def test_the_server_memory_stays_bounded(load_run: dict[str, Any]) -> None:
    assert load_run["peak_rss_mib"] < PEAK_RSS_LIMIT_MIB


def test_latency_percentiles_are_reported_in_order(load_run: dict[str, Any]) -> None:
    assert 0 < load_run["p50_ms"] <= load_run["p90_ms"] <= load_run["p99_ms"] <= load_run["max_ms"]
