"""MCP resources over Odoo: records and documents as markdown, PDF reports, starting points.

    odoo://{model}/{id}               one record (policy-checked like every tool)
    odoo://{model}/{id}/document      sale.order, account.move, stock.picking as the document people read
    odoo://report/{report_name}/{id}  a freshly rendered PDF (blob); see `resources.reports`
    odoo://user  odoo://apps  odoo://models

`register_resources(mcp, settings)` adds them, the PDF tools, and completion for the template
arguments (model names, record ids).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mcp.server import MCPServer
from mcp.server.mcpserver import Context

from mcp_odoo.calls.publish import current_runtime, publish_runtime
from mcp_odoo.calls.runner import Runtime
from mcp_odoo.calls.uris import (
    APPS_URI,
    DOCUMENT_MODELS,
    DOCUMENT_TEMPLATE,
    MODELS_URI,
    RECORD_TEMPLATE,
    USER_URI,
    document_uri,
    record_link,
    record_uri,
)
from mcp_odoo.icons import RESOURCES, icons_for
from mcp_odoo.policy import OdooGateway
from mcp_odoo.resources.completion import completions, model_names, record_ids
from mcp_odoo.resources.documents import render_document
from mcp_odoo.resources.records import render_record
from mcp_odoo.resources.reports import register_reports
from mcp_odoo.resources.serving import parse_id, served
from mcp_odoo.resources.static import render_apps, render_models, render_user
from mcp_odoo.settings import ServerSettings

MARKDOWN = "text/markdown"

__all__ = ["document_uri", "record_link", "record_uri", "register_resources"]


async def _read_static(uri: str, render: Callable[[OdooGateway], Awaitable[str]]) -> str:
    runtime = current_runtime()
    return await served(runtime, "read_resource", {"uri": uri}, lambda: render(runtime.gateway))


async def _read_record(
    ctx: Context[Runtime, Any],
    uri: Callable[[str, int], str],
    render: Callable[[OdooGateway, str, int], Awaitable[str]],
    model: str,
    text_id: str,
) -> str:
    record_id = parse_id(text_id)
    runtime = ctx.request_context.lifespan_context
    return await served(
        runtime,
        "read_resource",
        {"uri": uri(model, record_id)},
        lambda: render(runtime.gateway, model, record_id),
        model=model,
        record_ids=[record_id],
        request_id=str(ctx.request_id),
    )


def register_resources(mcp: MCPServer[Runtime], settings: ServerSettings) -> None:
    """Add the odoo:// resources, the PDF report tools and resource, and template completion."""
    publish_runtime(mcp)

    @mcp.resource(
        RECORD_TEMPLATE,
        name="odoo_record",
        title="Odoo record",
        description="One Odoo record as readable markdown: the most useful fields first, relations as "
        "names, amounts with their currency. Example: odoo://res.partner/14. Denied models and "
        "fields are never readable.",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_record(model: str, id: str, ctx: Context[Runtime, Any]) -> str:
        return await _read_record(ctx, record_uri, render_record, model, id)

    @mcp.resource(
        DOCUMENT_TEMPLATE,
        name="odoo_document",
        title="Odoo business document",
        description="A quotation/sales order (sale.order), invoice/bill (account.move) or transfer "
        "(stock.picking) as the document people read: partner and addresses, lines, taxes and totals "
        "as computed by Odoo, payment state. Example: odoo://account.move/72/document.",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_document(model: str, id: str, ctx: Context[Runtime, Any]) -> str:
        return await _read_record(ctx, document_uri, render_document, model, id)

    @mcp.resource(
        USER_URI,
        name="odoo_user",
        title="Current Odoo user and companies",
        description="Who this server acts as in Odoo, the companies it may work in, and the Odoo version.",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_user() -> str:
        return await _read_static(USER_URI, render_user)

    @mcp.resource(
        APPS_URI,
        name="odoo_apps",
        title="Odoo apps you can use",
        description="The business apps installed in this Odoo that the Odoo user can work with "
        "(CRM, Sales, Invoicing, Inventory ...).",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_apps() -> str:
        return await _read_static(APPS_URI, render_apps)

    @mcp.resource(
        MODELS_URI,
        name="odoo_models",
        title="Readable Odoo models",
        description="Every model the Odoo user may read and this server exposes, with its label "
        "(security models are hidden).",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_models() -> str:
        return await _read_static(MODELS_URI, render_models)

    router = completions(mcp)
    router.add("resource", RECORD_TEMPLATE, "model", model_names)
    router.add("resource", DOCUMENT_TEMPLATE, "model", _document_model_names)
    for template in (RECORD_TEMPLATE, DOCUMENT_TEMPLATE):
        router.add("resource", template, "id", record_ids)
    register_reports(mcp, settings)


async def _document_model_names(gateway: OdooGateway, value: str, given: Mapping[str, str]) -> list[str]:
    return [model for model in await model_names(gateway, value, given) if model in DOCUMENT_MODELS]
