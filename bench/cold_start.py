"""Cold start: from launching ``mcp-odoo serve`` (stdio, default packs) to the first ``tools/list`` answer.

The server is configured for the Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name, else for
the simulator (``mcp-odoo simulator``) in its own process; it sends Odoo nothing before the first tool call,
so the figure is the same either way. The time covers process start, imports, building the server, the
MCP handshake and tools/list. For reference, the same run times the floor no server can go below: a
Python process that only imports the MCP SDK, and ``mcp-odoo demo`` (which also seeds an in-process
simulator with the demo data). ``--runs`` runs each, alternating; median, fastest and slowest.

    .venv/bin/python bench/cold_start.py --runs 10
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).parent))
from services import MCP_ODOO, odoo_target


async def first_tools_list(command: list[str], env: dict[str, str], folder: str) -> float:
    """Seconds from launching `command` to the answer of its first tools/list."""
    parameters = StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=folder)
    started = time.perf_counter()
    async with Client(parameters) as client:
        await client.list_tools()
        return time.perf_counter() - started


def sdk_import() -> float:
    """Seconds to start Python and import the MCP SDK's server, and nothing else."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import mcp.server.mcpserver"], check=True)
    return time.perf_counter() - started


def row(name: str, seconds: list[float]) -> str:
    return f"| {name} | {statistics.median(seconds):.3f} | {min(seconds):.3f} | {max(seconds):.3f} |"


async def main(runs: int, series: str) -> None:
    with tempfile.TemporaryDirectory() as folder, odoo_target(series, folder) as target:
        serve: list[float] = []
        demo: list[float] = []
        floor: list[float] = []
        demo_env = {name: value for name, value in target.env.items() if not name.startswith("ODOO_")}
        for _ in range(runs):
            floor.append(sdk_import())
            serve.append(await first_tools_list([MCP_ODOO, "serve"], target.env, folder))
            demo.append(await first_tools_list([MCP_ODOO, "demo", "--series", series], demo_env, folder))
        async with Client(StdioServerParameters(command=MCP_ODOO, args=["serve"], env=target.env)) as client:
            tools = len((await client.list_tools()).tools)
    print(
        f"{target.label}; {runs} runs each, alternating; {tools} tools listed (read-only, every default pack)"
    )
    print()
    print("| process start → tools/list answered | median s | fastest s | slowest s |")
    print("|---|---:|---:|---:|")
    print(row("`mcp-odoo serve` (stdio)", serve))
    print(row("floor: `python -c 'import mcp.server.mcpserver'` (no server)", floor))
    print(row(f"`mcp-odoo demo --series {series}` (seeds a simulator)", demo))
    print()
    print(f"serve / floor (medians): {statistics.median(serve) / statistics.median(floor):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.series))
