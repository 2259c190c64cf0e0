"""Views a person can look at (MCP Apps, extension ``io.modelcontextprotocol/ui``).

Three ``ui://`` HTML resources, each linked from the tools whose answers it shows (the tool's
``_meta.ui.resourceUri``): a sales pipeline board, a quotation/order or invoice preview, and the stock of
a product. A host that supports MCP Apps renders the view in a sandboxed frame and hands it the tool's
result; every action in a view is a ``tools/call`` through the host, so it passes the same tools, policy,
scopes, rate limits, audit and human confirmation as any call. Tool answers are the same for every
client: one without MCP Apps gets exactly the text (and structured content) it always got.

The views are self-contained (inline CSS and JavaScript, no external fetch) and follow the host's
theme variables, else the browser's light or dark preference. The HTML ships as package data in
``assets/``; the shared stylesheet and bridge script are inlined into each view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from mcp.server.apps import APP_MIME_TYPE, Apps, ResourceCsp
from mcp.server.mcpserver.resources import TextResource

from mcp_odoo.icons import icons_for


@dataclass(frozen=True)
class View:
    name: str
    title: str
    description: str
    pack: str
    """The pack whose icon the view carries."""
    tools: tuple[str, ...]
    """The tools whose answers the view shows."""

    @property
    def uri(self) -> str:
        return f"ui://mcp-odoo/{self.name}.html"


PIPELINE = View(
    "pipeline",
    "Sales pipeline",
    "Board of the CRM pipeline: one column per stage with its leads and expected revenue.",
    "crm",
    ("get_crm_pipeline", "list_crm_leads"),
)
DOCUMENT = View(
    "document",
    "Quotation, order or invoice",
    "A quotation, sales order or customer invoice as a document: header, lines, taxes, Odoo's totals "
    "and payment state, with its next step (confirm, post, register payment) after the person confirms.",
    "invoicing",
    ("get_sale_order", "create_quotation", "get_invoice", "create_invoice"),
)
STOCK = View(
    "stock",
    "Stock of a product",
    "Quantities per location, lot and package, reserved against available, with Odoo's totals.",
    "inventory",
    ("get_stock_levels",),
)
VIEWS = (PIPELINE, DOCUMENT, STOCK)
_VIEW_OF_TOOL = {tool: view for view in VIEWS for tool in view.tools}


def view_of(tool: str) -> View | None:
    """The view showing `tool`'s answers, if any."""
    return _VIEW_OF_TOOL.get(tool)


def view_meta(tool: str) -> dict[str, Any] | None:
    """The `_meta` linking `tool` to its view (as `mcp.server.apps.Apps.tool` stamps it), else None."""
    view = view_of(tool)
    return None if view is None else {"ui": {"resourceUri": view.uri}}


def asset(name: str) -> str:
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


@cache
def view_html(view: View) -> str:
    """The view's self-contained HTML document (shared stylesheet and bridge script inlined)."""
    return (
        asset(f"{view.name}.html")
        .replace("{{style}}", asset("view.css"))
        .replace("{{script}}", asset("view.js"))
    )


def views_extension() -> Apps:
    """The MCP Apps extension serving every view (pass it to `MCPServer(extensions=[...])`)."""
    apps = Apps()
    ui = {"csp": ResourceCsp().model_dump(by_alias=True, exclude_none=True), "prefersBorder": True}
    for view in VIEWS:
        apps.add_resource(
            TextResource(
                uri=view.uri,
                name=view.name,
                title=view.title,
                description=view.description,
                mime_type=APP_MIME_TYPE,
                icons=icons_for(view.pack),
                meta={"ui": ui},
                text=view_html(view),
            )
        )
    return apps
