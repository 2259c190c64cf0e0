"""The two doors: RPC execute_kw (Python call semantics) and JSON-2 (named arguments, HTTP errors)."""

from __future__ import annotations

import re

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import AccessError, DatabaseError, UserError, WerkzeugHTTPError

MCP_BOT_19, MCP_BOT_18 = 7, 8


@pytest.mark.parametrize(
    ("series", "uid", "message"),
    [
        ("18.0", MCP_BOT_18, "Private methods (such as _read) cannot be called remotely."),
        ("19.0", MCP_BOT_19, "Private methods (such as 'res.partner._read') cannot be called remotely."),
    ],
)
def test_private_methods_are_refused_with_the_series_wording(series: str, uid: int, message: str) -> None:
    with pytest.raises(AccessError) as caught:
        fresh_registry(series).execute_kw(uid, "res.partner", "_read", [[9], ["name"]], {})
    assert caught.value.message == message


def test_private_check_comes_before_the_model_lookup() -> None:
    with pytest.raises(AccessError, match="Private methods"):
        fresh_registry().execute_kw(MCP_BOT_19, "no.such.model", "_x", [], {})


def test_unknown_model_is_a_user_error() -> None:
    with pytest.raises(UserError, match=r"^Object no\.such\.model doesn't exist$"):
        fresh_registry().execute_kw(MCP_BOT_19, "no.such.model", "search", [[]], {})


@pytest.mark.parametrize(
    ("series", "uid", "message"),
    [
        ("18.0", MCP_BOT_18, "The method 'nope' does not exist on the model 'res.partner'"),
        ("19.0", MCP_BOT_19, "The method 'res.partner.nope' does not exist"),
    ],
)
def test_unknown_method_is_an_attribute_error(series: str, uid: int, message: str) -> None:
    with pytest.raises(AttributeError) as caught:
        fresh_registry(series).execute_kw(uid, "res.partner", "nope", [[9]], {})
    assert str(caught.value) == message


def test_check_access_is_public_in_18_and_private_in_19() -> None:
    assert (
        fresh_registry("18.0").execute_kw(MCP_BOT_18, "res.partner", "check_access", [[10], "read"], {})
        is None
    )
    with pytest.raises(AccessError, match=re.escape("'res.partner.check_access'")):
        fresh_registry("19.0").execute_kw(MCP_BOT_19, "res.partner", "check_access", [[9], "read"], {})


def test_create_with_a_dict_returns_an_id_and_with_a_list_returns_ids() -> None:
    registry = fresh_registry()
    assert isinstance(registry.execute_kw(MCP_BOT_19, "crm.lead", "create", [{"name": "A"}], {}), int)
    created = registry.execute_kw(MCP_BOT_19, "crm.lead", "create", [[{"name": "B"}, {"name": "C"}]], {})
    assert isinstance(created, list)
    assert len(created) == 2


def test_missing_positional_argument_is_pythons_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"^ResPartner.write\(\) missing 1 required positional argument: 'vals'$"
    ):
        fresh_registry().execute_kw(MCP_BOT_19, "res.partner", "write", [[9]], {})


def test_unknown_keyword_to_search_read_fails_in_read_format() -> None:
    with pytest.raises(
        TypeError, match=r"^BaseModel\._read_format\(\) got an unexpected keyword argument 'x'$"
    ):
        fresh_registry().execute_kw(
            MCP_BOT_19, "res.partner", "search_read", [[]], {"fields": ["name"], "x": 1}
        )


def test_18_names_default_get_argument_fields_list() -> None:
    defaults = fresh_registry("18.0").execute_kw(
        MCP_BOT_18, "sale.order", "default_get", [], {"fields_list": ["state", "company_id"]}
    )
    assert defaults == {"state": "draft", "company_id": 1}


def test_non_numeric_limit_fails_like_postgresql() -> None:
    with pytest.raises(DatabaseError, match='invalid input syntax for type bigint: "three"') as caught:
        fresh_registry().execute_kw(MCP_BOT_19, "res.partner", "search_read", [[]], {"limit": "three"})
    assert caught.value.odoo_name == "psycopg2.errors.InvalidTextRepresentation"


