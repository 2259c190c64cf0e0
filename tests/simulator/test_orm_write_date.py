"""write_date moves on every change, as in Odoo: UTC "YYYY-MM-DD HH:MM:SS", stamped by create, write
and the business methods that change a record (what change subscriptions poll)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from test_orm_corpus_support import RECORDING_DAY, fresh_registry

from mcp_odoo.simulator.orm import Registry
from mcp_odoo.simulator.orm.database import utc_now

MCP_BOT = 7
CHAIR = 5
STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


@pytest.fixture
def registry() -> Iterator[Registry]:
    """The shared fresh registry, its clock given back to real time afterwards."""
    shared = fresh_registry()
    try:
        yield shared
    finally:
        shared.database.clock = utc_now


def at(registry: Registry, hour: int, minute: int, second: int) -> None:
    """Set the simulated time of day (the date stays the registry's `today`)."""
    moment = dt.datetime(2026, 1, 1, hour, minute, second, tzinfo=dt.UTC)
    registry.database.clock = lambda: moment


def stamps(registry: Registry, model: str, record_id: int) -> dict[str, Any]:
    [record] = registry.execute_kw(
        MCP_BOT, model, "read", [[record_id]], {"fields": ["write_date", "write_uid", "create_date"]}
    )
    return dict(record)


def test_write_stamps_write_date_in_utc_to_the_second(registry: Registry) -> None:
    at(registry, 13, 5, 7)
    registry.execute_kw(MCP_BOT, "res.partner", "write", [[9], {"phone": "+32 2 555 01 00"}], {})
    record = stamps(registry, "res.partner", 9)
    assert record["write_date"] == f"{RECORDING_DAY} 13:05:07"
    assert STAMP.match(record["write_date"])
    assert record["write_uid"][0] == MCP_BOT


def test_create_stamps_create_and_write_date_alike(registry: Registry) -> None:
    at(registry, 8, 0, 1)
    partner = registry.execute_kw(MCP_BOT, "res.partner", "create", [{"name": "Stamped"}], {})
    record = stamps(registry, "res.partner", partner)
    assert record["create_date"] == record["write_date"] == f"{RECORDING_DAY} 08:00:01"


def test_a_later_write_moves_write_date_and_keeps_create_date(registry: Registry) -> None:
    at(registry, 8, 0, 1)
    partner = registry.execute_kw(MCP_BOT, "res.partner", "create", [{"name": "Stamped"}], {})
    at(registry, 8, 0, 2)
    registry.execute_kw(MCP_BOT, "res.partner", "write", [[partner], {"name": "Stamped again"}], {})
    record = stamps(registry, "res.partner", partner)
    assert (record["create_date"], record["write_date"]) == (
        f"{RECORDING_DAY} 08:00:01",
        f"{RECORDING_DAY} 08:00:02",
    )


def test_confirming_an_order_moves_its_write_date_and_stamps_its_delivery(registry: Registry) -> None:
    at(registry, 9, 0, 0)
    lines = [[0, 0, {"product_id": CHAIR, "product_uom_qty": 1}]]
    order = registry.execute_kw(MCP_BOT, "sale.order", "create", [{"partner_id": 9, "order_line": lines}], {})
    at(registry, 9, 30, 0)
    registry.execute_kw(MCP_BOT, "sale.order", "action_confirm", [[order]], {})
    assert stamps(registry, "sale.order", order)["write_date"] == f"{RECORDING_DAY} 09:30:00"
    [picking] = registry.execute_kw(MCP_BOT, "sale.order", "read", [[order]], {"fields": ["picking_ids"]})[0][
        "picking_ids"
    ]
    assert stamps(registry, "stock.picking", picking)["create_date"] == f"{RECORDING_DAY} 09:30:00"


def test_posting_an_invoice_moves_its_write_date(registry: Registry) -> None:
    at(registry, 10, 0, 0)
    invoice = registry.execute_kw(
        MCP_BOT,
        "account.move",
        "create",
        [{"move_type": "out_invoice", "partner_id": 9, "invoice_line_ids": [[0, 0, {"product_id": CHAIR}]]}],
        {},
    )
    at(registry, 10, 0, 9)
    registry.execute_kw(MCP_BOT, "account.move", "action_post", [[invoice]], {})
    assert stamps(registry, "account.move", invoice)["write_date"] == f"{RECORDING_DAY} 10:00:09"
