"""What subscriptions cost Odoo: one request per watched model and per saved query at each interval,
whatever the number of subscriptions, counted on the simulator's own request counter."""

from __future__ import annotations

import pytest
from live_helpers import ServerFactory
from mcp import Client

from mcp_odoo.live import SavedQuery

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

PARTNERS = [f"odoo://res.partner/{partner}" for partner in range(1, 26)]
ORDERS = [f"odoo://sale.order/{order}" for order in range(1, 11)]
INVOICES = [f"odoo://account.move/{move}/document" for move in (2, 3, 4, 10, 11)]
POLLS = 3


async def test_many_subscriptions_on_one_model_cost_one_request_per_interval(
    live_server: ServerFactory,
) -> None:
    async with (
        live_server(interval=3600) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=PARTNERS),
    ):
        server.simulator.calls.reset()
        for _ in range(POLLS):
            await server.live.poll_once()
        assert server.polls("res.partner") == POLLS
        assert server.simulator.calls.total == POLLS


async def test_subscriptions_made_one_by_one_still_cost_one_request_per_interval(
    live_server: ServerFactory,
) -> None:
    async with live_server(interval=3600) as server, Client(server.mcp, mode="legacy") as client:
        for uri in PARTNERS:
            await client.subscribe_resource(uri)
        server.simulator.calls.reset()
        for _ in range(POLLS):
            await server.live.poll_once()
        assert server.simulator.calls.total == server.polls("res.partner") == POLLS


async def test_each_watched_model_costs_one_request_per_interval(live_server: ServerFactory) -> None:
    async with (
        live_server(interval=3600) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=PARTNERS + ORDERS + INVOICES),
    ):
        server.simulator.calls.reset()
        for _ in range(POLLS):
            await server.live.poll_once()
        assert [server.polls(model) for model in ("res.partner", "sale.order", "account.move")] == [POLLS] * 3
        assert server.simulator.calls.total == 3 * POLLS


async def test_a_record_and_its_document_are_read_in_the_same_request(live_server: ServerFactory) -> None:
    async with (
        live_server(interval=3600) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=["odoo://sale.order/3", "odoo://sale.order/3/document"]),
    ):
        server.simulator.calls.reset()
        await server.live.poll_once()
        assert server.simulator.calls.total == 1


async def test_a_saved_query_costs_one_request_per_interval(live_server: ServerFactory) -> None:
    quotations = SavedQuery("open-quotations", "sale.order", [("state", "in", ["draft", "sent"])])
    async with (
        live_server(interval=3600, queries=(quotations,)) as server,
        Client(server.mcp, mode="auto") as client,
        client.listen(resource_subscriptions=[quotations.uri, *ORDERS]),
    ):
        server.simulator.calls.reset()
        for _ in range(POLLS):
            await server.live.poll_once()
        assert server.polls("sale.order") == 2 * POLLS
        assert server.simulator.calls.total == 2 * POLLS


async def test_subscribing_reads_the_new_targets_in_one_request_per_model(live_server: ServerFactory) -> None:
    async with live_server(interval=3600) as server, Client(server.mcp, mode="auto") as client:
        await client.list_tools()
        server.simulator.calls.reset()
        async with client.listen(resource_subscriptions=PARTNERS + ORDERS):
            assert server.polls() == 2
            server.simulator.calls.reset()
            async with client.listen(resource_subscriptions=PARTNERS + ORDERS):
                assert server.polls() == 0


async def test_nothing_is_polled_without_subscriptions(live_server: ServerFactory) -> None:
    async with live_server(interval=3600) as server, Client(server.mcp, mode="auto") as client:
        await client.list_tools()
        server.simulator.calls.reset()
        await server.live.poll_once()
        assert server.simulator.calls.total == 0
