"""Answer size: the tools/list payload, and bytes per record of search_records.

On an in-process simulator with the 19.0 (or 18.0) demo data:

* the ``tools/list`` payload of the default read-only server and of the server with writes on (every
  default pack, no call_method), as sent (JSON, no spaces) without the icons, which clients draw and
  never give the model; with its descriptions, input schemas and output schemas apart, and the icons;
* what one ``search_records`` page of partners sends per record, form by form: the text block, the
  resource links and the structured content;
* for a few business models, the bytes a client receives per record (every content block and the
  structured content, UTF-8) with the default field set, and with every field ``describe_model``
  exposes (fields Odoo refuses to read for this user are dropped), next to the bytes of Odoo's own
  ``search_read`` answer for those fields. The response budget is raised so nothing is truncated.

    .venv/bin/python bench/payload.py --records 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.calls.schema import listed_bytes
from mcp_odoo.odoo import OdooClient
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

MODELS = ("res.partner", "sale.order", "account.move", "crm.lead", "product.product")


def compact(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def forms(result: CallToolResult) -> tuple[int, int, int]:
    """Bytes of the text blocks, of the resource links and of the structured content of one answer."""
    text = sum(len(block.text.encode()) for block in result.content if block.type == "text")
    links = sum(
        compact(block.model_dump(mode="json", by_alias=True, exclude_none=True))
        for block in result.content
        if block.type == "resource_link"
    )
    return text, links, compact(result.structured_content) if result.structured_content is not None else 0


def received_bytes(result: CallToolResult) -> int:
    return sum(forms(result))


async def tools_list_sizes(client: Client) -> tuple[int, int, int, int, int, int]:
    """(tools, bytes without icons, descriptions, input schemas, output schemas, icons) of tools/list."""
    listed = [
        tool.model_dump(mode="json", by_alias=True, exclude_none=True)
        for tool in (await client.list_tools()).tools
    ]
    return (
        len(listed),
        listed_bytes(listed),
        sum(len(str(tool.get("description", "")).encode()) for tool in listed),
        sum(compact(tool.get("inputSchema", {})) for tool in listed),
        sum(compact(tool["outputSchema"]) for tool in listed if "outputSchema" in tool),
        sum(compact(tool["icons"]) for tool in listed if "icons" in tool),
    )


def refused_fields(result: CallToolResult, model: str, asked: list[str]) -> list[str]:
    """The asked fields an error message names (Odoo refusing to read them for this user)."""
    message = str((result.meta or {}).get(ERROR_META_KEY, {}).get("message", ""))
    spellings = ("'{}'", '"{}"', f"{model}.{{}}\n", f"{model}.{{}} ")
    return [name for name in asked if any(form.format(name) in message for form in spellings)]


async def every_readable_field(client: Client, model: str, records: int) -> tuple[CallToolResult, list[str]]:
    described = await client.call_tool("describe_model", {"model": model})
    fields = [field["name"] for field in (described.structured_content or {}).get("fields", [])]
    while True:
        result = await client.call_tool(
            "search_records", {"model": model, "fields": fields, "limit": records}
        )
        if not result.is_error:
            return result, fields
        refused = refused_fields(result, model, fields)
        if not refused:
            raise RuntimeError(f"search_records on {model} with every field failed: {result.content}")
        fields = [name for name in fields if name not in refused]


async def main(series: str, records: int) -> None:
    registry = Registry(series)
    app = create_app(registry)
    odoo = OdooSettings(
        url="http://simulator.invalid",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"Odoo {series} simulator (in process): tools/list, bytes as sent, icons apart")
        print()
        print(
            "| server | tools | bytes without icons | descriptions | input schemas | output schemas | icons |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, writes in (("read-only (default)", False), ("writes on, every default pack", True)):
            listing = ServerSettings(audit_path=Path(folder) / "listing.sqlite3", allow_writes=writes)
            listed = build_server(odoo, listing, transport=httpx2.ASGITransport(app=app))
            async with Client(listed) as client:
                sizes = await tools_list_sizes(client)
            print(f"| {label} | " + " | ".join(f"{size:,}" for size in sizes) + " |")
        print()
        server = ServerSettings(
            audit_path=Path(folder) / "audit.sqlite3",
            max_response_chars=50_000_000,
            max_limit=records,
            default_limit=min(records, 20),
        )
        mcp = build_server(odoo, server, transport=httpx2.ASGITransport(app=app))
        async with (
            Client(mcp) as client,
            OdooClient(odoo, transport=httpx2.ASGITransport(app=app)) as connector,
        ):
            page = await client.call_tool("search_records", {"model": "res.partner", "limit": records})
            shown = max(1, len((page.structured_content or {}).get("records", [])))
            text, links, structured = forms(page)
            print(f"search_records, {shown} res.partner records (default fields): bytes per form")
            print()
            print("| form | bytes | bytes per record |")
            print("|---|---:|---:|")
            for form, size in (("text", text), ("resource links", links), ("structured content", structured)):
                print(f"| {form} | {size:,} | {size // shown} |")
            print(f"| all | {text + links + structured:,} | {(text + links + structured) // shown} |")
            print()
            for model in MODELS:
                default = await client.call_tool("search_records", {"model": model, "limit": records})
                full, fields = await every_readable_field(client, model, records)
                raw: Any = await connector.search_read(model, [], fields, limit=records)
                count = max(1, len((default.structured_content or {}).get("records", [])))
                raw_bytes = len(json.dumps(raw, separators=(",", ":"), ensure_ascii=False).encode())
                default_fields = len(((default.structured_content or {}).get("records") or [{}])[0])
                rows.append(
                    f"| {model} | {count} | {default_fields} | {received_bytes(default) // count} "
                    f"| {len(fields)} | {received_bytes(full) // count} | {raw_bytes // count} |"
                )
    print(f"Odoo {series} simulator (in process), first {records} records of each model")
    print()
    print(
        "| model | records | fields (default, first record) | bytes/record default "
        "| fields (all readable) | bytes/record all fields | Odoo search_read bytes/record, all fields |"
    )
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"])
    parser.add_argument("--records", type=int, default=20, help="records per answer")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.series, arguments.records))
