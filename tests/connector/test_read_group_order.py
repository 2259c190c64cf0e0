"""read_group on 16-18 sorts aggregates by their field name; formatted_read_group on 19 by the spec."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mcp_odoo.odoo.groups import read_group_order, read_group_request

from .replay import CORPUS

NOT_LAZY = "read/read_group_sale_order_not_lazy.jsonrpc.json"


def recorded(series: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The keyword arguments and the answer of the recorded non-lazy read_group of `series`."""
    exchange = json.loads((CORPUS / series / NOT_LAZY).read_text())
    return exchange["request"]["body"]["params"]["args"][6], exchange["response"]["result"]


def test_an_aggregate_spec_is_sorted_by_its_field() -> None:
    assert read_group_order("amount_total:sum desc", ["amount_total:sum"]) == "amount_total desc"


def test_each_term_is_translated_and_keeps_its_direction() -> None:
    order = read_group_order("amount_total:sum desc, partner_id asc", ["amount_total:sum"])
    assert order == "amount_total desc, partner_id asc"


def test_groupby_granularity_and_count_are_left_as_given() -> None:
    order = read_group_order("date_order:month desc, __count", ["amount_total:sum"])
    assert order == "date_order:month desc, __count"


def test_no_order_stays_no_order() -> None:
    assert read_group_order(None, ["amount_total:sum"]) is None


@pytest.mark.parametrize("series", ["16.0", "17.0", "18.0"])
def test_read_group_request_matches_the_recorded_call_plus_a_field_order(series: str) -> None:
    kwargs, rows = recorded(series)
    major = int(series.split(".")[0])
    method, options = read_group_request(
        major, [], kwargs["groupby"], kwargs["fields"], None, 0, "amount_total:sum desc"
    )
    assert method == "read_group"
    assert options == {**kwargs, "orderby": "amount_total desc"}
    assert all("amount_total" in row for row in rows), "the order names a key of the recorded answer"


def test_formatted_read_group_on_19_keeps_the_aggregate_spec() -> None:
    method, options = read_group_request(
        19, [], ["partner_id"], ["amount_total:sum"], None, 0, "amount_total:sum desc"
    )
    assert method == "formatted_read_group"
    assert options["order"] == "amount_total:sum desc"
