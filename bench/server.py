"""MCP overhead and answer size of the generic tools.

Runs the simulated Odoo (18.0 and 19.0) over real HTTP (uvicorn on loopback) and measures:

1. the median time of a tool call through an in-process MCP client session (legacy and modern
   eras) against the same connector call without MCP (``OdooClient`` directly), timed in
   alternation after a warm-up;
2. the bytes a search_records answer costs per record (structured content plus text) with the
   default fields and with every field the user may read, next to Odoo's answer for those fields.

Prints markdown tables.

    .venv/bin/python bench/server.py --calls 100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp import Client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.odoo import OdooClient
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from mcp_odoo.simulator.server import running_simulator

SERIES = ("18.0", "19.0")
MODES = ("legacy", "auto")
WARM_UP_CALLS = 5
FIELDS = ["name", "email", "country_id"]
DOMAIN = [["is_company", "=", True]]
LIMIT = 5
SIZE_MODELS = ("res.partner", "sale.order", "account.move")
SIZE_LIMIT = 20
UNREADABLE_FIELD = re.compile(r"Failed to read field [\w.]+\.(\w+)")


async def medians_ms(ways: list[Callable[[], Awaitable[Any]]], calls: int) -> list[float]:
    """Median duration of each way, timed in alternation so that drift affects every way alike."""
    for way in ways:
        for _ in range(WARM_UP_CALLS):
            await way()
    samples: list[list[float]] = [[] for _ in ways]
    for _ in range(calls):
        for index, way in enumerate(ways):
            started = time.perf_counter()
            await way()
            samples[index].append((time.perf_counter() - started) * 1000)
    return [statistics.median(times) for times in samples]


def answer_bytes(result: CallToolResult) -> int:
    text = "".join(block.text for block in result.content if block.type == "text")
    return len(json.dumps(result.structured_content, separators=(",", ":")).encode()) + len(text.encode())


async def search_readable(client: Client, model: str, fields: list[str]) -> tuple[CallToolResult, list[str]]:
    """search_records with every field the user may read: a field Odoo refuses to read is dropped."""
    while True:
        result = await client.call_tool(
            "search_records", {"model": model, "limit": SIZE_LIMIT, "fields": fields}
        )
        if not result.is_error:
            return result, fields
        message = str((result.meta or {}).get(ERROR_META_KEY, {}).get("message", ""))
        match = UNREADABLE_FIELD.search(message)
        if match is None:
            raise RuntimeError(f"search_records on {model} failed: {message}")
        fields = [name for name in fields if name != match[1]]


def odoo_settings(url: str, series: str) -> OdooSettings:
    return OdooSettings(
        url=url,
        db=f"demo{series[:2]}",
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )


async def timing_rows(url: str, series: str, calls: int, audit_dir: Path) -> list[str]:
    rows: list[str] = []
    settings = ServerSettings(audit_path=audit_dir / f"audit-{series}.sqlite3")
    audit = AuditLog.from_settings(settings.audit)
    async with OdooClient(odoo_settings(url, series)) as direct:
        for mode in MODES:
            mcp = build_server(odoo_settings(url, series), settings, audit=audit)
            async with Client(mcp, mode=mode) as client:
                cases: list[tuple[str, Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]] = [
                    (
                        "search_records / search_read",
                        lambda: client.call_tool(
                            "search_records",
                            {"model": "res.partner", "domain": DOMAIN, "fields": FIELDS, "limit": LIMIT},
                        ),
                        lambda: direct.search_read("res.partner", DOMAIN, FIELDS, limit=LIMIT),
                    ),
                    (
                        "count_records / search_count",
                        lambda: client.call_tool("count_records", {"model": "res.partner", "domain": DOMAIN}),
                        lambda: direct.search_count("res.partner", DOMAIN),
                    ),
                ]
                for label, through_mcp, without_mcp in cases:
                    mcp_ms, direct_ms = await medians_ms([through_mcp, without_mcp], calls)
                    overhead = mcp_ms - direct_ms
                    rows.append(
                        f"| {series} | {mode} | {label} | {mcp_ms:.2f} | {direct_ms:.2f} | {overhead:+.2f} |"
                    )
    await audit.aclose()
    return rows


async def size_rows(url: str, series: str, audit_dir: Path) -> list[str]:
    rows: list[str] = []
    settings = ServerSettings(audit_path=audit_dir / f"sizes-{series}.sqlite3", max_response_chars=10_000_000)
    audit = AuditLog.from_settings(settings.audit)
    mcp = build_server(odoo_settings(url, series), settings, audit=audit)
    async with Client(mcp) as client, OdooClient(odoo_settings(url, series)) as direct:
        for model in SIZE_MODELS:
            described = await client.call_tool("describe_model", {"model": model})
            assert described.structured_content is not None
            every_field = [field["name"] for field in described.structured_content["fields"]]
            full, every_field = await search_readable(client, model, every_field)
            default = await client.call_tool("search_records", {"model": model, "limit": SIZE_LIMIT})
            raw = await direct.search_read(model, [], every_field, limit=SIZE_LIMIT)
            count = len(raw) or 1
            raw_bytes = len(json.dumps(raw, separators=(",", ":"), default=str).encode())
            rows.append(
                f"| {series} | {model} | {len(every_field)} | {answer_bytes(default) // count} | "
                f"{answer_bytes(full) // count} | {raw_bytes // count} |"
            )
    await audit.aclose()
    return rows


async def main(calls: int) -> None:
    timings: list[str] = []
    sizes: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for series in SERIES:
            with running_simulator(series) as simulator:
                timings += await timing_rows(simulator.base_url, series, calls, Path(scratch))
                sizes += await size_rows(simulator.base_url, series, Path(scratch))
    print(f"### Tool call through MCP vs the same connector call (median ms, {calls} calls each)\n")
    print("| series | era | tool / connector call | through MCP | connector only | MCP overhead |")
    print("|---|---|---|---:|---:|---:|")
    print("\n".join(timings))
    print(f"\n### search_records answer size per record (bytes, {SIZE_LIMIT} records, structured + text)\n")
    print("| series | model | readable fields | default fields | all readable fields | Odoo, same fields |")
    print("|---|---|---:|---:|---:|---:|")
    print("\n".join(sizes))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="timed calls per way (after a warm-up)")
    asyncio.run(main(parser.parse_args().calls))
