"""MCP resources over Odoo: records and documents as markdown, PDF reports, starting points.

    odoo://{model}/{id}               one record (policy-checked like every tool)
    odoo://{model}/{id}/document      sale.order, account.move, stock.picking as the document people read
    odoo://report/{report_name}/{id}  a freshly rendered PDF (blob); see `resources.reports`
    odoo://user  odoo://apps  odoo://models

`register_resources(kit)` adds them, the PDF tools, and completion for the template
arguments (model names, record ids).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mcp.server.mcpserver import Context

from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.runner import ToolCall
from mcp_odoo.calls.runtime import Runtime, current_runtime, publish_runtime
from mcp_odoo.calls.served import served
from mcp_odoo.calls.uris import (
    APPS_URI,
    DOCUMENT_MODELS,
    DOCUMENT_TEMPLATE,
    MODELS_URI,
    RECORD_TEMPLATE,
    TARGET_DOCUMENT_TEMPLATE,
    TARGET_RECORD_TEMPLATE,
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
from mcp_odoo.resources.serving import parse_id
from mcp_odoo.resources.static import render_apps, render_models, render_user

MARKDOWN = "text/markdown"
Render = Callable[[OdooGateway], Awaitable[str]]

__all__ = ["document_uri", "record_link", "record_uri", "register_resources"]


async def _read_static(uri: str, render: Render) -> str:
    return await served(current_runtime(), "read_resource", {"uri": uri}, lambda call: render(call.gateway))


async def _read_record(
    ctx: Context[Runtime, Any],
    uri: Callable[[str, int], str],
    render: Callable[[OdooGateway, str, int], Awaitable[str]],
    model: str,
    text_id: str,
    target: str | None = None,
) -> str:
    record_id = parse_id(text_id)

    async def read(call: ToolCall) -> str:
        call.record_ids = [record_id]
        return await render(call.gateway, model, record_id)

    return await served(
        ctx.request_context.lifespan_context,
        "read_resource",
        {"uri": uri(model, record_id)},
        read,
        request_id=str(ctx.request_id),
        subject=model,
        target=target,
    )


STATIC_RESOURCES: tuple[tuple[str, str, str, str, Render], ...] = (
    (
        USER_URI,
        "odoo_user",
        "Current Odoo user and companies",
        "Who this server acts as in Odoo, the companies it may work in, and the Odoo version.",
        render_user,
    ),
    (
        APPS_URI,
        "odoo_apps",
        "Odoo apps you can use",
        "The business apps installed in this Odoo that the Odoo user can work with "
        "(CRM, Sales, Invoicing, Inventory ...).",
        render_apps,
    ),
    (
        MODELS_URI,
        "odoo_models",
        "Readable Odoo models",
        "Every model the Odoo user may read and this server exposes, with its label "
        "(security models are hidden).",
        render_models,
    ),
)
"""(URI, name, title, description, renderer) of the resources that take no argument."""


def _static_reader(uri: str, render: Render) -> Callable[[], Awaitable[str]]:
    async def read() -> str:
        return await _read_static(uri, render)

    return read


def register_resources(kit: Kit) -> None:
    """Add the odoo:// resources, the PDF report tools and resource, and template completion."""
    mcp = kit.mcp
    icons = icons_for(RESOURCES)
    publish_runtime(mcp)

    @mcp.resource(
        RECORD_TEMPLATE,
        name="odoo_record",
        title="Odoo record",
        description="One Odoo record as readable markdown: the most useful fields first, relations as "
        "names, amounts with their currency. Example: odoo://res.partner/14. Denied models and "
        "fields are never readable.",
        mime_type=MARKDOWN,
        icons=icons,
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
        icons=icons,
    )
    async def odoo_document(model: str, id: str, ctx: Context[Runtime, Any]) -> str:
        return await _read_record(ctx, document_uri, render_document, model, id)

    for uri, name, title, description, render in STATIC_RESOURCES:
        mcp.resource(uri, name=name, title=title, description=description, mime_type=MARKDOWN, icons=icons)(
            _static_reader(uri, render)
        )

    router = completions(mcp)
    router.add("resource", RECORD_TEMPLATE, "model", model_names)
    router.add("resource", DOCUMENT_TEMPLATE, "model", _document_model_names)
    for template in (RECORD_TEMPLATE, DOCUMENT_TEMPLATE):
        router.add("resource", template, "id", record_ids)
    register_reports(kit)
    if len(kit.targets) > 1:
        _register_target_templates(kit)  # last: the short forms' templates match first


def _register_target_templates(kit: Kit) -> None:
    """``odoo://{target}/{model}/{id}`` and its document, on a server with several Odoo targets."""
    example = kit.targets[-1]

    @kit.mcp.resource(
        TARGET_RECORD_TEMPLATE,
        name="odoo_target_record",
        title="Odoo record, on a named Odoo target",
        description=f"odoo://{{model}}/{{id}} read from the Odoo target named first in the URI (targets: "
        f"{', '.join(kit.targets)}), e.g. odoo://{example}/res.partner/14.",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_target_record(target: str, model: str, id: str, ctx: Context[Runtime, Any]) -> str:
        return await _read_record(ctx, record_uri, render_record, model, id, target)

    @kit.mcp.resource(
        TARGET_DOCUMENT_TEMPLATE,
        name="odoo_target_document",
        title="Odoo business document, on a named Odoo target",
        description=f"odoo://{{model}}/{{id}}/document read from the Odoo target named first in the URI, "
        f"e.g. odoo://{example}/account.move/72/document.",
        mime_type=MARKDOWN,
        icons=icons_for(RESOURCES),
    )
    async def odoo_target_document(target: str, model: str, id: str, ctx: Context[Runtime, Any]) -> str:
        return await _read_record(ctx, document_uri, render_document, model, id, target)


async def _document_model_names(gateway: OdooGateway, value: str, given: Mapping[str, str]) -> list[str]:
    return [model for model in await model_names(gateway, value, given) if model in DOCUMENT_MODELS]
