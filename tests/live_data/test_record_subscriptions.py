"""A client subscribed to a record or a document hears, within the poll interval, that someone changed
it in Odoo: on the 2025 era (resources/subscribe) and on 2026-07-28 (subscriptions/listen)."""

from __future__ import annotations

import datetime as dt

import anyio
import pytest
from live_helpers import WAIT_SECONDS, Notifications, OdooUser, ServerFactory, at, eventually
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ResourceUpdated
from starlette.applications import Starlette

from mcp_odoo.simulator.orm import Registry

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

PARTNER = "odoo://res.partner/9"
ORDER = "odoo://sale.order/3"
ORDER_DOCUMENT = "odoo://sale.order/3/document"


async def test_a_record_changed_in_odoo_is_announced_to_a_2025_subscriber(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    notes = Notifications()
    async with (
        live_server() as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(PARTNER)
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 01 01"})
        await notes.wait_for(PARTNER)
    assert notes.uris == [PARTNER]


async def test_a_record_changed_in_odoo_is_announced_on_a_listen_stream(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    async with (
        live_server() as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=[PARTNER]) as stream,
    ):
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 01 02"})
        with anyio.fail_after(WAIT_SECONDS):
            event = await anext(stream)
    assert event == ResourceUpdated(PARTNER)


async def test_the_announcement_comes_within_a_few_intervals(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    interval = 0.05
    notes = Notifications()
    async with (
        live_server(interval=interval) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(PARTNER)
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 01 03"})
        started = anyio.current_time()
        await notes.wait_for(PARTNER)
        elapsed = anyio.current_time() - started
    assert elapsed < interval * 10


async def test_a_change_before_the_first_poll_is_announced(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    """The subscription takes effect when it is answered, not at the next poll."""
    notes = Notifications()
    async with (
        live_server(interval=3600) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(PARTNER)
        await OdooUser(app, registry).write("res.partner", 9, {"phone": "+32 2 555 01 04"})
        await server.live.poll_once()
        await notes.wait_for(PARTNER)


async def test_a_document_is_announced_when_its_order_changes(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    notes = Notifications()
    async with (
        live_server() as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(ORDER_DOCUMENT)
        await OdooUser(app, registry).execute("sale.order", "action_confirm", [3])
        await notes.wait_for(ORDER_DOCUMENT)
    assert notes.uris == [ORDER_DOCUMENT]


async def test_a_deleted_record_is_announced(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    odoo = OdooUser(app, registry)
    partner = await odoo.create("res.partner", {"name": "Short-lived"})
    uri = f"odoo://res.partner/{partner}"
    notes = Notifications()
    async with (
        live_server() as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(uri)
        await odoo.execute("res.partner", "unlink", [partner])
        await notes.wait_for(uri)


async def test_an_archived_record_is_still_watched(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    """Archiving is a change like any other, and later changes to the archived record are announced."""
    odoo = OdooUser(app, registry)
    notes = Notifications()
    async with (
        live_server(interval=3600) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(PARTNER)
        at(registry, seconds=1)
        await odoo.write("res.partner", 9, {"active": False})
        await server.live.poll_once()
        await notes.wait_for(PARTNER)
        at(registry, seconds=2)
        await odoo.write("res.partner", 9, {"comment": "archived, still changing"})
        await server.live.poll_once()
        await notes.wait_for(PARTNER, times=2)
    assert notes.uris == [PARTNER, PARTNER]


async def test_an_unknown_uri_cannot_be_subscribed(live_server: ServerFactory) -> None:
    async with live_server() as server, Client(server.mcp, mode="legacy") as client:
        with pytest.raises(MCPError, match=r"cannot be watched"):
            await client.subscribe_resource("odoo://res.partner/not-an-id")


async def test_subscribing_beyond_the_cap_is_refused(live_server: ServerFactory) -> None:
    async with live_server(cap=2) as server, Client(server.mcp, mode="legacy") as client:
        await client.subscribe_resource("odoo://res.partner/9")
        await client.subscribe_resource("odoo://res.partner/10")
        with pytest.raises(MCPError, match=r"at most 2 subscriptions per Odoo user"):
            await client.subscribe_resource("odoo://res.partner/11")
        await client.subscribe_resource("odoo://res.partner/9")


async def test_after_unsubscribing_nothing_is_polled(live_server: ServerFactory) -> None:
    async with live_server(interval=3600) as server, Client(server.mcp, mode="legacy") as client:
        await client.subscribe_resource(PARTNER)
        await client.unsubscribe_resource(PARTNER)
        before = server.polls()
        await server.live.poll_once()
        assert server.polls() == before
        assert await server.live.store.watched("shared") == set()


async def test_a_closed_connection_leaves_nothing_watched(live_server: ServerFactory) -> None:
    async with live_server(interval=3600) as server:
        async with Client(server.mcp, mode="legacy") as client:
            await client.subscribe_resource(PARTNER)
            assert await server.live.store.watched("shared") == {PARTNER}
        assert await server.live.store.watched("shared") == set()
        assert await server.live.store.seen("shared") == {}


async def test_a_closed_listen_stream_leaves_nothing_watched(live_server: ServerFactory) -> None:
    async with live_server(interval=3600) as server, Client(server.mcp, mode="auto") as client:
        async with client.listen(resource_subscriptions=[PARTNER, ORDER]):
            assert await server.live.store.watched("shared") == {PARTNER, ORDER}

        async def nothing_watched() -> bool:
            return await server.live.store.watched("shared") == set()

        await eventually(nothing_watched)


async def test_a_second_write_in_the_same_second_is_announced_once_that_second_is_over(
    live_server: ServerFactory, app: Starlette, registry: Registry
) -> None:
    """Odoo's write_date has one-second resolution: the later write leaves it unchanged."""
    odoo = OdooUser(app, registry)
    moment = dt.datetime.combine(registry.database.today, dt.time(10, 0, 1, 200_000), dt.UTC)
    clock = {"now": moment}
    notes = Notifications()
    async with (
        live_server(interval=3600, now=lambda: clock["now"]) as server,
        Client(server.mcp, mode="legacy", message_handler=notes.handler) as client,
    ):
        await client.subscribe_resource(PARTNER)
        at(registry, seconds=1)
        await odoo.write("res.partner", 9, {"phone": "+32 2 555 01 05"})
        assert await server.live.poll_once() == [PARTNER]
        await odoo.write("res.partner", 9, {"phone": "+32 2 555 01 06"})
        clock["now"] = moment + dt.timedelta(seconds=0.5)
        assert await server.live.poll_once() == []
        clock["now"] = moment + dt.timedelta(seconds=3)
        assert await server.live.poll_once() == [PARTNER]
        assert await server.live.poll_once() == []
        await notes.wait_for(PARTNER, times=2)
    assert notes.uris == [PARTNER, PARTNER]
