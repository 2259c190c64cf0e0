"""A saved query ("my open quotations") is announced when the records it matches change, and can be
read as a resource listing them."""

from __future__ import annotations

import anyio
import pytest
from live_helpers import WAIT_SECONDS, Notifications, OdooUser, ServerFactory, at
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ResourceUpdated
from mcp_types import TextResourceContents
from starlette.applications import Starlette

from mcp_odoo.live import SavedQuery
from mcp_odoo.simulator.orm import Registry

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

MY_QUOTATIONS = SavedQuery(
    "my-open-quotations",
    "sale.order",
    [("state", "in", ["draft", "sent"]), ("user_id", "=", "$uid")],
    "Quotations of mine not confirmed yet",
)


async def test_a_new_match_is_announced(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    notes = Notifications()
    async with (
        live_server(queries=(MY_QUOTATIONS,)) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(MY_QUOTATIONS.uri)
        bot = registry.users["mcp_bot"].uid
        await OdooUser(app, registry).create("sale.order", {"partner_id": 9, "user_id": bot})
        await notes.wait_for(MY_QUOTATIONS.uri)


async def test_a_match_changing_is_announced_on_a_listen_stream(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    odoo = OdooUser(app, registry)
    at(registry, seconds=1)
    quotation = await odoo.create("sale.order", {"partner_id": 9, "user_id": registry.users["mcp_bot"].uid})
    async with (
        live_server(queries=(MY_QUOTATIONS,)) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=[MY_QUOTATIONS.uri]) as stream,
    ):
        at(registry, seconds=2)
        await odoo.write("sale.order", quotation, {"note": "call the customer back"})
        with anyio.fail_after(WAIT_SECONDS):
            event = await anext(stream)
    assert event == ResourceUpdated(MY_QUOTATIONS.uri)


async def test_a_change_outside_the_query_is_not_announced(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    """Order 3 is the admin's: not one of mcp_bot's quotations."""
    notes = Notifications()
    async with (
        live_server(interval=3600, queries=(MY_QUOTATIONS,)) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(MY_QUOTATIONS.uri)
        await OdooUser(app, registry).write("sale.order", 3, {"note": "the admin's own business"})
        assert await server.live.poll_once() == []


async def test_a_saved_query_reads_as_the_list_of_its_records(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    quotation = await OdooUser(app, registry).create(
        "sale.order", {"partner_id": 9, "user_id": registry.users["mcp_bot"].uid}
    )
    async with live_server(queries=(MY_QUOTATIONS,)) as server, Client(server.mcp, mode="auto") as client:
        listed = {resource.uri for resource in (await client.list_resources()).resources}
        read = await client.read_resource(MY_QUOTATIONS.uri)
    assert MY_QUOTATIONS.uri in listed
    [content] = read.contents
    assert isinstance(content, TextResourceContents)
    text = content.text
    assert "Quotations of mine not confirmed yet" in text
    assert f"odoo://sale.order/{quotation}" in text


async def test_an_undeclared_query_cannot_be_subscribed(live_server: ServerFactory) -> None:
    async with live_server(queries=(MY_QUOTATIONS,)) as server, Client(server.mcp, mode="legacy") as client:
        with pytest.raises(MCPError, match="cannot be watched"):
            await client.subscribe_resource("odoo://query/everything")
