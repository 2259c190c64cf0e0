"""fields_get as recorded: chosen attributes only, or every attribute; languages in the context."""

from __future__ import annotations

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import MissingError, UserError

MCP_BOT = 7


def test_attributes_filter_keeps_only_the_asked_attributes() -> None:
    answer = fresh_registry().execute_kw(
        MCP_BOT,
        "res.partner",
        "fields_get",
        [],
        {"allfields": ["type", "name"], "attributes": ["string", "selection"]},
    )
    assert answer == {
        "name": {"string": "Name"},
        "type": {
            "string": "Address Type",
            "selection": [
                ["contact", "Contact"],
                ["invoice", "Invoice"],
                ["delivery", "Delivery"],
                ["other", "Other"],
            ],
        },
    }


def test_selection_labels_differ_in_18() -> None:
    answer = fresh_registry("18.0").execute_kw(
        8, "res.partner", "fields_get", [], {"allfields": ["type"], "attributes": ["selection"]}
    )
    assert ["invoice", "Invoice Address"] in answer["type"]["selection"]


def test_without_attributes_every_attribute_is_given() -> None:
    answer = fresh_registry().execute_kw(MCP_BOT, "res.partner", "fields_get", [], {})
    assert answer["parent_id"]["relation"] == "res.partner"
    assert answer["parent_id"]["allow_hierachy_operators"] is True


def test_models_without_a_recording_get_default_attributes() -> None:
    answer = fresh_registry().execute_kw(
        MCP_BOT, "crm.stage", "fields_get", [], {"attributes": ["type", "store"]}
    )
    assert answer["name"] == {"type": "char", "store": True}


def test_an_uninstalled_language_is_refused() -> None:
    with pytest.raises(UserError, match=r"^Invalid language code: fr_FR$"):
        fresh_registry().execute_kw(MCP_BOT, "crm.stage", "search_read", [[]], {"context": {"lang": "fr_FR"}})


def test_unknown_field_in_fields_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Invalid field 'nope' on 'res\.partner'$"):
        fresh_registry().execute_kw(MCP_BOT, "res.partner", "read", [[9]], {"fields": ["nope"]})


def test_many2one_reads_as_id_and_name_or_as_id_with_classic_write() -> None:
    registry = fresh_registry()
    [record] = registry.execute_kw(MCP_BOT, "sale.order", "read", [[4]], {"fields": ["partner_id"]})
    assert record["partner_id"] == [10, "Gemini Furniture"]
    [record] = registry.execute_kw(
        MCP_BOT, "sale.order", "read", [[4]], {"fields": ["partner_id"], "load": "_classic_write"}
    )
    assert record["partner_id"] == 10


def test_bad_selection_value_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Wrong value for res.partner.type: 'bogus'$"):
        fresh_registry().execute_kw(MCP_BOT, "res.partner", "create", [{"name": "x", "type": "bogus"}], {})


def test_many2one_to_a_missing_record_is_a_missing_error() -> None:
    with pytest.raises(MissingError, match=r"\(Record: res.partner\(99999,\), User: 7\)"):
        fresh_registry().execute_kw(MCP_BOT, "sale.order", "create", [{"partner_id": 99999}], {})


def test_invalid_date_is_pythons_value_error() -> None:
    with pytest.raises(ValueError, match=r"^time data '2026-13-45' does not match format '%Y-%m-%d'$"):
        fresh_registry().execute_kw(
            MCP_BOT, "crm.lead", "create", [{"name": "x", "date_deadline": "2026-13-45"}], {}
        )


def test_a_datetime_given_for_a_date_keeps_the_day() -> None:
    registry = fresh_registry()
    lead = registry.execute_kw(
        MCP_BOT, "crm.lead", "create", [{"name": "x", "date_deadline": "2026-12-01 10:00:00"}], {}
    )
    [record] = registry.execute_kw(MCP_BOT, "crm.lead", "read", [[lead]], {"fields": ["date_deadline"]})
    assert record["date_deadline"] == "2026-12-01"


def test_default_keys_of_the_context_apply_on_create_and_default_get() -> None:
    registry = fresh_registry()
    context = {"default_type": "opportunity"}
    lead = registry.execute_kw(MCP_BOT, "crm.lead", "create", [{"name": "x"}], {"context": context})
    assert (
        registry.execute_kw(MCP_BOT, "crm.lead", "read", [[lead]], {"fields": ["type"]})[0]["type"]
        == "opportunity"
    )
    defaults = registry.execute_kw(MCP_BOT, "crm.lead", "default_get", [["type"]], {"context": context})
    assert defaults == {"type": "opportunity"}


def test_many2one_given_a_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Wrong value for sale\.order\.partner_id: 'Acme'$"):
        fresh_registry().execute_kw(MCP_BOT, "sale.order", "create", [{"partner_id": "Acme"}], {})


def test_non_numeric_integer_is_pythons_value_error() -> None:
    with pytest.raises(ValueError, match=r"^invalid literal for int\(\) with base 10: 'red'$"):
        fresh_registry().execute_kw(MCP_BOT, "res.partner", "write", [[9], {"color": "red"}], {})
