"""Subscriptions respect the subscriber's own Odoo rights: a change to a record it may not read is
never announced, and two subscribers acting as different Odoo users hear only their own."""

from __future__ import annotations

from typing import Any

import anyio
import httpx2
import pytest
from live_helpers import WAIT_SECONDS, Notifications, OdooUser, ServerFactory, at, odoo_settings
from mcp import Client
from mcp.server.context import ServerRequestContext
from mcp.shared.subscriptions import ResourceUpdated
from mcp_types import Implementation
from starlette.applications import Starlette

from mcp_odoo.live import Identity, OdooResourceUpdated
from mcp_odoo.live.observe import ABSENT
from mcp_odoo.odoo import OdooClient
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.policy.settings import PolicySettings
from mcp_odoo.simulator.orm import Registry

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

ADMINS_ORDER = "odoo://sale.order/3"
"""Mitchell Admin's quotation: a salesman limited to his own documents cannot read it."""
PARTNER = "odoo://res.partner/9"


async def test_a_change_to_a_record_the_subscriber_cannot_read_is_never_announced(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    odoo = OdooUser(app, registry)
    at(registry, seconds=1)
    own_order = await odoo.create("sale.order", {"partner_id": 9, "user_id": registry.users["limited"].uid})
    own = f"odoo://sale.order/{own_order}"
    notes = Notifications()
    async with (
        live_server(user="limited", interval=3600) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(ADMINS_ORDER)
        await client.subscribe_resource(own)
        at(registry, seconds=2)
        await odoo.write("sale.order", 3, {"note": "changed by the admin"})
        await odoo.write("sale.order", own_order, {"note": "changed by the admin"})
        await server.live.poll_once()
        await notes.wait_for(own)
        await server.live.poll_once()
        seen = await server.live.store.seen("shared")
    assert notes.uris == [own]
    assert seen[ADMINS_ORDER] == ABSENT


async def test_an_unreadable_record_is_never_announced_on_a_listen_stream(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    odoo = OdooUser(app, registry)
    async with (
        live_server(user="limited", interval=3600) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=[ADMINS_ORDER, PARTNER]) as stream,
    ):
        await odoo.write("sale.order", 3, {"note": "changed by the admin"})
        await odoo.write("res.partner", 9, {"phone": "+32 2 555 02 01"})
        await server.live.poll_once()
        await server.live.poll_once()
        with anyio.fail_after(WAIT_SECONDS):
            first = await anext(stream)
        with anyio.move_on_after(0.2):
            second = await anext(stream)
            pytest.fail(f"announced a record the subscriber cannot read: {second}")
    assert first == ResourceUpdated(PARTNER)


def _gateway(registry: Registry, app: Starlette, user: str) -> OdooGateway:
    client = OdooClient(odoo_settings(registry, user), transport=httpx2.ASGITransport(app=app))
    return OdooGateway(client, Policy(PolicySettings()))


async def test_two_odoo_users_watching_one_order_each_hear_only_what_they_can_read(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    """Per-identity keys (what passthrough mode uses): one poll per identity, events scoped to it."""
    gateways = {user: _gateway(registry, app, user) for user in ("mcp_bot", "limited")}

    async def by_client_name(ctx: ServerRequestContext[Any, Any]) -> Identity:
        info = ctx.session.client_params.client_info if ctx.session.client_params else None
        user = info.name if info is not None else "mcp_bot"

        async def gateway(target: str | None) -> OdooGateway:
            return gateways[user]

        return Identity(f"user:{user}", gateway)

    odoo = OdooUser(app, registry)
    bot, limited = Notifications(), Notifications()
    async with (
        live_server(interval=3600, identities=by_client_name) as server,
        Client(
            server.mcp,
            mode="legacy",
            message_handler=bot.handler,
            client_info=Implementation(name="mcp_bot", version="1"),
        ) as bot_client,
        Client(
            server.mcp,
            mode="legacy",
            message_handler=limited.handler,
            client_info=Implementation(name="limited", version="1"),
        ) as limited_client,
    ):
        await bot_client.subscribe_resource(ADMINS_ORDER)
        await limited_client.subscribe_resource(ADMINS_ORDER)
        await limited_client.subscribe_resource(PARTNER)
        await odoo.write("sale.order", 3, {"note": "changed by the admin"})
        await odoo.write("res.partner", 9, {"phone": "+32 2 555 02 02"})
        await server.live.poll_once()
        await bot.wait_for(ADMINS_ORDER)
        await limited.wait_for(PARTNER)
        await server.live.poll_once()
    assert bot.uris == [ADMINS_ORDER]
    assert limited.uris == [PARTNER]


def test_an_event_names_the_identity_that_saw_it() -> None:
    event = OdooResourceUpdated(ADMINS_ORDER, "user:mcp_bot")
    assert isinstance(event, ResourceUpdated)
    assert event.uri == ADMINS_ORDER
