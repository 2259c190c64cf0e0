"""Odoo round trips per tool call, after warm-up, counted by the simulator for every tool the server lists.

Each tool is called twice with the same arguments on an in-process 19.0 (or 18.0) simulator with writes
on; the requests the simulator received for the second call are the tool's steady-state cost (version,
login and fields metadata are cached by then). Write tools get a fresh name each time. Tools with no
sample arguments here are listed as not measured.

    .venv/bin/python bench/round_trips.py --series 19.0
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from pydantic import SecretStr

from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

fresh = itertools.count(1)

SAMPLES: dict[str, Callable[[], dict[str, Any]]] = {
    "list_models": lambda: {"query": "partner"},
    "describe_model": lambda: {"model": "res.partner"},
    "search_records": lambda: {"model": "res.partner", "limit": 5},
    "read_records": lambda: {"model": "res.partner", "ids": [9], "fields": ["name"]},
    "count_records": lambda: {"model": "res.partner"},
    "aggregate_records": lambda: {"model": "sale.order", "group_by": ["state"]},
    "create_record": lambda: {"model": "res.partner", "values": {"name": f"Bench Partner {next(fresh)}"}},
    "update_record": lambda: {
        "model": "res.partner",
        "ids": [9],
        "values": {"comment": f"bench {next(fresh)}"},
    },
    "find_partners": lambda: {"query": "Acme"},
    "create_partner": lambda: {"name": f"Bench Contact {next(fresh)}"},
    "list_crm_leads": dict,
    "create_crm_lead": lambda: {"name": f"Bench Lead {next(fresh)}"},
    "log_note": lambda: {
        "model": "res.partner",
        "record": "Acme Corporation",
        "body": f"bench {next(fresh)}",
    },
    "schedule_activity": lambda: {
        "model": "res.partner",
        "record": "Acme Corporation",
        "summary": f"Bench call {next(fresh)}",
        "due_date": "2026-12-01",
    },
    "get_sale_order": lambda: {"order": "S00001"},
    "list_sale_orders": dict,
    "get_overdue_invoices": dict,
    "get_invoice": lambda: {"invoice": "INV/2026/00001"},
    "get_stock_levels": dict,
    "list_transfers": dict,
    "get_report_pdf": lambda: {"model": "sale.order", "record": "S00001"},
    "get_invoice_pdf": lambda: {"invoice": "INV/2026/00001"},
}
"""Representative arguments per tool (a factory: write tools need new values on every call)."""


async def main(series: str) -> None:
    registry = Registry(series)
    app = create_app(registry)
    simulator = app.state.simulator
    odoo = OdooSettings(
        url="http://simulator.invalid",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        server = ServerSettings(allow_writes=True, audit_path=Path(folder) / "audit.sqlite3")
        mcp = build_server(odoo, server, transport=httpx2.ASGITransport(app=app))
        async with Client(mcp) as client:
            listed = await client.list_tools()
            for tool in listed.tools:
                sample = SAMPLES.get(tool.name)
                if sample is None:
                    rows.append(f"| {tool.name} | not measured (no sample arguments) | |")
                    continue
                await client.call_tool(tool.name, sample())
                simulator.calls.reset()
                result = await client.call_tool(tool.name, sample())
                requests = simulator.calls.snapshot()
                detail = ", ".join(
                    f"{key.model}.{key.method}" + (f" ×{count}" if count > 1 else "")
                    for key, count in sorted(
                        requests.items(), key=lambda item: (item[0].model, item[0].method)
                    )
                )
                outcome = " (error result)" if result.is_error else ""
                rows.append(f"| {tool.name}{outcome} | {sum(requests.values())} | {detail} |")
    print(f"Odoo {series} simulator (in process), second call of each tool")
    print()
    print("| tool | Odoo requests | which |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.series))
