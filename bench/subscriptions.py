"""What change subscriptions cost Odoo: requests per minute per Odoo identity, for N record subscriptions
spread over 1 and 3 models (and with saved queries), at a given poll interval.

Against an in-process simulator of ``--series``: one server acting as one Odoo user, one client opening
one ``subscriptions/listen`` stream on N record URIs (ids 1..k of res.partner, sale.order and
product.product, round robin; ids a model lacks cost the same, they are just absent from the answer).
The requests Odoo receives are counted on the simulator's own counter, after the connection is made
(the client first reads odoo://user): once for subscribing (the baseline read of the new targets, one
per model and per query, plus field metadata once per model), then over ``--polls`` rounds of
the poller, run back to back by hand (the interval only scales the result: requests per poll x polls
per minute). ``--loop-seconds`` then runs the real poll loop at ``--loop-interval`` for that long and
reports what it sent per round, as a check that the loop costs what a round by hand costs.

    .venv/bin/python bench/subscriptions.py --interval 30
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
from mcp import Client
from mcp.server.subscriptions import InMemorySubscriptionBus
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog
from mcp_odoo.live import LiveSubscriptions, SavedQuery, install_subscriptions
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator

MODELS = ("res.partner", "sale.order", "product.product")
QUERIES = (
    SavedQuery("open-quotations", "sale.order", [("state", "in", ["draft", "sent"])]),
    SavedQuery("my-orders", "sale.order", [("user_id", "=", "$uid")]),
)


@dataclass(frozen=True)
class Scenario:
    subscriptions: int
    models: int
    queries: int = 0

    def uris(self) -> list[str]:
        models = MODELS[: self.models]
        records = [
            f"odoo://{models[n % len(models)]}/{n // len(models) + 1}" for n in range(self.subscriptions)
        ]
        return records + [query.uri for query in QUERIES[: self.queries]]


@dataclass(frozen=True)
class Measured:
    scenario: Scenario
    subscribe_requests: int
    per_poll: float
    poll_ms: float
    loop_per_round: float | None


async def measure(registry: Registry, scenario: Scenario, args: argparse.Namespace) -> Measured:
    app = create_app(registry)
    simulator: Simulator = app.state.simulator
    odoo = OdooSettings(
        url="http://simulator.invalid",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    with tempfile.TemporaryDirectory() as folder:
        settings = ServerSettings(audit_path=Path(folder) / "audit.sqlite3")
        audit = AuditLog.from_settings(settings.audit)
        mcp = build_server(odoo, settings, transport=httpx2.ASGITransport(app=app), audit=audit)
        live = install_subscriptions(
            mcp,
            bus=InMemorySubscriptionBus(),
            queries=QUERIES,
            interval=3600,
            cap=len(scenario.uris()),
        )
        try:
            async with Client(mcp, mode="auto") as client:
                await client.read_resource("odoo://user")
                simulator.calls.reset()
                async with client.listen(resource_subscriptions=scenario.uris()):
                    subscribe_requests = simulator.calls.total
                    simulator.calls.reset()
                    timings = []
                    for _ in range(args.polls):
                        started = time.perf_counter()
                        await live.poll_once()
                        timings.append((time.perf_counter() - started) * 1000)
                    per_poll = simulator.calls.total / args.polls
                    loop_per_round = await run_loop(
                        live, simulator, interval=args.loop_interval, seconds=args.loop_seconds
                    )
        finally:
            await audit.aclose()
    return Measured(scenario, subscribe_requests, per_poll, statistics.median(timings), loop_per_round)


async def run_loop(
    live: LiveSubscriptions, simulator: Simulator, *, interval: float, seconds: float
) -> float | None:
    """Requests per round of the real poll loop, run at `interval` for `seconds`."""
    if seconds <= 0:
        return None
    live.interval = interval
    simulator.calls.reset()
    rounds = live.rounds
    async with live.running():
        await asyncio.sleep(seconds)
    rounds = live.rounds - rounds
    return simulator.calls.total / rounds if rounds else None


def report(rows: list[Measured], interval: float, series: str, polls: int) -> None:
    per_minute = 60.0 / interval
    print(
        f"Odoo {series} simulator, one Odoo identity, poll interval {interval:g} s "
        f"({per_minute:g} polls/min), {polls} polls each"
    )
    print(
        f"{'subscriptions':>13} {'models':>6} {'queries':>7} {'req/poll':>8} {'req/min':>8} "
        f"{'subscribe req':>13} {'poll ms':>8} {'loop req/round':>14}"
    )
    for row in rows:
        scenario = row.scenario
        loop = f"{row.loop_per_round:.2f}" if row.loop_per_round is not None else "-"
        print(
            f"{scenario.subscriptions:>13} {min(scenario.models, scenario.subscriptions):>6} "
            f"{scenario.queries:>7} "
            f"{row.per_poll:>8.2f} {row.per_poll * per_minute:>8.2f} {row.subscribe_requests:>13} "
            f"{row.poll_ms:>8.1f} {loop:>14}"
        )


async def main(args: argparse.Namespace) -> None:
    logging.disable(logging.INFO)
    registry = Registry(args.series)
    scenarios = [Scenario(n, models) for models in (1, 3) for n in (1, 10, 100)]
    scenarios.append(Scenario(100, 3, queries=2))
    rows = [await measure(registry, scenario, args) for scenario in scenarios]
    report(rows, args.interval, args.series, args.polls)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"], help="simulated series")
    parser.add_argument("--interval", type=float, default=30.0, help="poll interval the figures are for (s)")
    parser.add_argument("--polls", type=int, default=10, help="poll rounds measured per scenario")
    parser.add_argument(
        "--loop-interval", type=float, default=0.2, help="interval of the real-loop check (s)"
    )
    parser.add_argument("--loop-seconds", type=float, default=2.0, help="real-loop check duration (0: skip)")
    asyncio.run(main(parser.parse_args()))
