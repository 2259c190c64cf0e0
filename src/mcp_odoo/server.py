"""build_server: the MCP surface of one Odoo identity, built from settings.

The server holds no connection until it starts: its lifespan opens the connector (which
connects lazily, on the first tool call, so a server whose Odoo is down still starts and
answers with clear errors) and the audit log, and closes what it opened when it stops.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx2
from mcp.server import MCPServer

from mcp_odoo import __version__
from mcp_odoo.audit import AuditLog, AuditUnavailable
from mcp_odoo.odoo import OdooClient
from mcp_odoo.packs import register_packs
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.prompts import register_prompts
from mcp_odoo.resources import register_resources
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.tools import Runtime
from mcp_odoo.tools.core import register_core_tools

logger = logging.getLogger("mcp_odoo.server")

SERVER_NAME = "mcp-odoo"


def instructions(settings: ServerSettings) -> str:
    """What an agent should know before its first call."""
    mode = (
        "Writes are enabled: create_record and update_record change real business data; confirm intent first."
        if settings.allow_writes
        else "This server is read-only: it cannot create, change or delete anything."
    )
    return (
        "Tools for one Odoo ERP database, acting as one Odoo user with that user's access rights. "
        "Start with list_models to find a model (e.g. 'invoice' -> account.move), describe_model to learn "
        "its fields, then search_records (with a domain and only the fields you need), count_records or "
        "aggregate_records for totals. Records come in pages: use next_offset for more. Values: many2one "
        "as {id, name} ('Name (#id)' in text), dates YYYY-MM-DD, datetimes ISO 8601 UTC; empty values are "
        f"left out. {mode} Prefer the business tools (find_partners, list_sale_orders, get_invoice, "
        "get_overdue_invoices, get_stock_levels ...) when one fits: they take names or references instead of "
        "ids. Irreversible steps (confirming an order, posting an invoice, registering a payment, validating "
        "a transfer) ask the user to confirm first. Read documents through odoo://{model}/{id}/document. "
        "Errors say whether a retry can help; follow their hint."
    )


def build_server(
    odoo: OdooSettings,
    server: ServerSettings,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    audit: AuditLog | None = None,
) -> MCPServer[Runtime]:
    """The MCP server for `odoo` under `server`'s policy.

    `transport` replaces the network (tests and the demo pass the simulator's ASGI transport).
    `audit` replaces the log built from `server` (its owner then opens and closes it).
    """
    policy = Policy(server)
    owned_audit = audit is None
    audit_log = audit if audit is not None else AuditLog.from_settings(server)

    @asynccontextmanager
    async def lifespan(_: MCPServer[Runtime]) -> AsyncIterator[Runtime]:
        async with AsyncExitStack() as stack:
            client = OdooClient(odoo, transport=transport)
            stack.push_async_callback(client.aclose)
            if owned_audit:
                stack.push_async_callback(audit_log.aclose)
            try:
                await audit_log.ensure_ready()
            except AuditUnavailable as exc:
                logger.error("audit log unavailable, tool calls will not be audited: %s", exc)
            yield Runtime(
                gateway=OdooGateway(client, policy),
                audit=audit_log,
                audit_required_for_writes=server.audit_required_for_writes,
            )

    mcp: MCPServer[Runtime] = MCPServer(
        SERVER_NAME,
        title="Odoo",
        instructions=instructions(server),
        version=__version__,
        lifespan=lifespan,
    )
    register_core_tools(mcp, policy)
    register_packs(mcp, server)
    register_resources(mcp, server)
    register_prompts(mcp, server)
    return mcp
