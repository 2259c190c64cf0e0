"""web_search_read per series: the request each series takes, and its recorded answers turned into
search_read's shape (the corpus' real Odoo 16.0 and 17.0 transcripts)."""

from __future__ import annotations

import json
from typing import Any

from mcp_odoo.odoo.pages import (
    Page,
    Related,
    attach_related,
    needs_count,
    page_answer,
    page_request,
    related_ids,
)
from reference_corpus import REFERENCE

TYPES = {"name": "char", "country_id": "many2one", "category_id": "many2many"}
LINES = Related("order_line", ("product_id", "price_unit"), order="sequence, id", limit=2)
LINE_TYPES = {"product_id": "many2one", "price_unit": "float"}


def recorded(series: str, name: str) -> dict[str, Any]:
    transcript = json.loads((REFERENCE / series / "read" / f"{name}.jsonrpc.json").read_text())
    answer: dict[str, Any] = transcript["response"]["result"]
    return answer


def test_odoo_16_is_asked_for_fields_and_the_related_ids() -> None:
    request = page_request(
        16, [["a", "=", 1]], TYPES, offset=0, limit=3, order="id", related=(LINES, LINE_TYPES)
    )
    assert request == {
        "domain": [["a", "=", 1]],
        "fields": ["name", "country_id", "category_id", "order_line"],
        "limit": 3,
        "order": "id",
    }


def test_odoo_17_and_later_are_asked_for_a_specification_with_nested_lines() -> None:
    request = page_request(17, [], TYPES, offset=10, limit=5, order=None, related=(LINES, LINE_TYPES))
    assert request == {
        "domain": [],
        "specification": {
            "name": {},
            "country_id": {"fields": {"display_name": {}}},
            "category_id": {},
            "order_line": {
                "fields": {"product_id": {"fields": {"display_name": {}}}, "price_unit": {}},
                "order": "sequence, id",
                "limit": 2,
            },
        },
        "offset": 10,
        "limit": 5,
    }


def test_an_odoo_16_answer_is_already_in_search_read_shape() -> None:
    answer = recorded("16.0", "web_search_read_res_partner_fields")
    page = page_answer(16, answer, TYPES)
    assert page.total == 10
    assert page.records[1] == {
        "id": 9,
        "name": "Wood Corner",
        "country_id": [233, "United States"],
        "category_id": [7, 6],
    }


def test_an_odoo_17_many2one_becomes_id_and_name() -> None:
    answer = recorded("17.0", "web_search_read_res_partner")
    page = page_answer(17, answer, {"name": "char", "country_id": "many2one"})
    assert page.total == 10
    assert page.records[0]["country_id"] == [233, "United States"]
    assert page.records[0]["name"] == "My Company (San Francisco)"


def test_nested_lines_are_converted_and_cut_at_their_limit() -> None:
    line = {"id": 7, "product_id": {"id": 3, "display_name": "Desk"}, "price_unit": 5.0}
    answer = {"length": 1, "records": [{"id": 1, "order_line": [line, {**line, "id": 8}, {"id": 9}]}]}
    page = page_answer(17, answer, {}, (LINES, LINE_TYPES))
    assert page.records[0]["order_line"] == [
        {"id": 7, "product_id": [3, "Desk"], "price_unit": 5.0},
        {"id": 8, "product_id": [3, "Desk"], "price_unit": 5.0},
    ]


def test_odoo_16_related_rows_are_attached_in_their_own_order() -> None:
    records = [{"id": 1, "order_line": [5, 4, 6]}, {"id": 2, "order_line": [7]}]
    rows = [{"id": 6}, {"id": 4}, {"id": 5}, {"id": 7}]
    assert related_ids(records, "order_line") == [5, 4, 6, 7]
    attach_related(records, LINES, rows)
    assert records == [{"id": 1, "order_line": [{"id": 6}, {"id": 4}]}, {"id": 2, "order_line": [{"id": 7}]}]


def test_only_an_empty_page_past_the_first_needs_a_count() -> None:
    assert needs_count(Page([], 0), offset=20)
    assert not needs_count(Page([], 0), offset=0)
    assert not needs_count(Page([{"id": 1}], 21), offset=20)
