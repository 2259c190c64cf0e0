"""Tool-call overhead: an MCP tool call (stdio and Streamable HTTP) vs the bare connector call it makes.

The simulator runs in its own process (``mcp-odoo simulator``); the server runs as ``mcp-odoo serve``
over stdio and over HTTP. The tool call is ``count_records(res.partner, [is_company = True])``, which
sends one ``search_count``; the bare call is that same ``search_count`` through ``OdooClient`` in this
process. Each way is timed ``--calls`` times, in alternation after a warm-up; medians in milliseconds.

    .venv/bin/python bench/overhead.py --calls 200
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters
from pydantic import SecretStr

from mcp_odoo.odoo import OdooClient
from mcp_odoo.settings import OdooSettings

sys.path.insert(0, str(Path(__file__).parent))
from services import MCP_ODOO, free_port, running, server_environment, simulator_process

MODEL = "res.partner"
DOMAIN = [["is_company", "=", True]]
WARM_UP_CALLS = 5


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


def tool_call(client: Client) -> Callable[[], Awaitable[Any]]:
    async def call() -> None:
        result = await client.call_tool("count_records", {"model": MODEL, "domain": DOMAIN})
        if result.is_error:
            raise RuntimeError(f"count_records failed: {result.content}")

    return call


async def main(calls: int, series: str) -> None:
    with simulator_process(series) as odoo_url, tempfile.TemporaryDirectory() as folder:
        env = server_environment(odoo_url, series, folder)
        settings = OdooSettings(
            url=env["ODOO_URL"], db=env["ODOO_DB"], user="mcp_bot", api_key=SecretStr(env["ODOO_API_KEY"])
        )
        port = free_port()
        stdio = StdioServerParameters(command=MCP_ODOO, args=["serve"], env=env)
        http_command = [MCP_ODOO, "serve", "--transport", "http", "--port", str(port)]
        with running(http_command, f"http://127.0.0.1:{port}/healthz", env):
            async with (
                OdooClient(settings) as connector,
                Client(stdio) as over_stdio,
                Client(f"http://127.0.0.1:{port}/mcp") as over_http,
            ):

                async def bare() -> None:
                    await connector.call(MODEL, "search_count", args=[DOMAIN])

                bare_ms, stdio_ms, http_ms = await medians_ms(
                    [bare, tool_call(over_stdio), tool_call(over_http)], calls
                )
    print(f"Odoo {series} simulator, {calls} calls each way, medians")
    print()
    print("| way | median ms | ratio to the bare connector call | MCP overhead ms |")
    print("|---|---|---|---|")
    print(f"| bare connector call (OdooClient.search_count) | {bare_ms:.2f} | 1.00 | - |")
    for name, value in (
        ("MCP tool call over stdio", stdio_ms),
        ("MCP tool call over Streamable HTTP", http_ms),
    ):
        print(f"| {name} | {value:.2f} | {value / bare_ms:.2f} | {value - bare_ms:.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200, help="timed calls per way")
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls, arguments.series))
