"""The domain engine: operators, prefix notation, paths, emptiness and active_test as Odoo evaluates them."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

MCP_BOT = 7


def partner_ids(domain: list[Any], **context: Any) -> list[int]:
    kwargs: dict[str, Any] = {"order": "id"}
    if context:
        kwargs["context"] = context
    ids: list[int] = fresh_registry().execute_kw(MCP_BOT, "res.partner", "search", [domain], kwargs)
    return ids


def names(domain: list[Any]) -> set[str]:
    records = fresh_registry().execute_kw(
        MCP_BOT, "res.partner", "search_read", [domain], {"fields": ["name"]}
    )
    return {record["name"] for record in records}


def test_implicit_and_between_leaves() -> None:
    assert names([["is_company", "=", True], ["name", "ilike", "gemini"]]) == {"Gemini Furniture"}


def test_prefix_or_combines_the_next_two_terms() -> None:
    assert names(["|", ["name", "=", "OpenWood"], ["name", "=", "Ready Mat"]]) == {"OpenWood", "Ready Mat"}


def test_not_negates_the_next_term() -> None:
    companies = set(partner_ids([["is_company", "=", True]]))
    assert set(partner_ids(["!", ["is_company", "=", True]])).isdisjoint(companies)


def test_ilike_is_case_insensitive_and_wrapped_in_wildcards() -> None:
    assert names([["name", "ilike", "GEMINI FURN"], ["is_company", "=", True]]) == {"Gemini Furniture"}


def test_like_is_case_sensitive() -> None:
    assert names([["name", "like", "gemini"]]) == set()


def test_equal_like_uses_the_pattern_as_given() -> None:
    assert names([["name", "=like", "Open%"]]) == {"OpenWood"}


def test_not_ilike_also_matches_empty_values() -> None:
    without_email = set(partner_ids([["email", "=", False]]))
    assert without_email <= set(partner_ids([["email", "not ilike", "example"]]))


def test_equal_false_matches_empty_many2one() -> None:
    assert 9 in partner_ids([["parent_id", "=", False]])


def test_not_equal_false_on_x2many_means_not_empty() -> None:
    assert 9 in partner_ids([["child_ids", "!=", False]])
    assert 19 not in partner_ids([["child_ids", "!=", False]])


def test_in_with_ids_on_many2one() -> None:
    assert set(partner_ids([["parent_id", "in", [9]]])) == {19, 20, 36}


def test_dotted_path_through_many2one() -> None:
    assert set(partner_ids([["parent_id.name", "=", "Acme Corporation"]])) == {19, 20, 36}


def test_many2one_compared_with_a_string_matches_the_display_name() -> None:
    assert set(partner_ids([["parent_id", "ilike", "acme"]])) == {19, 20, 36}


def test_child_of_includes_the_record_and_its_descendants() -> None:
    assert set(partner_ids([["id", "child_of", 9]])) == {9, 19, 20, 36}


def test_parent_of_includes_the_record_and_its_ancestors() -> None:
    assert set(partner_ids([["id", "parent_of", 19]])) == {9, 19}


def test_optional_equal_ignores_a_false_value() -> None:
    assert partner_ids([["parent_id", "=?", False]]) == partner_ids([])


def test_archived_records_are_hidden_by_default() -> None:
    archived = partner_ids([["active", "=", False]])
    assert archived
    assert not set(archived) & set(partner_ids([]))


def test_active_test_false_in_context_shows_archived_records() -> None:
    assert set(partner_ids([["active", "=", False]])) <= set(partner_ids([], active_test=False))


def test_true_and_false_leaves() -> None:
    assert partner_ids([[1, "=", 1]]) == partner_ids([])
    assert partner_ids([[0, "=", 1]]) == []


def test_unknown_operator_is_a_value_error_naming_the_condition() -> None:
    with pytest.raises(ValueError, match=r"Invalid operator in condition \('name', '~~', 'x'\)"):
        partner_ids([["name", "~~", "x"]])


def test_unknown_field_in_a_path_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"Invalid field res.country.nope in condition"):
        partner_ids([["country_id.nope", "=", 1]])


def test_flat_leaf_instead_of_a_domain_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"Domain\(\) invalid item in domain: 'x'"):
        partner_ids(["name", "=", "x"])


def test_order_by_name_descending_then_offset_and_limit() -> None:
    registry = fresh_registry()
    ids = registry.execute_kw(
        MCP_BOT,
        "res.partner",
        "search",
        [[["is_company", "=", True]]],
        {"order": "name desc", "offset": 1, "limit": 2},
    )
    everything = registry.execute_kw(
        MCP_BOT, "res.partner", "search", [[["is_company", "=", True]]], {"order": "name desc"}
    )
    assert ids == everything[1:3]


def test_invalid_order_term_is_a_value_error() -> None:
    with pytest.raises(ValueError, match='Invalid "order" specified'):
        fresh_registry().execute_kw(MCP_BOT, "res.partner", "search", [[]], {"order": "nope asc"})
