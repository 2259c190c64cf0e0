"""Tool-call overhead: read tools over stdio (and Streamable HTTP) vs the raw Odoo request each one makes.

Against the Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name, else against the simulator
(``mcp-odoo simulator``) in its own process. For each tool, the request it sends to Odoo is first
recorded from an in-process server (the second of two calls, so once warm); "raw" is that very
request (same URL, headers and body) sent again with a bare keep-alive httpx2 client. Then the raw
request, the tool call through ``mcp-odoo serve`` over stdio and over HTTP are timed ``--calls``
times each, in alternation after a warm-up; medians in milliseconds, ratios to raw first.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client, StdioServerParameters

from mcp_odoo.server import build_server
from mcp_odoo.settings import ServerSettings

sys.path.insert(0, str(Path(__file__).parent))
from services import MCP_ODOO, Target, free_port, odoo_target, running

WARM_UP_CALLS = 5


@dataclass(frozen=True)
class Recorded:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes


class Recorder(httpx2.AsyncBaseTransport):
    """Passes every request to the network and keeps a copy of it."""

    def __init__(self) -> None:
        self.inner = httpx2.AsyncHTTPTransport()
        self.requests: list[Recorded] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        headers = [
            (name, value) for name, value in request.headers.items() if name.lower() != "content-length"
        ]
        self.requests.append(Recorded(request.method, str(request.url), headers, body))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def sample_arguments(client: Client) -> dict[str, dict[str, Any]]:
    """Arguments of the measured tools; the order is the most recent one this Odoo user sees."""
    orders = await client.call_tool("search_records", {"model": "sale.order", "fields": ["name"], "limit": 1})
    order = (orders.structured_content or {}).get("records", [{}])[0].get("name", "")
    return {
        "count_records": {"model": "res.partner", "domain": [["is_company", "=", True]]},
        "search_records": {"model": "res.partner", "fields": ["name", "email", "country_id"], "limit": 5},
        "get_sale_order": {"order": order},
    }


async def recorded_requests(
    target: Target, folder: str
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Recorded]]]:
    """Each measured tool's arguments and the requests its second call sent."""
    recorder = Recorder()
    server = ServerSettings(audit_path=Path(folder) / "recording.sqlite3")
    mcp = build_server(target.settings, server, transport=recorder)
    made: dict[str, list[Recorded]] = {}
    async with Client(mcp) as client:
        samples = await sample_arguments(client)
        for tool, arguments in samples.items():
            await client.call_tool(tool, arguments)
            recorder.requests.clear()
            result = await client.call_tool(tool, arguments)
            if result.is_error:
                raise RuntimeError(f"{tool} failed: {result.content}")
            made[tool] = list(recorder.requests)
    await recorder.aclose()
    return samples, made


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


def raw_way(http: httpx2.AsyncClient, requests: list[Recorded]) -> Callable[[], Awaitable[None]]:
    async def replay() -> None:
        for recorded in requests:
            answer = await http.request(
                recorded.method, recorded.url, headers=recorded.headers, content=recorded.body
            )
            answer.raise_for_status()

    return replay


def tool_way(client: Client, tool: str, arguments: dict[str, Any]) -> Callable[[], Awaitable[None]]:
    async def call() -> None:
        result = await client.call_tool(tool, arguments)
        if result.is_error:
            raise RuntimeError(f"{tool} failed: {result.content}")

    return call


async def main(calls: int, series: str) -> None:
    with tempfile.TemporaryDirectory() as folder, odoo_target(series, folder) as target:
        samples, made = await recorded_requests(target, folder)
        port = free_port()
        stdio = StdioServerParameters(command=MCP_ODOO, args=["serve"], env=target.env)
        http_command = [MCP_ODOO, "serve", "--transport", "http", "--port", str(port)]
        rows: list[str] = []
        with running(http_command, f"http://127.0.0.1:{port}/healthz", target.env):
            async with (
                httpx2.AsyncClient(timeout=30) as http,
                Client(stdio) as over_stdio,
                Client(f"http://127.0.0.1:{port}/mcp") as over_http,
            ):
                for tool, arguments in samples.items():
                    raw_ms, stdio_ms, http_ms = await medians_ms(
                        [
                            raw_way(http, made[tool]),
                            tool_way(over_stdio, tool, arguments),
                            tool_way(over_http, tool, arguments),
                        ],
                        calls,
                    )
                    rows.append(
                        f"| {tool} | {len(made[tool])} | {stdio_ms / raw_ms:.2f} | {http_ms / raw_ms:.2f} "
                        f"| {raw_ms:.2f} | {stdio_ms:.2f} | {http_ms:.2f} | {stdio_ms - raw_ms:+.2f} |"
                    )
    print(f"{target.label}, {calls} calls each way, medians; ratios to the raw request(s) the tool makes")
    print()
    print(
        "| tool | Odoo requests | stdio / raw | HTTP / raw | raw ms | stdio ms | HTTP ms | stdio − raw ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200, help="timed calls per way and tool")
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"], help="simulated series")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls, arguments.series))
