"""Every hostile call in the catalogue gets a clear answer from a read-only server, on 18.0 and 19.0.

Clear means: an isError result of an expected kind (or the SDK's validation error), or, where serving
is correct, a bounded answer; never an internal error, a traceback, a key or a server path; never a
write, never a request on a denied model; and the server answers the next call.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mcp_odoo.policy import Policy
from mcp_odoo.policy.settings import PolicySettings

from .catalogue import CATALOGUE, MAX_LIMIT, OTHER_COMPANY_INVOICES, Hostile
from .harness import Observation, PortalSession, answer_text, error_kind, is_sdk_validation_error, leaks

RESPONSE_BUDGET = PolicySettings().max_response_chars
DEFAULT_POLICY = Policy(PolicySettings())

Observer = Callable[[Hostile], Observation]

by_name = pytest.mark.parametrize("hostile", CATALOGUE, ids=[entry.name for entry in CATALOGUE])


def current_series(server: PortalSession) -> str:
    return str(server.registry.series)


@pytest.fixture(scope="module")
def observations() -> dict[tuple[str, str], Observation]:
    """Each hostile call is made once per series; every check below reads what it caused."""
    return {}


@pytest.fixture
def observe(
    hostile_target: PortalSession, observations: dict[tuple[str, str], Observation]
) -> Callable[[Hostile], Observation]:
    def observed(hostile: Hostile) -> Observation:
        key = (current_series(hostile_target), hostile.name)
        if key not in observations:
            observations[key] = hostile_target.observe(hostile.tool, hostile.arguments)
        return observations[key]

    return observed


@by_name
def test_a_hostile_call_gets_the_expected_answer(observe: Observer, hostile: Hostile) -> None:
    result = observe(hostile).result
    if hostile.served and not result.is_error:
        records = (result.structured_content or {}).get("records", [])
        assert len(records) <= MAX_LIMIT
        return
    assert result.is_error, answer_text(result)[:500]
    kind = error_kind(result)
    if kind is None:
        assert is_sdk_validation_error(result), answer_text(result)[:500]
    else:
        assert kind != "internal_error"
        if hostile.kinds:
            assert kind in hostile.kinds, answer_text(result)[:500]


@by_name
def test_a_hostile_call_leaks_no_traceback_key_or_path(observe: Observer, hostile: Hostile) -> None:
    assert leaks(observe(hostile).result) == []


@by_name
def test_a_hostile_call_writes_nothing(observe: Observer, hostile: Hostile) -> None:
    observed = observe(hostile)
    assert observed.writes == 0
    assert [key for key in observed.requests if key.method in ("create", "write", "unlink")] == []


@by_name
def test_a_hostile_call_never_reaches_a_denied_model(observe: Observer, hostile: Hostile) -> None:
    reached = {key.model for key in observe(hostile).requests}
    assert {model for model in reached if not DEFAULT_POLICY.is_model_exposed(model)} == set()


@by_name
def test_the_server_keeps_answering_after_a_hostile_call(observe: Observer, hostile: Hostile) -> None:
    assert observe(hostile).served_next


@by_name
def test_a_hostile_call_stays_within_the_response_budget(observe: Observer, hostile: Hostile) -> None:
    result = observe(hostile).result
    texts = [block.text for block in result.content if block.type == "text"]
    assert max(len(text) for text in texts) <= RESPONSE_BUDGET


@pytest.mark.parametrize(
    "arguments",
    [
        {"model": "account.move", "ids": OTHER_COMPANY_INVOICES, "fields": ["name", "company_id"]},
        {"model": "account.move", "domain": [["company_id", "!=", 1]], "fields": ["name", "company_id"]},
    ],
    ids=["by id", "by domain"],
)
def test_records_of_a_company_the_user_is_not_in_are_never_returned(
    hostile_target: PortalSession, arguments: dict[str, object]
) -> None:
    tool = "read_records" if "ids" in arguments else "search_records"
    result = hostile_target.call(tool, arguments)
    records = [] if result.is_error else (result.structured_content or {}).get("records", [])
    assert [record for record in records if record.get("company_id", {}).get("id") != 1] == []
