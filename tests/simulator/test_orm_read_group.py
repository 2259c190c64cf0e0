"""read_group (lazy and not, date granularity) and 19's formatted_read_group."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

MCP_BOT = 7


def test_lazy_read_group_groups_by_the_first_field_only() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "read_group",
        [],
        {"domain": [], "fields": ["amount_total:sum"], "groupby": ["partner_id", "state"]},
    )
    acme = groups[0]
    assert acme == {
        "partner_id": [9, "Acme Corporation"],
        "partner_id_count": 2,
        "amount_total": 2145.0,
        "__domain": [["partner_id", "=", 9]],
        "__context": {"group_by": ["state"]},
    }
    assert sum(group["partner_id_count"] for group in groups) == 24


def test_eager_read_group_counts_every_combination() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "read_group",
        [],
        {"domain": [], "fields": ["amount_total:sum"], "groupby": ["partner_id", "state"], "lazy": False},
    )
    assert groups[0] == {
        "partner_id": [9, "Acme Corporation"],
        "state": "draft",
        "__count": 2,
        "amount_total": 2145.0,
        "__domain": ["&", ["partner_id", "=", 9], ["state", "=", "draft"]],
    }


def test_read_group_by_month_has_label_domain_and_range() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "read_group",
        [],
        {"domain": [], "fields": ["amount_total:sum"], "groupby": ["date_order:month"]},
    )
    october = groups[0]
    assert october["date_order:month"] == "October 2026"
    assert october["__domain"] == [
        "&",
        ["date_order", ">=", "2026-10-01 00:00:00"],
        ["date_order", "<", "2026-11-01 00:00:00"],
    ]
    assert october["__range"] == {
        "date_order:month": {"from": "2026-10-01 00:00:00", "to": "2026-11-01 00:00:00"}
    }
    assert october["date_order_count"] == 7


def test_read_group_keeps_the_search_domain_in_each_group_domain() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT, "sale.order", "read_group", [[["state", "=", "sale"]], ["amount_total"], ["state"]], {}
    )
    assert groups == [
        {
            "state": "sale",
            "state_count": 19,
            "amount_total": groups[0]["amount_total"],
            "__domain": ["&", ["state", "=", "sale"], ["state", "=", "sale"]],
        }
    ]


def test_formatted_read_group_names_aggregates_as_asked() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "formatted_read_group",
        [],
        {"domain": [], "groupby": ["partner_id", "state"], "aggregates": ["amount_total:sum", "__count"]},
    )
    assert groups[0] == {
        "partner_id": [9, "Acme Corporation"],
        "state": "draft",
        "__extra_domain": ["&", ["partner_id", "=", 9], ["state", "=", "draft"]],
        "amount_total:sum": 2145.0,
        "__count": 2,
    }


def test_formatted_read_group_does_not_exist_on_18() -> None:
    with pytest.raises(AttributeError, match="The method 'formatted_read_group' does not exist on the model"):
        fresh_registry("18.0").execute_kw(8, "sale.order", "formatted_read_group", [], {"groupby": ["state"]})


def test_groups_can_be_ordered_by_an_aggregate() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "formatted_read_group",
        [],
        {
            "domain": [],
            "groupby": ["partner_id"],
            "aggregates": ["amount_total:sum"],
            "order": "amount_total:sum desc",
            "limit": 2,
        },
    )
    totals = [group["amount_total:sum"] for group in groups]
    assert totals == sorted(totals, reverse=True)
    assert groups[0]["partner_id"] == [10, "Gemini Furniture"]


def test_read_group_orderby_and_limit() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "read_group",
        [],
        {
            "domain": [],
            "fields": ["amount_total:sum"],
            "groupby": ["state"],
            "orderby": "state desc",
            "limit": 1,
        },
    )
    assert [group["state"] for group in groups] == ["sent"]


def test_many2one_groups_follow_the_comodels_order() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "crm.lead",
        "read_group",
        [[["type", "=", "opportunity"]], ["expected_revenue:sum"], ["stage_id"]],
        {},
    )
    assert [group["stage_id"][1] for group in groups] == ["New", "Qualified", "Proposition", "Won"]


def read_group(**kwargs: Any) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = fresh_registry().execute_kw(
        MCP_BOT, "sale.order", "read_group", [], {"domain": [], "fields": ["amount_total:sum"], **kwargs}
    )
    return groups


def test_read_group_orders_by_count_descending() -> None:
    groups = read_group(groupby=["partner_id"], orderby="__count desc")
    counts = [group["partner_id_count"] for group in groups]
    assert counts == sorted(counts, reverse=True)


def test_read_group_accepts_the_aggregate_spelling_of_19() -> None:
    groups = read_group(groupby=["partner_id"], orderby="amount_total:sum desc", limit=3)
    totals = [group["amount_total"] for group in groups]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] == max(group["amount_total"] for group in read_group(groupby=["partner_id"]))


def test_read_group_pages_the_ordered_groups_with_offset() -> None:
    ordered = read_group(groupby=["partner_id"], orderby="amount_total desc")
    assert read_group(groupby=["partner_id"], orderby="amount_total desc", offset=2, limit=2) == ordered[2:4]


def test_month_groups_order_by_period_not_by_label() -> None:
    groups = read_group(groupby=["date_order:month"], orderby="date_order:month desc")
    starts = [group["__range"]["date_order:month"]["from"] for group in groups]
    assert starts == sorted(starts, reverse=True)


def test_formatted_read_group_orders_by_count_not_asked_as_an_aggregate() -> None:
    groups = fresh_registry().execute_kw(
        MCP_BOT,
        "sale.order",
        "formatted_read_group",
        [],
        {"groupby": ["state"], "aggregates": ["amount_total:sum"], "order": "__count desc, state"},
    )
    by_state = {
        group["state"]: group["__count"]
        for group in fresh_registry().execute_kw(
            MCP_BOT,
            "sale.order",
            "formatted_read_group",
            [],
            {"groupby": ["state"], "aggregates": ["__count"]},
        )
    }
    counts = [by_state[group["state"]] for group in groups]
    assert counts == sorted(counts, reverse=True)
