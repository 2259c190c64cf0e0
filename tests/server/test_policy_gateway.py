"""The gateway is the only door to the connector: policy first, then the call, then secrets stripped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import pytest

from mcp_odoo.odoo import OdooCall
from mcp_odoo.policy import InvalidRequest, OdooGateway, Policy, Refused, strip_sensitive
from mcp_odoo.policy.settings import PolicySettings
from mcp_odoo.settings import MethodRule


@dataclass(frozen=True)
class Info:
    major: int = 19
    uid: int = 7
    login: str = "mcp_bot"
    company_ids: Sequence[int] = (1, 3)


PARTNER_FIELDS = {"name": {"type": "char", "string": "Name"}, "email": {"type": "char", "string": "Email"}}


@dataclass
class RecordingConnector:
    """Answers a call with `answers[method]`, else `answer`, and remembers what reached it."""

    answer: Any = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    calls: list[tuple[str, str, Mapping[str, Any] | None, bool | None]] = field(default_factory=list)
    sent: list[OdooCall] = field(default_factory=list)

    async def connect(self) -> Info:
        return Info()

    async def execute(self, call: OdooCall) -> Any:
        self.calls.append((call.model, call.method, call.context, call.read_only))
        self.sent.append(call)
        return self.answers.get(call.method, self.answer)

    def pdf_fetcher(self) -> NoReturn:
        raise AssertionError("not used")


def gateway(
    answer: Any = None, answers: Mapping[str, Any] | None = None, **settings: Any
) -> tuple[OdooGateway, RecordingConnector]:
    connector = RecordingConnector(answer, answers or {})
    return OdooGateway(connector, Policy(PolicySettings(**settings))), connector


async def test_a_denied_model_never_reaches_the_connector() -> None:
    door, connector = gateway()
    with pytest.raises(Refused):
        await door.search_read("ir.config_parameter", [], ["key"], limit=5)
    assert connector.calls == []


async def test_a_write_never_reaches_the_connector_when_read_only() -> None:
    door, connector = gateway()
    with pytest.raises(Refused, match="read-only"):
        await door.write("res.partner", [1], {"name": "x"})
    assert connector.calls == []


async def test_an_allowlisted_write_rule_is_still_refused_when_read_only() -> None:
    door, connector = gateway()
    with pytest.raises(Refused):
        await door.call_allowed(MethodRule(model="sale.order", method="action_confirm"), [1], [], {})
    assert connector.calls == []


async def test_reads_are_sent_as_retry_safe_and_writes_are_not() -> None:
    door, connector = gateway(answer=True, allow_writes=True)
    await door.search_count("res.partner", [])
    await door.write("res.partner", [1], {"name": "x"})
    assert [read_only for *_, read_only in connector.calls] == [True, False]


async def test_a_company_becomes_the_call_context() -> None:
    door, connector = gateway(answer=0)
    await door.search_count("res.partner", [], company_id=3)
    assert connector.calls[0][2] == {"allowed_company_ids": [3]}


async def test_a_company_outside_the_users_companies_never_reaches_the_connector() -> None:
    door, connector = gateway()
    with pytest.raises(Refused, match="company 2"):
        await door.read_group("sale.order", [], ["state"], [], limit=5, company_id=2)
    assert connector.calls == []


async def test_answers_lose_sensitive_keys() -> None:
    door, _ = gateway(answer=[{"id": 1, "name": "A", "access_token": "t0k3n", "signup_url": "https://x"}])
    assert await door.read("res.partner", [1], ["name"]) == [{"id": 1, "name": "A"}]


def test_stripping_reaches_nested_values() -> None:
    nested = {"result": [{"partner": {"name": "A", "api_key": "k"}}], "password": "p"}
    assert strip_sensitive(nested) == {"result": [{"partner": {"name": "A"}}]}


async def test_field_metadata_is_fetched_once_per_model_without_sensitive_fields() -> None:
    door, connector = gateway(
        answer={"name": {"type": "char", "string": "Name"}, "password": {"type": "char"}}
    )
    first = await door.fields("res.users")
    second = await door.fields("res.users")
    assert list(first) == ["name"]
    assert first is second
    assert len(connector.calls) == 1


async def test_a_grouped_read_passes_the_same_door_with_the_series_method_and_company() -> None:
    row = {
        "state": "sale",
        "amount_total:sum": 10.0,
        "__count": 2,
        "__extra_domain": [["state", "=", "sale"]],
    }
    door, connector = gateway(answer=[{**row, "access_token": "t0k3n"}])
    groups = await door.read_group("sale.order", [], ["state"], ["amount_total:sum"], limit=5, company_id=3)
    assert connector.calls == [("sale.order", "formatted_read_group", {"allowed_company_ids": [3]}, True)]
    assert groups == [
        {"state": "sale", "amount_total:sum": 10.0, "__count": 2, "__domain": [["state", "=", "sale"]]}
    ]


async def test_an_observer_hears_of_each_admitted_call_just_before_it_is_sent() -> None:
    door, connector = gateway(answers={"fields_get": PARTNER_FIELDS, "formatted_read_group": [], "read": []})
    heard: list[tuple[str, str, Sequence[int] | None, bool, int]] = []
    watched = door.observed(
        lambda model, method, ids, writes: heard.append((model, method, ids, writes, len(connector.calls)))
    )
    await watched.read("res.partner", [4], ["name"])
    await watched.read_group("res.partner", [["name", "=", "A"]], ["email"], [], limit=5)
    with pytest.raises(Refused):
        await watched.search_count("ir.config_parameter", [])
    await door.read("res.partner", [5], ["name"])
    assert heard == [
        ("res.partner", "read", [4], False, 0),
        ("res.partner", "fields_get", None, False, 1),
        ("res.partner", "formatted_read_group", None, False, 2),
    ]


async def test_an_observed_view_keeps_its_company_whichever_view_comes_first() -> None:
    door, connector = gateway(answer=0)
    heard: list[str] = []

    def observe(model: str, method: str, ids: Sequence[int] | None, writes: bool) -> None:
        heard.append(method)

    await door.in_company(3).observed(observe).search_count("res.partner", [])
    await door.observed(observe).in_company(3).search_count("res.partner", [])
    assert heard == ["search_count", "search_count"]
    assert [context for _, _, context, _ in connector.calls] == [{"allowed_company_ids": [3]}] * 2


async def test_a_domain_on_an_unknown_field_never_reaches_the_search() -> None:
    door, connector = gateway(answers={"fields_get": PARTNER_FIELDS})
    with pytest.raises(InvalidRequest, match="no field 'colour'"):
        await door.search_read("res.partner", [["colour", "=", "red"]], ["name"], limit=5)
    assert [method for _, method, *_ in connector.calls] == ["fields_get"]


async def test_a_domain_as_json_text_is_sent_as_checked_lists_and_checking_it_again_changes_nothing() -> None:
    door, connector = gateway(answers={"fields_get": PARTNER_FIELDS, "search_count": 1})
    await door.search_count("res.partner", '["|", ["name", "ILIKE", "a"], ["email", "in", ["b"]]]')
    checked = connector.sent[-1].args[0]
    await door.search_count("res.partner", checked)
    assert checked == ["|", ["name", "ilike", "a"], ["email", "in", ["b"]]]
    assert connector.sent[-1].args[0] == checked


async def test_a_credential_field_is_refused_by_every_read_before_any_request() -> None:
    door, connector = gateway()
    with pytest.raises(Refused, match="never exposed"):
        await door.read("res.users", [2], ["name", "api_key"])
    with pytest.raises(Refused, match="never exposed"):
        await door.search_read("res.users", [], ["name", "api_key"], limit=5)
    with pytest.raises(Refused, match="never exposed"):
        await door.search_page("res.users", [], ["name", "api_key"], limit=5)
    assert connector.calls == []


async def test_read_one_leaves_out_the_fields_the_model_lacks() -> None:
    door, connector = gateway(answers={"fields_get": PARTNER_FIELDS, "read": [{"id": 4, "name": "A"}]})
    assert await door.read_one("res.partner", 4, ["name", "mobile", "name"]) == {"id": 4, "name": "A"}
    assert connector.sent[-1].args == (["name"],)


@pytest.mark.parametrize(("label", "named"), [("contact", "contact #4"), (None, "res.partner #4")])
async def test_read_one_of_an_invisible_record_names_it_by_its_label_or_model(
    label: str | None, named: str
) -> None:
    door, _ = gateway(answers={"fields_get": PARTNER_FIELDS, "read": []})
    with pytest.raises(InvalidRequest, match=rf"^{named} does not exist or is not visible"):
        await door.read_one("res.partner", 4, ["name"], label)


def test_pdf_downloads_are_refused_for_a_denied_model() -> None:
    door, _ = gateway()
    with pytest.raises(Refused):
        door.pdf_fetcher("ir.attachment")


async def test_defaults_for_given_values_travel_as_odoos_default_context_keys() -> None:
    door, connector = gateway(answer={"res_model_id": 534, "activity_type_id": 4})
    defaults = await door.defaults("mail.activity", ["res_model_id"], given={"res_model": "crm.lead"})
    assert defaults == {"res_model_id": 534, "activity_type_id": 4}
    assert connector.calls == [("mail.activity", "default_get", {"default_res_model": "crm.lead"}, True)]


async def test_model_labels_come_from_odoos_public_list_of_readable_models_once() -> None:
    readable = [
        {"display_name": "Sales Order", "model": "sale.order"},
        {"display_name": "API Keys", "model": "res.users.apikeys"},
        {"display_name": "Contact", "model": "res.partner"},
    ]
    door, connector = gateway(answer=readable)
    assert await door.model_labels("") == [("res.partner", "Contact"), ("sale.order", "Sales Order")]
    assert await door.model_labels("ORDER") == [("sale.order", "Sales Order")]
    assert await door.model_label("sale.order") == "Sales Order"
    assert [(model, method) for model, method, *_ in connector.calls] == [
        ("ir.model", "get_available_models")
    ]


async def test_a_model_odoo_names_only_technically_has_no_label() -> None:
    door, connector = gateway(answer=[{"display_name": "account.move", "model": "account.move"}])
    assert await door.model_label("account.move") is None
    assert [(model, method) for model, method, *_ in connector.calls] == [("ir.model", "display_name_for")]
