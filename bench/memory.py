"""Memory of a stdio server over many varied calls: RSS after the first call, then every 250 calls.

``mcp-odoo serve`` over stdio against the Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name,
else against the simulator (``mcp-odoo simulator``) in its own process. The calls cycle through every
read tool with varied arguments (models, pages, fields, records, names), so that caches, pools and
the audit log see what a long session gives them. RSS is the server process's VmRSS (Linux /proc).
The Streamable HTTP counterpart is ``bench/load.py --repeat 3`` (RSS after each of three runs).

    .venv/bin/python bench/memory.py --calls 1000
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).parent))
from services import MCP_ODOO, memory_kib, odoo_target

MODELS = ("res.partner", "sale.order", "account.move", "product.product", "crm.lead", "stock.picking")
REPORT_EVERY = 250


def varied_calls() -> Iterator[tuple[str, dict[str, Any]]]:
    """An endless, varied sequence of read tool calls."""
    for index in itertools.count():
        model = MODELS[index % len(MODELS)]
        yield from (
            ("search_records", {"model": model, "limit": 1 + index % 20, "offset": index % 7}),
            ("count_records", {"model": model}),
            ("read_records", {"model": "res.partner", "ids": [1 + index % 30], "fields": ["name", "email"]}),
            ("describe_model", {"model": model}),
            ("list_models", {"query": model.split(".")[0]}),
            ("find_partners", {"query": "a" if index % 2 else "Deco"}),
            ("list_sale_orders", {"limit": 1 + index % 10}),
            ("list_crm_leads", {}),
            ("get_overdue_invoices", {}),
            ("get_stock_levels", {}),
            ("list_transfers", {}),
            ("aggregate_records", {"model": "sale.order", "group_by": ["state"]}),
        )


def server_pid(parent: int) -> int:
    """The `mcp-odoo serve` process this process started (Linux /proc)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"serve" in command:
            return int(entry)
    raise RuntimeError("the server process was not found")


async def main(calls: int, series: str) -> None:
    with tempfile.TemporaryDirectory() as folder, odoo_target(series, folder) as target:
        parameters = StdioServerParameters(command=MCP_ODOO, args=["serve"], env=target.env)
        rows: list[tuple[int, int, int]] = []
        errors = 0
        async with Client(parameters) as client:
            pid = server_pid(os.getpid())
            for done, (tool, arguments) in enumerate(itertools.islice(varied_calls(), calls), start=1):
                result = await client.call_tool(tool, arguments)
                errors += bool(result.is_error)
                if done == 1 or done % REPORT_EVERY == 0:
                    memory = memory_kib(pid)
                    rows.append((done, memory["VmRSS"], memory["VmHWM"]))
    first = rows[0][1]
    print(f"{target.label}: `mcp-odoo serve` over stdio, {calls} varied read calls ({errors} error results)")
    print()
    print("| after call | RSS MiB | RSS / after the first call | peak RSS MiB |")
    print("|---:|---:|---:|---:|")
    for done, rss, peak in rows:
        print(f"| {done} | {rss / 1024:.1f} | {rss / first:.2f} | {peak / 1024:.1f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls, arguments.series))
