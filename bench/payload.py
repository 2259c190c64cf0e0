"""Answer size: bytes per record of search_records with its default fields vs with every field.

For a few business models of the 19.0 (or 18.0) demo data, on an in-process simulator: the bytes a
client receives per record (text block + structured content, UTF-8) for ``search_records`` with the
default field set, and with every field ``describe_model`` exposes (fields Odoo refuses to read for
this user are dropped), next to the bytes of Odoo's own ``search_read`` answer for those fields.
The response budget is raised so that nothing is truncated.

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

from mcp_odoo.odoo import OdooClient
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.tools import ERROR_META_KEY

MODELS = ("res.partner", "sale.order", "account.move", "crm.lead", "product.product")


def received_bytes(result: CallToolResult) -> int:
    text = "".join(block.text for block in result.content if block.type == "text")
    structured = json.dumps(result.structured_content, separators=(",", ":"), ensure_ascii=False)
    return len(text.encode()) + len(structured.encode())


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
