"""Change subscriptions over a real Streamable HTTP server: ``python -m mcp_odoo serve --transport http`` in a
subprocess (uvicorn on a socket), the SDK's client over HTTP, and a colleague editing records in Odoo through
its JSON-RPC over HTTP. What the in-process tests cannot show: a notification travelling down a long-lived
SSE stream while it is open (the 2025 era's GET stream of a session, the 2026-07-28 era's response to
``subscriptions/listen``), where an in-process ASGI transport would buffer the whole response.

One server per Odoo series and protocol era, polling every second: the 2025 era needs sessions
(``--stateful``), 2026-07-28 needs none (``--stateless``, as behind a load balancer). Each test subscribes to
what it changes and to the same kind of thing nobody touches, changes the first in Odoo, waits for its
announcement, then for two more polls, and asserts that nothing else was announced. Every test watches URIs of
its own, so what one test's subscriptions leave behind in the shared server cannot reach another's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio
import httpx2
import pytest
from live_helpers import OdooUser
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.client.subscriptions import Subscription
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import ResourceUpdated
from mcp_types import ResourceUpdatedNotification

from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.server import RunningSimulator
from replicas.replica_cluster import free_port, started  # runs `mcp-odoo serve` as a process, stops it

pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

Era = Literal["legacy", "auto"]
SESSIONS: dict[Era, str] = {"legacy": "--stateful", "auto": "--stateless"}
"""How each era's server keeps sessions: resources/subscribe needs a session's GET stream."""

BOUND_SECONDS = 15.0
"""The longest a test waits for an announcement, or for the polls after it (one poll a second)."""
STEP_SECONDS = 0.02
QUIET_ROUNDS = 2
"""Poll rounds after the announcement during which nothing else may be announced."""

CONFIG = """\
[[server.saved_queries]]
name = "open_quotations"
model = "sale.order"
domain = [["state", "in", ["draft", "sent"]]]
description = "Quotations not confirmed yet"

[[server.saved_queries]]
name = "confirmed_orders"
model = "sale.order"
domain = [["state", "=", "sale"]]
description = "Confirmed sales orders"
"""


@dataclass(frozen=True)
class HttpServer:
    """`mcp_odoo serve --transport http` running in a subprocess, for one protocol era."""

    url: str
    era: Era
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture(scope="module", params=["legacy", "auto"], ids=["2025", "2026-07-28"])
def http_server(
    request: pytest.FixtureRequest,
    served_odoo: tuple[Registry, RunningSimulator],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[HttpServer]:
    """The server acting as mcp_bot on the series' simulator, polling every second (the least the settings
    accept), once ``/readyz`` says it is ready; stopped by its own handle (terminate, then kill) when the
    module's tests of that series and era are done."""
    registry, simulator = served_odoo
    era: Era = request.param
    root = tmp_path_factory.mktemp(f"http-subscriptions-{registry.series}-{era}")
    config = root / "mcp-odoo.toml"
    config.write_text(CONFIG)
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("ODOO_", "MCP_ODOO_"))
    }
    environment.update(
        ODOO_URL=simulator.base_url,
        ODOO_DB=registry.db_name,
        ODOO_USER="mcp_bot",
        ODOO_API_KEY=DEMO_CREDENTIALS["mcp_bot"]["api_key"],
        MCP_ODOO_SUBSCRIPTION_INTERVAL_SECONDS="1",
        MCP_ODOO_AUDIT_PATH=str(root / "audit.sqlite3"),
    )
    port = free_port()
    command = [sys.executable, "-m", "mcp_odoo", "serve", "--config", str(config), "--transport", "http"]
    command += ["--host", "127.0.0.1", "--port", str(port), SESSIONS[era]]
    base = f"http://127.0.0.1:{port}"
    log = root / "server.log"
    with started(command, environment, log, f"{base}/readyz"):
        yield HttpServer(f"{base}/mcp", era, log)


@dataclass
class Odoo:
    """The test's simulator (reset for it) and the colleague who changes it."""

    running: RunningSimulator
    colleague: OdooUser

    def polls(self, model: str) -> int:
        """search_read requests Odoo received on `model`: what the server's polls send."""
        return self.running.simulator.calls.count(model=model, method="search_read")


@pytest.fixture
def odoo(served_odoo: tuple[Registry, RunningSimulator], running_odoo: RunningSimulator) -> Odoo:
    registry, _ = served_odoo
    return Odoo(running_odoo, OdooUser(None, registry, base_url=running_odoo.base_url))


@dataclass(frozen=True)
class Case:
    """What a test subscribes to, how it changes one of them, and what the server's polls read."""

    changed: str
    untouched: str
    change: Callable[[OdooUser], Awaitable[Any]]
    polled_model: str
    requests_per_round: int
    """search_read requests on `polled_model` in one poll round (all of a model's records share one)."""


