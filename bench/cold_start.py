"""Cold start: from launching ``mcp-odoo demo`` (stdio) to the first ``tools/list`` answer.

`mcp-odoo demo` seeds the in-process simulator with the stock demo data, builds the server and
serves stdio; the time covers process start, imports, seeding, the MCP handshake and tools/list.
Runs ``--runs`` times and prints the median, fastest and slowest.

    .venv/bin/python bench/cold_start.py --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).parent))
from services import MCP_ODOO


async def one_start(series: str, folder: str) -> tuple[float, int]:
    """Seconds to the first tools/list answer, and how many tools it listed."""
    parameters = StdioServerParameters(
        command=MCP_ODOO, args=["demo", "--series", series], env=dict(os.environ), cwd=folder
    )
    started = time.perf_counter()
    async with Client(parameters) as client:
        listed = await client.list_tools()
        elapsed = time.perf_counter() - started
    return elapsed, len(listed.tools)


async def main(runs: int, series: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        outcomes = [await one_start(series, folder) for _ in range(runs)]
    seconds = [elapsed for elapsed, _ in outcomes]
    print(f"`mcp-odoo demo --series {series}` over stdio, {runs} runs, {outcomes[0][1]} tools listed")
    print()
    print("| median s | fastest s | slowest s |")
    print("|---|---|---|")
    print(f"| {statistics.median(seconds):.2f} | {min(seconds):.2f} | {max(seconds):.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.series))
