"""Compact field metadata and the default field set of a search."""

from __future__ import annotations

from metadata_fixtures import METADATA

from mcp_odoo.policy.metadata import exposed_fields, field_meta, summary_fields


def test_the_default_set_prefers_business_fields_and_the_display_name() -> None:
    chosen = summary_fields(METADATA["sale.order"])
    assert chosen[:3] == ["display_name", "state", "partner_id"]
    assert "amount_total" in chosen


def test_the_default_set_never_holds_html_x2many_or_the_plain_name() -> None:
    chosen = summary_fields(METADATA["sale.order"])
    assert not {"note", "order_line", "tag_ids", "name"} & set(chosen)


def test_an_unfamiliar_model_gets_its_required_fields() -> None:
    fields = exposed_fields(
        {
            "code": {"type": "char", "string": "Code", "required": True},
            "weight": {"type": "float", "string": "Weight", "required": True},
            "notes": {"type": "text", "string": "Notes"},
        }
    )
    assert summary_fields(fields) == ["code", "weight"]


def test_long_help_is_left_out_and_short_help_kept() -> None:
    assert field_meta("a", {"type": "char", "help": "x" * 500}).help is None
    assert field_meta("a", {"type": "char", "help": "Shown on invoices."}).help == "Shown on invoices."


def test_a_field_with_dependencies_is_computed() -> None:
    assert field_meta("total", {"type": "float", "depends": ["line_ids.price"]}).computed


def test_sensitive_fields_never_enter_the_metadata() -> None:
    assert list(exposed_fields({"login": {"type": "char"}, "new_password": {"type": "char"}})) == ["login"]
