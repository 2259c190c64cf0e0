"""The gateway is the only door to the connector: policy first, then the call, then secrets stripped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from mcp_odoo.policy import OdooGateway, Policy, Refused, strip_sensitive
from mcp_odoo.settings import MethodRule, ServerSettings


@dataclass(frozen=True)
class Info:
    major: int = 19
    uid: int = 7
    login: str = "mcp_bot"
    company_ids: Sequence[int] = (1, 3)


@dataclass
class RecordingConnector:
    """Answers every call with `answer` and remembers what reached it."""

    answer: Any = None
    calls: list[tuple[str, str, Mapping[str, Any] | None, bool | None]] = field(default_factory=list)

    async def connect(self) -> Info:
        return Info()

    async def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        context: Mapping[str, Any] | None = None,
        read_only: bool | None = None,
    ) -> Any:
        self.calls.append((model, method, context, read_only))
        return self.answer

    async def read_group(self, model: str, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        self.calls.append((model, "read_group", kwargs.get("context"), True))
        return []


def gateway(answer: Any = None, **settings: Any) -> tuple[OdooGateway, RecordingConnector]:
    connector = RecordingConnector(answer)
    return OdooGateway(connector, Policy(ServerSettings(**settings))), connector


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