def test_name_search_matches_the_complete_name() -> None:
    found = fresh_registry().execute_kw(
        MCP_BOT_19, "res.partner", "name_search", [], {"name": "Gem", "limit": 2}
    )
    assert found == [[10, "Gemini Furniture"], [21, "Gemini Furniture, Edwin Hansen"]]


def test_web_search_read_nests_relational_fields() -> None:
    answer = fresh_registry().execute_kw(
        MCP_BOT_19,
        "res.partner",
        "web_search_read",
        [[["id", "=", 9]]],
        {
            "specification": {
                "name": {},
                "country_id": {"fields": {"code": {}}},
                "child_ids": {"fields": {"name": {}}, "limit": 1},
            }
        },
    )
    [record] = answer["records"]
    assert answer["length"] == 1
    assert record["country_id"] == {"id": 233, "code": "US"}
    assert record["child_ids"][0].keys() == {"id", "name"}
    assert all(child.keys() == {"id"} for child in record["child_ids"][1:])


def test_web_search_read_names_a_many2one_the_user_may_not_read() -> None:
    """A company-dependent account of a partner: read gives its name, so does the nested record."""
    registry = fresh_registry()
    [plain] = registry.execute_kw(
        MCP_BOT_19, "res.partner", "read", [[9], ["property_account_receivable_id"]], {}
    )
    answer = registry.execute_kw(
        MCP_BOT_19,
        "res.partner",
        "web_search_read",
        [[["id", "=", 9]]],
        {"specification": {"property_account_receivable_id": {"fields": {"display_name": {}}}}},
    )
    account_id, name = plain["property_account_receivable_id"]
    assert answer["records"][0]["property_account_receivable_id"] == {"id": account_id, "display_name": name}


def json2(method: str, body: object, model: str = "res.partner") -> object:
    return fresh_registry().execute_json2(MCP_BOT_19, model, method, body)  # type: ignore[arg-type]


def test_json2_binds_named_arguments() -> None:
    assert json2("search", {"domain": [["id", "=", 9]]}) == [9]


def test_json2_accepts_a_bare_id() -> None:
    assert json2("read", {"ids": 9, "fields": ["name"]}) == [{"id": 9, "name": "Acme Corporation"}]


def test_json2_create_always_returns_a_list() -> None:
    assert isinstance(json2("create", {"vals_list": {"name": "Z"}}, model="crm.lead"), list)


def test_json2_missing_argument_is_422() -> None:
    with pytest.raises(WerkzeugHTTPError) as caught:
        json2("write", {"ids": [9]})
    assert (caught.value.status, caught.value.message) == (422, "missing a required argument: 'vals'")


def test_json2_ids_on_a_model_method_is_422() -> None:
    with pytest.raises(WerkzeugHTTPError, match=re.escape("cannot call res.partner.search_read with ids")):
        json2("search_read", {"ids": [9], "domain": []})


def test_json2_unknown_model_and_method_are_404() -> None:
    with pytest.raises(WerkzeugHTTPError, match=re.escape("the model 'no.such' does not exist")):
        json2("search", {"domain": []}, model="no.such")
    with pytest.raises(WerkzeugHTTPError, match=re.escape("The method 'res.partner.nope' does not exist")):
        json2("nope", {})


def test_json2_uses_19_parameter_names() -> None:
    found = json2("name_search", {"name": "Gem", "domain": [["is_company", "=", True]]})
    assert found == [[10, "Gemini Furniture"]]


def test_non_numeric_offset_fails_on_the_offset_clause() -> None:
    with pytest.raises(DatabaseError, match=r"OFFSET 'two'") as caught:
        fresh_registry().execute_kw(MCP_BOT_19, "res.partner", "search", [[]], {"offset": "two"})
    assert caught.value.odoo_name == "psycopg2.errors.InvalidTextRepresentation"