@dataclass
class Heard:
    """The URIs announced to one client, in order: from the 2025 era's GET stream (`handler`, the client's
    message_handler) or from a 2026-07-28 listen stream (`relay`). `live_helpers.Notifications` does the
    first in process; this one also takes a listen stream and waits as long as a loaded machine needs."""

    server: HttpServer
    uris: list[str] = field(default_factory=list)
    _arrived: anyio.Event = field(default_factory=anyio.Event)

    def _add(self, uri: str) -> None:
        self.uris.append(uri)
        self._arrived.set()

    async def handler(self, message: Any) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            self._add(message.params.uri)

    async def relay(self, stream: Subscription) -> None:
        async for event in stream:
            self._add(event.uri if isinstance(event, ResourceUpdated) else repr(event))

    async def wait_for(self, uri: str) -> None:
        """Return once `uri` was announced; fail after `BOUND_SECONDS`, with the server's log."""
        try:
            with anyio.fail_after(BOUND_SECONDS):
                while uri not in self.uris:
                    self._arrived = anyio.Event()
                    await self._arrived.wait()
        except TimeoutError:
            raise AssertionError(
                f"{uri} was not announced within {BOUND_SECONDS:g}s (heard {self.uris}); server log:\n"
                f"{self.server.log_tail()}"
            ) from None


@asynccontextmanager
async def subscribed(heard: Heard, uris: Sequence[str]) -> AsyncIterator[None]:
    """A client of the server's era subscribed to `uris` while open, what is announced going to `heard`:
    resources/subscribe and the session's GET stream (2025), or one subscriptions/listen stream
    (2026-07-28)."""
    server = heard.server
    timeout = httpx2.Timeout(30.0, read=300.0)
    async with httpx2.AsyncClient(timeout=timeout) as http:
        transport = streamable_http_client(server.url, http_client=http)
        if server.era == "legacy":
            async with Client(transport, mode="legacy", message_handler=heard.handler) as client:
                for uri in uris:
                    await client.subscribe_resource(uri)
                yield
            return
        async with (
            Client(transport, mode="auto") as client,
            client.listen(resource_subscriptions=list(uris)) as stream,
            anyio.create_task_group() as group,
        ):
            group.start_soon(heard.relay, stream)
            yield
            group.cancel_scope.cancel()


async def _polled(server: HttpServer, odoo: Odoo, model: str, requests: int) -> None:
    """Return once the server's polls sent `requests` more search_read requests on `model` (counted by the
    simulator, in its own thread: there is nothing to wait on but the count)."""
    goal = odoo.polls(model) + requests
    for _ in range(int(BOUND_SECONDS / STEP_SECONDS)):
        if odoo.polls(model) >= goal:
            return
        await anyio.sleep(STEP_SECONDS)
    raise AssertionError(
        f"the server stopped polling {model} ({odoo.polls(model)} of {goal} requests); server log:\n"
        f"{server.log_tail()}"
    )


async def only_the_change_is_announced(server: HttpServer, odoo: Odoo, case: Case) -> None:
    heard = Heard(server)
    async with subscribed(heard, [case.changed, case.untouched]):
        await case.change(odoo.colleague)
        await heard.wait_for(case.changed)
        await _polled(server, odoo, case.polled_model, QUIET_ROUNDS * case.requests_per_round)
    assert set(heard.uris) == {case.changed}


async def test_a_record_edited_in_odoo_is_announced_over_http(http_server: HttpServer, odoo: Odoo) -> None:
    case = Case(
        changed="odoo://res.partner/9",
        untouched="odoo://res.partner/10",
        change=lambda colleague: colleague.execute("res.partner", "write", [9], {"phone": "+32 2 555 02 01"}),
        polled_model="res.partner",
        requests_per_round=1,
    )
    await only_the_change_is_announced(http_server, odoo, case)


async def test_a_document_is_announced_over_http_when_its_order_is_confirmed(
    http_server: HttpServer, odoo: Odoo
) -> None:
    """Quotation 2 is a draft in both series' demo data; order 4 is confirmed already."""
    case = Case(
        changed="odoo://sale.order/2/document",
        untouched="odoo://sale.order/4/document",
        change=lambda colleague: colleague.execute("sale.order", "action_confirm", [2]),
        polled_model="sale.order",
        requests_per_round=1,
    )
    await only_the_change_is_announced(http_server, odoo, case)


async def test_a_saved_query_is_announced_over_http_when_one_of_its_records_changes(
    http_server: HttpServer, odoo: Odoo
) -> None:
    """Quotation 3 is an open quotation (a draft); editing it leaves the confirmed orders as they were."""
    case = Case(
        changed="odoo://query/open_quotations",
        untouched="odoo://query/confirmed_orders",
        change=lambda colleague: colleague.execute(
            "sale.order", "write", [3], {"client_order_ref": "PO-HTTP-0003"}
        ),
        polled_model="sale.order",
        requests_per_round=2,
    )
    await only_the_change_is_announced(http_server, odoo, case)


@pytest.mark.parametrize("http_server", ["auto"], ids=["stateless"], indirect=True)
async def test_a_stateless_server_refuses_a_2025_subscription_it_could_not_deliver(
    http_server: HttpServer,
) -> None:
    """Without sessions there is no GET stream to carry notifications/resources/updated: the 2025 era needs
    ``--stateful`` (the 2026-07-28 era's listen stream is the answer to its own request)."""
    async with (
        httpx2.AsyncClient(timeout=30.0) as http,
        Client(streamable_http_client(http_server.url, http_client=http), mode="legacy") as client,
    ):
        with pytest.raises(MCPError, match=r"cannot receive notifications: keep a session open"):
            await client.subscribe_resource("odoo://res.partner/9")
