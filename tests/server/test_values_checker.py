"""Values for create/update are checked and converted before Odoo sees them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from metadata_fixtures import fields_of

from mcp_odoo.policy import InvalidRequest, Policy, Refused, ValuesChecker
from mcp_odoo.policy.settings import PolicySettings

NAMES: dict[tuple[str, str], list[tuple[int, str]]] = {
    ("res.partner", "Azure Interior"): [(14, "Azure Interior")],
    ("res.partner", "Brandon Freeman"): [(26, "Azure Interior, Brandon Freeman"), (31, "Brandon Freeman")],
    ("crm.tag", "VIP"): [(3, "VIP")],
    ("product.product", "Desk"): [(5, "Desk")],
}


PARTNERS = [(14, "Azure Interior"), (10, "Gemini Furniture"), (9, "Deco Addict"), (15, "Lumber Inc")]


async def find_by_name(model: str, name: str) -> Sequence[tuple[int, str]]:
    return NAMES.get((model, name), [])


async def names_like(model: str, text: str, limit: int) -> Sequence[tuple[int, str]]:
    """name_search with ilike over a few demo partners."""
    found = [pair for pair in PARTNERS if text.casefold() in pair[1].casefold()]
    return found[:limit] if model == "res.partner" else []


async def defaults_of(model: str, names: Sequence[str]) -> Mapping[str, Any]:
    return {"name": "New", "date_order": "2026-11-24 10:00:00"} if model == "sale.order" else {}


def checker() -> ValuesChecker:
    return ValuesChecker(
        Policy(PolicySettings(allow_writes=True)), fields_of, find_by_name, names_like, defaults_of
    )


async def prepare(values: Any, *, creating: bool = False, model: str = "sale.order") -> dict[str, Any]:
    return await checker().prepare(model, values, creating=creating)


async def test_a_many2one_given_by_id_is_kept() -> None:
    assert await prepare({"partner_id": 14}) == {"partner_id": 14}


async def test_a_many2one_given_by_exact_name_is_resolved() -> None:
    assert await prepare({"partner_id": "Azure Interior"}) == {"partner_id": 14}


async def test_an_ambiguous_name_lists_the_candidates_with_ids() -> None:
    with pytest.raises(
        InvalidRequest, match=r"Azure Interior, Brandon Freeman \(#26\); Brandon Freeman \(#31\)"
    ):
        await prepare({"partner_id": "Brandon Freeman"})


async def test_an_unknown_name_says_how_to_find_the_record() -> None:
    with pytest.raises(
        InvalidRequest, match=r"no res.partner is named 'Nobody', nor anything like it"
    ) as error:
        await prepare({"partner_id": "Nobody"})
    assert "search res.partner with the domain" in error.value.hint


async def test_a_misspelled_name_offers_the_closest_records_with_their_ids() -> None:
    with pytest.raises(InvalidRequest, match=r"closest: Gemini Furniture \(#10\)") as error:
        await prepare({"partner_id": "Gemni Furnture"})
    assert "id" in error.value.hint


async def test_a_short_name_lists_candidates_instead_of_nothing() -> None:
    with pytest.raises(InvalidRequest, match=r"no res.partner is named 'a'; closest: .*\(#\d+\)"):
        await prepare({"partner_id": "a"})


async def test_a_name_differing_only_in_case_and_accents_is_the_same_name() -> None:
    assert await prepare({"partner_id": "AZURE ÍNTERIOR"}) == {"partner_id": 14}


async def test_an_unknown_field_is_rejected_with_a_suggestion() -> None:
    with pytest.raises(InvalidRequest, match=r"no field 'partner'; did you mean partner_id"):
        await prepare({"partner": 14})


async def test_a_readonly_field_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"read-only"):
        await prepare({"amount_total": 10.0})


async def test_a_sensitive_field_is_refused() -> None:
    with pytest.raises(Refused, match=r"access_token"):
        await prepare({"access_token": "x"})


async def test_a_wrong_type_is_rejected_with_an_example() -> None:
    with pytest.raises(InvalidRequest, match=r"expects a number") as error:
        await prepare({"order_line": [{"product_uom_qty": "two", "name": "x"}]})
    assert "example" in error.value.hint


async def test_a_boolean_is_not_accepted_as_a_number() -> None:
    with pytest.raises(InvalidRequest, match=r"expects a number"):
        await prepare({"order_line": [{"product_uom_qty": True, "name": "x"}]})


async def test_a_selection_value_outside_the_options_lists_them() -> None:
    with pytest.raises(InvalidRequest, match=r"'paid' is not one of: invoiced"):
        await prepare({"invoice_status": "paid"})


async def test_a_selection_label_is_accepted_for_its_key() -> None:
    assert await prepare({"invoice_status": "To Invoice"}) == {"invoice_status": "to invoice"}


async def test_a_bad_date_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"YYYY-MM-DD"):
        await prepare({"validity_date": "24/11/2026"})


async def test_an_iso_datetime_with_offset_is_sent_as_odoo_utc() -> None:
    assert await prepare({"date_order": "2026-11-24T15:30:00+01:00"}) == {"date_order": "2026-11-24 14:30:00"}


async def test_a_many2many_list_of_names_replaces_the_set() -> None:
    assert await prepare({"tag_ids": ["VIP", 4]}) == {"tag_ids": [[6, 0, [3, 4]]]}


async def test_one2many_lines_are_checked_and_created() -> None:
    values = {"order_line": [{"product_id": "Desk", "product_uom_qty": 2, "name": "Desk"}]}
    prepared = await prepare(values)
    assert prepared == {"order_line": [[0, 0, {"product_id": 5, "product_uom_qty": 2.0, "name": "Desk"}]]}


async def test_new_lines_are_not_checked_for_required_fields() -> None:
    values = {"partner_id": 14, "order_line": [{"product_id": "Desk"}]}
    assert await prepare(values, creating=True) == {
        "partner_id": 14,
        "order_line": [[0, 0, {"product_id": 5}]],
    }


async def test_create_without_a_required_field_that_has_no_default_is_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"required field\(s\): partner_id \(Customer\)"):
        await prepare({"validity_date": "2026-12-01"}, creating=True)


async def test_required_fields_with_a_default_or_computed_are_not_asked_for() -> None:
    assert await prepare({"partner_id": 14}, creating=True) == {"partner_id": 14}


async def test_update_does_not_ask_for_required_fields() -> None:
    assert await prepare({"validity_date": "2026-12-01"}) == {"validity_date": "2026-12-01"}


async def test_a_required_field_cannot_be_emptied() -> None:
    with pytest.raises(InvalidRequest, match=r"cannot be emptied"):
        await prepare({"partner_id": False})


async def test_empty_values_are_rejected() -> None:
    with pytest.raises(InvalidRequest, match=r"non-empty object"):
        await prepare({})
