"""activity_schedule as mail.thread defines it, and child_of / parent_of through each model's parent field."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.orm import Registry

ADMIN, MCP_BOT = 2, 7
LEAD = 1
TODO, CALL = 4, 2
WH, WH_STOCK, SHELF_2, SMALL_FRIDGE = 4, 5, 16, 32


def schedule(registry: Registry, *args: Any, **kwargs: Any) -> dict[str, Any]:
    [activity_id] = registry.execute_kw(MCP_BOT, "crm.lead", "activity_schedule", [[LEAD], *args], kwargs)
    fields = ["activity_type_id", "user_id", "summary", "date_deadline", "res_model", "res_id", "state"]
    activities: list[dict[str, Any]] = registry.execute_kw(
        ADMIN, "mail.activity", "read", [[activity_id]], {"fields": fields}
    )
    return activities[0]


def test_activity_schedule_assigns_the_user_given_in_act_values() -> None:
    activity = schedule(fresh_registry(), summary="Call back", user_id=ADMIN)
    assert activity["user_id"][0] == ADMIN
    assert (activity["res_model"], activity["res_id"], activity["summary"]) == ("crm.lead", LEAD, "Call back")


def test_activity_schedule_defaults_to_the_caller_and_the_to_do_type() -> None:
    activity = schedule(fresh_registry())
    assert activity["user_id"][0] == MCP_BOT
    assert activity["activity_type_id"][0] == TODO


def test_activity_schedule_resolves_the_type_external_id() -> None:
    activity = schedule(fresh_registry(), "mail.mail_activity_data_call", "2020-01-01")
    assert activity["activity_type_id"][0] == CALL
    assert activity["state"] == "overdue"


def test_activity_schedule_refuses_an_unknown_activity_field() -> None:
    with pytest.raises(ValueError, match="Invalid field 'colour'"):
        schedule(fresh_registry(), colour="red")


def search_locations(registry: Registry, operator: str, location: int) -> set[int]:
    return set(registry.execute_kw(ADMIN, "stock.location", "search", [[["id", operator, location]]], {}))


def test_child_of_on_stock_locations_follows_location_id() -> None:
    found = search_locations(fresh_registry(), "child_of", WH_STOCK)
    assert {WH_STOCK, SHELF_2, SMALL_FRIDGE} <= found
    assert WH not in found


def test_parent_of_on_stock_locations_climbs_location_id() -> None:
    assert search_locations(fresh_registry(), "parent_of", SMALL_FRIDGE) == {
        SMALL_FRIDGE,
        SHELF_2,
        WH_STOCK,
        WH,
    }


def test_child_of_through_a_many2one_to_stock_locations() -> None:
    registry = fresh_registry()
    domain = [["location_id", "child_of", WH]]
    quants = registry.execute_kw(ADMIN, "stock.quant", "search_read", [domain], {"fields": ["location_id"]})
    assert quants
    assert all(quant["location_id"][1].startswith("WH/") for quant in quants)
