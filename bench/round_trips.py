"""Odoo round trips per tool call, after warm-up, counted on the wire for every tool the server lists.

Against the Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name (read tools only: the server
is read-only there), else against an in-process simulator of ``--series`` with writes on. Each tool is
called twice with the same arguments; the HTTP requests the server sent Odoo for the second call are
its steady-state cost (version, login and field metadata are known by then). Write tools get a fresh
name each time. The order, invoice and partner named in the arguments are looked up first, so that the
same arguments fit any demo database. Tools with no sample arguments here are listed as not measured.

    .venv/bin/python bench/round_trips.py --series 19.0
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import tempfile
import xmlrpc.client
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from pydantic import SecretStr

from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings

fresh = itertools.count(1)
ODOO_VARIABLES = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")

Samples = dict[str, Callable[[], dict[str, Any]]]


def samples(order: str, invoice: str, partner: str) -> Samples:
    """Representative arguments per tool (a factory: write tools need new values on every call)."""
    return {
        "list_models": lambda: {"query": "partner"},
        "describe_model": lambda: {"model": "res.partner"},
        "search_records": lambda: {"model": "res.partner", "limit": 5},
        "read_records": lambda: {"model": "res.partner", "ids": [1], "fields": ["name"]},
        "count_records": lambda: {"model": "res.partner"},
        "aggregate_records": lambda: {"model": "sale.order", "group_by": ["state"]},
        "create_record": lambda: {"model": "res.partner", "values": {"name": f"Bench Partner {next(fresh)}"}},
        "update_record": lambda: {
            "model": "res.partner",
            "ids": [1],
            "values": {"comment": f"b {next(fresh)}"},
        },
        "find_partners": lambda: {"query": partner},
        "create_partner": lambda: {"name": f"Bench Contact {next(fresh)}"},
        "list_crm_leads": dict,
        "get_crm_pipeline": dict,
        "create_crm_lead": lambda: {"name": f"Bench Lead {next(fresh)}"},
        "log_note": lambda: {"model": "res.partner", "record": partner, "body": f"bench {next(fresh)}"},
        "schedule_activity": lambda: {
            "model": "res.partner",
            "record": partner,
            "summary": f"Bench call {next(fresh)}",
            "due_date": "2026-12-01",
        },
        "get_sale_order": lambda: {"order": order},
        "list_sale_orders": dict,
        "get_overdue_invoices": dict,
        "get_invoice": lambda: {"invoice": invoice},
        "get_stock_levels": dict,
        "list_transfers": dict,
        "find_products": lambda: {"query": "desk"},
        "get_report_pdf": lambda: {"model": "sale.order", "record": order},
        "get_invoice_pdf": lambda: {"invoice": invoice},
    }


class Counting(httpx2.AsyncBaseTransport):
    """Passes requests on and names each one: ``model.method`` for RPC, the path for anything else."""

    def __init__(self, inner: httpx2.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.seen[what(request.url.path, await request.aread())] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def what(path: str, body: bytes) -> str:
    if path.startswith("/json/2/"):
        return ".".join(path.split("/")[3:5])
    params: list[Any] = []
    if path == "/jsonrpc":
        params = json.loads(body)["params"]["args"]
    elif path.startswith("/xmlrpc/2/"):
        params = list(xmlrpc.client.loads(body)[0])
    if len(params) >= 5 and isinstance(params[3], str):
        return f"{params[3]}.{params[4]}"
    return path.split("?")[0]


async def first_value(client: Client, model: str, domain: list[Any], field: str) -> str:
    answer = await client.call_tool("search_records", {"model": model, "domain": domain, "fields": [field]})
    records = (answer.structured_content or {}).get("records") or [{}]
    return str(records[0].get(field, ""))


async def measure(odoo: OdooSettings, transport: httpx2.AsyncBaseTransport, writes: bool) -> list[str]:
    counting = Counting(transport)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        server = ServerSettings(allow_writes=writes, audit_path=Path(folder) / "audit.sqlite3")
        async with Client(build_server(odoo, server, transport=counting)) as client:
            order = await first_value(client, "sale.order", [], "name")
            invoice = await first_value(
                client, "account.move", [["move_type", "=", "out_invoice"], ["state", "=", "posted"]], "name"
            )
            partner = await first_value(client, "res.partner", [["is_company", "=", True]], "name")
            arguments = samples(order, invoice, partner)
            for tool in (await client.list_tools()).tools:
                sample = arguments.get(tool.name)
                if sample is None:
                    rows.append(f"| {tool.name} | not measured (no sample arguments) | |")
                    continue
                await client.call_tool(tool.name, sample())
                counting.seen.clear()
                result = await client.call_tool(tool.name, sample())
                detail = ", ".join(
                    name + (f" ×{count}" if count > 1 else "")
                    for name, count in sorted(counting.seen.items())
                )
                outcome = " (error result)" if result.is_error else ""
                rows.append(f"| {tool.name}{outcome} | {sum(counting.seen.values())} | {detail} |")
    return rows


async def main(series: str) -> None:
    given = {name: os.environ.get(name, "") for name in ODOO_VARIABLES}
    if all(given.values()):
        odoo = OdooSettings(
            url=given["ODOO_URL"],
            db=given["ODOO_DB"],
            user=given["ODOO_USER"],
            api_key=SecretStr(given["ODOO_API_KEY"]),
        )
        rows = await measure(odoo, httpx2.AsyncHTTPTransport(), writes=False)
        label = f"Odoo at {given['ODOO_URL']} (database {given['ODOO_DB']}), read tools"
    else:
        from mcp_odoo.simulator.app import create_app
        from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

        registry = Registry(series)
        odoo = OdooSettings(
            url="http://simulator.invalid",
            db=registry.db_name,
            user="mcp_bot",
            api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
        )
        rows = await measure(odoo, httpx2.ASGITransport(app=create_app(registry)), writes=True)
        label = f"Odoo {series} simulator (in process), every tool"
    print(f"{label}: HTTP requests to Odoo for the second call of each tool")
    print()
    print("| tool | Odoo requests | which |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"], help="simulated series")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.series))
