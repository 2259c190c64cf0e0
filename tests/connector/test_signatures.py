"""Positional -> named arguments for JSON-2, and the per-series name tables."""

from __future__ import annotations

import pytest

from mcp_odoo.odoo.errors import BadArguments
from mcp_odoo.odoo.signatures import to_named
from mcp_odoo.odoo.versions import field_name, major_of, method_span, rename_params


def test_positional_arguments_take_the_parameter_names_in_order() -> None:
    named = to_named("search_read", [[["is_company", "=", True]], ["name"]], {"limit": 5}, 19)
    assert named == {"domain": [["is_company", "=", True]], "fields": ["name"], "limit": 5}


def test_renamed_parameters_get_the_19_names() -> None:
    assert to_named("name_search", ["Gem", [["active", "=", True]]], {}, 19) == {
        "name": "Gem",
        "domain": [["active", "=", True]],
    }
    assert to_named("default_get", [["state"]], {}, 19) == {"fields": ["state"]}


def test_action_methods_take_no_positional_argument() -> None:
    with pytest.raises(BadArguments, match="at most 0"):
        to_named("action_confirm", [True], {}, 19)


def test_unknown_method_with_positional_arguments_is_refused() -> None:
    with pytest.raises(BadArguments, match="pass its arguments by name"):
        to_named("compute_magic", [1], {}, 19)


def test_a_parameter_given_twice_is_refused() -> None:
    with pytest.raises(BadArguments, match="two values for argument 'fields'"):
        to_named("read", [["name"]], {"fields": ["name"]}, 19)


def test_message_post_is_keyword_only() -> None:
    with pytest.raises(BadArguments):
        to_named("message_post", ["Hello"], {}, 19)
    assert to_named("message_post", [], {"body": "Hello"}, 19) == {"body": "Hello"}


def test_rename_params_applies_aliases_everywhere_and_renames_from_19() -> None:
    assert rename_params("write", {"values": {}}, 16) == {"vals": {}}
    assert rename_params("name_search", {"args": []}, 18) == {"args": []}
    assert rename_params("name_search", {"args": []}, 19) == {"domain": []}


def test_field_renames_apply_from_19() -> None:
    assert field_name("sale.order.line", "tax_id", 18) == "tax_id"
    assert field_name("sale.order.line", "tax_id", 19) == "tax_ids"
    assert field_name("res.partner", "name", 19) == "name"


@pytest.mark.parametrize(
    ("info", "version", "major"),
    [(19, "19.0", 19), ("saas~18", "saas~18.3", 18), (None, "17.0+e", 17)],
)
def test_major_is_read_from_version_info_or_string(info: object, version: str, major: int) -> None:
    assert major_of(info, version) == major


def test_method_spans_tell_where_a_method_exists() -> None:
    span = method_span("formatted_read_group")
    assert span is not None
    assert not span.covers(18)
    assert span.covers(19)
    assert method_span("search_read") is None
