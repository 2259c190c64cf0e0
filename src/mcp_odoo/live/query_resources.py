"""Saved queries as resources: ``odoo://query/{name}`` reads what a subscription to it watches.

Each saved query is one fixed resource (listed, so a client finds what it can watch), read through the
one runner like every other resource: the caller's own rights, the audit, its errors as JSON-RPC
errors. The records come newest change first, as the poller watches them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

from mcp_odoo.calls.results import clipped_message
from mcp_odoo.calls.runner import ToolCall, run_call
from mcp_odoo.calls.runtime import current_runtime, publish_runtime
from mcp_odoo.calls.uris import record_uri

from .observe import Today, utc_today
from .targets import SavedQuery

MARKDOWN = "text/markdown"


async def render_query(call: ToolCall, query: SavedQuery, *, cap: int, today: Today) -> str:
    gateway = call.gateway
    uid = (await gateway.info()).uid
    records = await gateway.search_read(
        query.model,
        query.domain_for(uid, today()),
        ["display_name", "write_date"],
        limit=cap,
        order="write_date desc, id desc",
    )
    call.record_ids = [int(record["id"]) for record in records]
    shown = f"the {cap} most recently changed" if len(records) == cap else str(len(records))
    lines = [f"# {query.name}", ""]
    if query.description:
        lines += [query.description, ""]
    lines.append(f"{shown} {query.model} record(s), most recently changed first:")
    for record in records:
        name = record.get("display_name") or query.model
        uri = record_uri(query.model, int(record["id"]))
        lines.append(f"- {name} (#{record['id']}, {uri}), changed {record.get('write_date') or 'never'} UTC")
    return "\n".join(lines)


def _reader(query: SavedQuery, cap: int, today: Today) -> Callable[[], Awaitable[str]]:
    async def read() -> str:
        async def body(call: ToolCall) -> str:
            return await render_query(call, query, cap=cap, today=today)

        ran = await run_call(
            current_runtime(), "read_resource", {"uri": query.uri, "model": query.model}, body
        )
        if ran.error is not None:
            raise ResourceError(f"{clipped_message(str(ran.error['message']))} (hint: {ran.error['hint']})")
        return ran.value if isinstance(ran.value, str) else ""

    return read


def register_saved_queries(
    mcp: MCPServer[Any], queries: Sequence[SavedQuery], *, cap: int, today: Today = utc_today
) -> None:
    """One resource per saved query."""
    if not queries:
        return
    publish_runtime(mcp)
    for query in queries:
        mcp.resource(
            query.uri,
            name=f"odoo_query_{query.name}",
            title=f"Saved query {query.name}",
            description=(query.description or f"{query.model} records matching a saved domain")
            + f"; subscribe to {query.uri} to hear when they change.",
            mime_type=MARKDOWN,
        )(_reader(query, cap, today))
