"""Domains are checked before Odoo sees them, and every error shows a correct example."""

from __future__ import annotations

from typing import Any

import pytest
from metadata_fixtures import fields_of

from mcp_odoo.policy import InvalidRequest
from mcp_odoo.policy.domain import check_shape, validate_domain


async def validate(domain: Any, model: str = "sale.order") -> list[Any]:
    return await validate_domain(model, domain, fields_of)


async def test_an_empty_domain_is_valid() -> None:
    assert await validate([]) == []


async def test_leaves_and_operators_pass_and_tuples_become_lists() -> None:
    domain = ["|", ("state", "=", "sale"), ["amount_total", ">", 100]]
    assert await validate(domain) == ["|", ["state", "=", "sale"], ["amount_total", ">", 100]]


async def test_a_dotted_path_through_relations_is_accepted() -> None:
    assert await validate([["partner_id.country_id.code", "=", "BE"]])


async def test_id_is_always_a_valid_field() -> None:
    assert await validate([["id", "in", [1, 2]]])


async def test_a_domain_that_is_not_a_list_is_rejected_with_an_example() -> None:
    with pytest.raises(InvalidRequest, match=r"expected a list") as error:
        await validate({"state": "sale"})
    assert '["state", "=", "sale"]' in error.value.hint


async def test_a_leaf_with_two_items_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"not a \[field, operator, value\]"):
        await validate([["state", "sale"]])


async def test_an_unknown_operator_is_rejected_and_the_allowed_ones_are_listed() -> None:
    with pytest.raises(InvalidRequest, match=r"'equals'.*allowed operators: .*ilike"):
        await validate([["state", "equals", "sale"]])


async def test_a_stray_string_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"only '&', '\|' and '!'"):
        await validate(["or", ["state", "=", "sale"], ["state", "=", "draft"]])


async def test_an_or_without_two_conditions_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"needs 2 condition"):
        await validate(["|", ["state", "=", "sale"]])


async def test_in_needs_a_list() -> None:
    with pytest.raises(InvalidRequest, match=r"needs a list value"):
        await validate([["state", "in", "sale"]])


async def test_an_unknown_field_is_rejected_with_a_suggestion() -> None:
    with pytest.raises(InvalidRequest, match=r"no field 'stat'.*Did you mean state") as error:
        await validate([["stat", "=", "sale"]])
    assert "list the fields of sale.order" in error.value.hint


async def test_an_unknown_field_behind_a_relation_names_the_related_model() -> None:
    with pytest.raises(InvalidRequest, match=r"res.partner has no field 'colour'"):
        await validate([["partner_id.colour", "=", "red"]])


async def test_a_path_through_a_non_relational_field_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"no sub-fields"):
        await validate([["name.length", ">", 3]])


async def test_a_sensitive_field_cannot_be_searched() -> None:
    with pytest.raises(InvalidRequest, match=r"never searchable"):
        await validate([["partner_id.signup_token", "!=", False]])


async def test_any_checks_its_subdomain_on_the_related_model() -> None:
    with pytest.raises(InvalidRequest, match=r"sale.order.line has no field 'price'"):
        await validate([["order_line", "any", [["price", ">", 5]]]])


async def test_any_with_a_valid_subdomain_passes() -> None:
    domain = [["order_line", "any", [["product_uom_qty", ">", 5]]]]
    assert await validate(domain) == [["order_line", "any", [["product_uom_qty", ">", 5]]]]


def test_shape_alone_accepts_prefix_notation() -> None:
    assert len(check_shape(["!", "&", ["a", "=", 1], ["b", "=", 2]])) == 4
