"""OdooClient against a scripted Odoo: connect, context, caches, retries, re-login, limits, secrets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx2
import pytest

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import (
    AnswerTimeout,
    AuthenticationFailed,
    BadArguments,
    ConcurrencyConflict,
    DatabaseNotFound,
    NotOdoo,
    OdooTimeout,
    OdooUnavailable,
    OdooUnreachable,
    PrivateMethod,
    UnknownMethod,
)
from mcp_odoo.settings import OdooSettings, Protocol

from .replay import BASE_URL, FakeOdoo, SentRequest, error_answer, load, ok_answer

THROWAWAY_KEY = "throwaway-key-0123456789"
Answer = Callable[[SentRequest], httpx2.Response]


def settings(**overrides: Any) -> OdooSettings:
    values: dict[str, Any] = {
        "url": BASE_URL,
        "db": "demo",
        "user": "mcp_bot",
        "api_key": THROWAWAY_KEY,
        "protocol": Protocol.JSONRPC,
        "retries": 2,
    }
    values.update(overrides)
    return OdooSettings(**values)


def client_for(fake: FakeOdoo, **overrides: Any) -> OdooClient:
    return OdooClient(settings(**overrides), transport=fake.transport(), retry_delay=0)


def answers(*steps: Answer) -> Answer:
    """Answer the calls under test with ``steps`` in turn, the last one repeating."""
    queue: Iterator[Answer] = iter(steps)
    last: list[Answer] = []

    def answer(sent: SentRequest) -> httpx2.Response:
        step = next(queue, None)
        if step is not None:
            last[:] = [step]
        return last[0](sent)

    return answer


def result(value: Any) -> Answer:
    return lambda sent: ok_answer(sent.path, value)


def odoo_error(name: str, message: str = "refused", status: int = 500) -> Answer:
    return lambda sent: error_answer(sent.path, name, message, status)


def bad_gateway(sent: SentRequest) -> httpx2.Response:
    return httpx2.Response(502, headers={"Content-Type": "text/html"}, content="<h1>502 Bad Gateway</h1>")


def raising(exc: Exception) -> Answer:
    def answer(sent: SentRequest) -> httpx2.Response:
        raise exc

    return answer


def sent_kwargs(sent: SentRequest) -> dict[str, Any]:
    kwargs: dict[str, Any] = sent.params[6]
    return kwargs


async def test_connect_reports_version_protocol_and_user() -> None:
    fake = FakeOdoo("17.0", 8)
    async with client_for(fake) as client:
        info = await client.connect()
    assert (info.server_version, info.series, info.major, info.edition) == ("17.0", "17.0", 17, "community")
    assert (info.protocol, info.db, info.uid, info.user_name) == (Protocol.JSONRPC, "demo", 8, "Replay User")


async def test_connect_twice_detects_the_version_and_logs_in_once() -> None:
    fake = FakeOdoo("18.0", 8)
    async with client_for(fake) as client:
        first = await client.connect()
        second = await client.connect()
    assert first is second
    assert [sent.method for sent in fake.all_requests] == ["version", "authenticate", "execute_kw"]


async def test_concurrent_first_calls_log_in_once() -> None:
    fake = FakeOdoo("18.0", 8, answer=result(3))
    async with client_for(fake) as client:
        counts = await asyncio.gather(*(client.search_count("res.partner", []) for _ in range(5)))
    assert counts == [3] * 5
    assert fake.logins == 1


@pytest.mark.parametrize(
    ("series", "secret", "chosen"),
    [
        ("19.0", {"api_key": THROWAWAY_KEY}, Protocol.JSON2),
        ("19.0", {"api_key": None, "password": "throwaway-password"}, Protocol.JSONRPC),
        ("18.0", {"api_key": THROWAWAY_KEY}, Protocol.JSONRPC),
        ("16.0", {"api_key": THROWAWAY_KEY}, Protocol.JSONRPC),
    ],
)
async def test_auto_picks_json2_only_on_19_with_an_api_key(
    series: str, secret: dict[str, Any], chosen: Protocol
) -> None:
    fake = FakeOdoo(series, 7)
    async with client_for(fake, protocol=Protocol.AUTO, **secret) as client:
        info = await client.connect()
    assert info.protocol is chosen


async def test_xmlrpc_setting_detects_the_version_over_xmlrpc() -> None:
    fake = FakeOdoo("16.0", 8)
    async with client_for(fake, protocol=Protocol.XMLRPC) as client:
        await client.connect()
    assert {sent.path for sent in fake.all_requests} == {"/xmlrpc/2/common", "/xmlrpc/2/object"}


async def test_json2_without_database_sends_no_database_header() -> None:
    fake = FakeOdoo("19.0", 7, answer=result(12))
    async with client_for(fake, protocol=Protocol.JSON2, db=None) as client:
        await client.search_count("res.partner", [])
    assert all("x-odoo-database" not in sent.headers for sent in fake.all_requests)


async def test_rpc_without_database_uses_the_servers_only_database() -> None:
    def db_list_then_results(sent: SentRequest) -> httpx2.Response:
        return ok_answer(sent.path, ["only_db"] if sent.service == "db" else 5)

    fake = FakeOdoo("18.0", 8, answer=db_list_then_results)
    async with client_for(fake, db=None) as client:
        info = await client.connect()
        await client.search_count("res.partner", [])
    assert info.db == "only_db"
    assert fake.case_requests[-1].params[0] == "only_db"


async def test_rpc_without_database_on_a_multi_database_server_is_refused() -> None:
    fake = FakeOdoo("18.0", 8, answer=result(["one", "two"]))
    async with client_for(fake, db=None) as client:
        with pytest.raises(DatabaseNotFound, match="set ODOO_DB"):
            await client.connect()


def test_default_context_holds_only_the_settings_that_are_set() -> None:
    assert OdooClient(settings()).default_context == {}
    client = OdooClient(settings(lang="fr_BE", company_ids=[3, 1]))
    assert client.default_context == {"lang": "fr_BE", "allowed_company_ids": [3, 1]}


async def test_every_call_sends_the_default_context_updated_with_the_call_context() -> None:
    fake = FakeOdoo("18.0", 8, answer=result(4))
    async with client_for(fake, lang="en_US", tz="Europe/Brussels", company_ids=[1]) as client:
        await client.search_count("res.partner", [], context={"active_test": False, "lang": "nl_BE"})
    expected = {"lang": "nl_BE", "tz": "Europe/Brussels", "allowed_company_ids": [1], "active_test": False}
    assert sent_kwargs(fake.case_requests[0])["context"] == expected


async def test_json2_sends_the_context_in_the_body() -> None:
    fake = FakeOdoo("19.0", 7, answer=result(4))
    async with client_for(fake, protocol=Protocol.JSON2, tz="UTC") as client:
        await client.search_count("res.partner", [["is_company", "=", True]])
    assert fake.case_requests[0].body == {"domain": [["is_company", "=", True]], "context": {"tz": "UTC"}}


async def test_fields_get_is_asked_once_per_model_and_attributes() -> None:
    fake = FakeOdoo("18.0", 8, answer=result({"name": {"type": "char"}}))
    async with client_for(fake) as client:
        first = await client.fields_get("res.partner", ["type"])
        second = await client.fields_get("res.partner", ["type"])
        await client.fields_get("res.partner")
        await client.fields_get("crm.lead", ["type"])
    assert first == second == {"name": {"type": "char"}}
    assert len(fake.case_requests) == 3


async def test_read_is_retried_on_a_proxy_error_until_it_succeeds() -> None:
    fake = FakeOdoo("18.0", 8, answer=answers(bad_gateway, bad_gateway, result([])))
    async with client_for(fake, retries=2) as client:
        rows = await client.search_read("res.partner", [], ["name"])
    assert rows == []
    assert len(fake.case_requests) == 3


async def test_read_gives_up_after_the_configured_retries() -> None:
    fake = FakeOdoo("18.0", 8, answer=bad_gateway)
    async with client_for(fake, retries=1) as client:
        with pytest.raises(OdooUnavailable):
            await client.search_count("res.partner", [])
    assert len(fake.case_requests) == 2


@pytest.mark.parametrize(
    "failure",
    [
        bad_gateway,
        raising(httpx2.ConnectError("refused")),
        raising(httpx2.ReadTimeout("slow")),
        odoo_error(
            "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update"
        ),
    ],
)
async def test_write_is_sent_exactly_once_whatever_the_failure(failure: Answer) -> None:
    fake = FakeOdoo("18.0", 8, answer=failure)
    async with client_for(fake, retries=3) as client:
        with pytest.raises((OdooUnavailable, OdooUnreachable, OdooTimeout, ConcurrencyConflict)):
            await client.write("res.partner", [1], {"name": "x"})
    assert len(fake.case_requests) == 1


async def test_workflow_method_is_not_retried() -> None:
    fake = FakeOdoo("18.0", 8, answer=bad_gateway)
    async with client_for(fake, retries=3) as client:
        with pytest.raises(OdooUnavailable):
            await client.call("sale.order", "action_confirm", ids=[4])
    assert len(fake.case_requests) == 1


async def test_read_only_flag_makes_a_custom_method_retryable() -> None:
    fake = FakeOdoo("18.0", 8, answer=answers(bad_gateway, result("ok")))
    async with client_for(fake, retries=1) as client:
        assert await client.call("res.partner", "custom_report_data", read_only=True) == "ok"
    assert len(fake.case_requests) == 2


async def test_read_only_false_prevents_retrying_a_read() -> None:
    fake = FakeOdoo("18.0", 8, answer=bad_gateway)
    async with client_for(fake, retries=3) as client:
        with pytest.raises(OdooUnavailable):
            await client.call("res.partner", "search", args=[[]], read_only=False)
    assert len(fake.case_requests) == 1


async def test_concurrency_conflict_on_a_read_is_retried() -> None:
    conflict = odoo_error("odoo.exceptions.LockError", "another transaction", status=409)
    fake = FakeOdoo("19.0", 7, answer=answers(conflict, result(2)))
    async with client_for(fake, protocol=Protocol.JSON2, retries=1) as client:
        assert await client.search_count("res.partner", []) == 2


async def test_bad_arguments_are_not_retried() -> None:
    fake = FakeOdoo("18.0", 8, answer=odoo_error("builtins.ValueError", "Invalid field"))
    async with client_for(fake, retries=3) as client:
        with pytest.raises(BadArguments, match="Invalid field"):
            await client.search_count("res.partner", [["nope", "=", 1]])
    assert len(fake.case_requests) == 1


async def test_access_denied_during_a_call_logs_in_again_and_retries_once() -> None:
    denied = odoo_error("odoo.exceptions.AccessDenied", "Access Denied")
    fake = FakeOdoo("18.0", 8, answer=answers(denied, result(True)))
    async with client_for(fake, retries=0) as client:
        assert await client.write("res.partner", [1], {"name": "x"}) is True
    assert fake.logins == 2
    assert len(fake.case_requests) == 2


async def test_access_denied_twice_is_an_authentication_failure() -> None:
    fake = FakeOdoo("18.0", 8, answer=odoo_error("odoo.exceptions.AccessDenied", "Access Denied"))
    async with client_for(fake) as client:
        with pytest.raises(AuthenticationFailed):
            await client.search_count("res.partner", [])
    assert fake.logins == 2
    assert len(fake.case_requests) == 2


async def test_concurrent_access_denied_calls_log_in_again_only_once() -> None:
    fake = FakeOdoo("18.0", 8, answer=result(1))
    first_attempts: list[httpx2.Request] = []
    all_first_attempts_in = asyncio.Event()

    async def deny_three_concurrent_first_attempts(request: httpx2.Request) -> httpx2.Response:
        if b"search_count" in request.content and len(first_attempts) < 3:
            first_attempts.append(request)
            if len(first_attempts) == 3:
                all_first_attempts_in.set()
            await all_first_attempts_in.wait()
            return error_answer(request.url.path, "odoo.exceptions.AccessDenied", "Access Denied")
        return fake.handle(request)

    transport = httpx2.MockTransport(deny_three_concurrent_first_attempts)
    async with OdooClient(settings(), transport=transport) as client:
        await client.connect()
        results = await asyncio.gather(*(client.search_count("res.partner", []) for _ in range(3)))
    assert results == [1, 1, 1]
    assert fake.logins == 2


async def test_refused_login_is_an_authentication_failure_without_the_secret() -> None:
    def refuse_login(request: httpx2.Request) -> httpx2.Response:
        if b"authenticate" in request.content:
            return ok_answer(request.url.path, False)
        return FakeOdoo("18.0", 8).handle(request)

    client = OdooClient(settings(), transport=httpx2.MockTransport(refuse_login))
    async with client:
        with pytest.raises(AuthenticationFailed) as raised:
            await client.connect()
    assert THROWAWAY_KEY not in str(raised.value)
    assert THROWAWAY_KEY not in repr(raised.value)


async def test_an_odoo_message_echoing_the_secret_is_masked() -> None:
    fake = FakeOdoo("18.0", 8, answer=odoo_error("odoo.exceptions.UserError", f"bad key {THROWAWAY_KEY}"))
    async with client_for(fake) as client:
        with pytest.raises(Exception) as raised:  # noqa: PT011 - the class does not matter here
            await client.search_count("res.partner", [])
    assert THROWAWAY_KEY not in raised.value.message  # type: ignore[attr-defined]
    assert "<secret>" in str(raised.value)


def test_client_repr_does_not_show_the_secret() -> None:
    assert THROWAWAY_KEY not in repr(OdooClient(settings()))


async def test_timeout_becomes_odoo_timeout() -> None:
    fake = FakeOdoo("18.0", 8, answer=raising(httpx2.ReadTimeout("read timed out")))
    async with client_for(fake, retries=0) as client:
        with pytest.raises(OdooTimeout):
            await client.search_count("res.partner", [])


@pytest.mark.parametrize(
    "failure", [httpx2.ReadTimeout("slow"), httpx2.WriteTimeout("slow")], ids=["read", "write"]
)
async def test_a_read_that_reached_odoo_and_timed_out_is_not_sent_again(failure: Exception) -> None:
    """Odoo may still be working on it: the README promises retries only on connection failures,
    502/503/504 and lock conflicts."""
    fake = FakeOdoo("18.0", 8, answer=answers(raising(failure), result(3)))
    async with client_for(fake, retries=2) as client:
        with pytest.raises(AnswerTimeout) as raised:
            await client.search_count("res.partner", [])
    assert len(fake.case_requests) == 1
    assert raised.value.retryable


async def test_a_read_whose_connection_timed_out_is_retried() -> None:
    fake = FakeOdoo("18.0", 8, answer=answers(raising(httpx2.ConnectTimeout("no route")), result(3)))
    async with client_for(fake, retries=2) as client:
        assert await client.search_count("res.partner", []) == 3
    assert len(fake.case_requests) == 2


async def test_refused_connection_becomes_odoo_unreachable() -> None:
    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connection refused")

    async with OdooClient(settings(), transport=httpx2.MockTransport(refuse)) as client:
        with pytest.raises(OdooUnreachable):
            await client.connect()


async def test_answer_announced_larger_than_the_limit_is_refused() -> None:
    big = [{"id": n, "name": "x" * 100} for n in range(100)]
    fake = FakeOdoo("18.0", 8, answer=result(big))
    async with client_for(fake, max_response_bytes=2000, retries=0) as client:
        await client.connect()
        with pytest.raises(NotOdoo, match="answer too large"):
            await client.search_read("res.partner", [], ["name"])


async def test_streamed_answer_is_cut_at_the_limit() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(1000):
            yield b"x" * 1000

    def endless(sent: SentRequest) -> httpx2.Response:
        return httpx2.Response(200, headers={"Content-Type": "application/json"}, content=chunks())

    fake = FakeOdoo("18.0", 8, answer=endless)
    async with client_for(fake, max_response_bytes=5000, retries=0) as client:
        await client.connect()
        with pytest.raises(NotOdoo, match="answer too large"):
            await client.search_count("res.partner", [])


async def test_html_page_instead_of_an_rpc_answer_is_not_odoo() -> None:
    def login_page(sent: SentRequest) -> httpx2.Response:
        return httpx2.Response(200, headers={"Content-Type": "text/html"}, content="<html>Odoo login</html>")

    fake = FakeOdoo("18.0", 8, answer=login_page)
    async with client_for(fake) as client:
        with pytest.raises(NotOdoo):
            await client.search_count("res.partner", [])


async def test_requests_carry_the_mcp_odoo_user_agent() -> None:
    fake = FakeOdoo("18.0", 8)
    async with client_for(fake) as client:
        await client.connect()
    assert all(sent.headers["user-agent"].startswith("mcp-odoo/") for sent in fake.all_requests)


async def test_private_method_is_refused_without_a_request() -> None:
    fake = FakeOdoo("18.0", 8)
    async with client_for(fake) as client:
        with pytest.raises(PrivateMethod):
            await client.call("res.partner", "_read", ids=[1])
    assert fake.case_requests == []


async def test_json2_refuses_positional_arguments_of_an_unknown_method_before_sending() -> None:
    fake = FakeOdoo("19.0", 7)
    async with client_for(fake, protocol=Protocol.JSON2) as client:
        with pytest.raises(BadArguments, match="pass its arguments by name"):
            await client.call("sale.order", "custom_method", ids=[1], args=["positional"])
    assert fake.case_requests == []


async def test_json2_passes_named_arguments_of_an_unknown_method_through() -> None:
    fake = FakeOdoo("19.0", 7, answer=result(True))
    async with client_for(fake, protocol=Protocol.JSON2) as client:
        await client.call("sale.order", "custom_method", ids=[1], kwargs={"mode": "fast"})
    assert fake.case_requests[0].body == {"mode": "fast", "ids": [1], "context": {}}


@pytest.mark.parametrize(
    ("series", "method", "old", "new"),
    [
        ("19.0", "name_search", "args", "domain"),
        ("19.0", "default_get", "fields_list", "fields"),
        ("18.0", "write", "values", "vals"),
        ("18.0", "name_search", "args", "args"),
    ],
)
async def test_keyword_arguments_get_the_series_parameter_names(
    series: str, method: str, old: str, new: str
) -> None:
    fake = FakeOdoo(series, 7, answer=result([]))
    async with client_for(fake) as client:
        await client.call("res.partner", method, kwargs={old: ["x"]})
    assert new in sent_kwargs(fake.case_requests[0])


async def test_create_of_one_dict_returns_an_int_on_json2() -> None:
    fake = FakeOdoo("19.0", 7, answer=result([73]))
    async with client_for(fake, protocol=Protocol.JSON2) as client:
        assert await client.create("crm.lead", {"name": "Lead"}) == 73
    assert fake.case_requests[0].body["vals_list"] == {"name": "Lead"}


async def test_method_missing_in_this_series_says_what_to_use_instead() -> None:
    missing = odoo_error("builtins.AttributeError", "type object 'res.partner' has no attribute 'has_access'")
    fake = FakeOdoo("17.0", 8, answer=missing)
    async with client_for(fake) as client:
        with pytest.raises(UnknownMethod, match="check_access_rights"):
            await client.call("res.partner", "has_access", ids=[1], args=["write"])


async def test_read_group_before_19_asks_read_group_and_answers_the_common_shape() -> None:
    rows = [
        {"partner_id": [9, "Acme"], "__count": 2, "amount_total": 10.0, "__domain": [["partner_id", "=", 9]]}
    ]
    fake = FakeOdoo("18.0", 8, answer=result(rows))
    async with client_for(fake) as client:
        groups = await client.read_group("sale.order", [], ["partner_id"], ["amount_total:sum"])
    sent = fake.case_requests[0]
    assert sent.params[4] == "read_group"
    assert sent_kwargs(sent)["lazy"] is False
    assert groups == [
        {
            "partner_id": [9, "Acme"],
            "amount_total:sum": 10.0,
            "__count": 2,
            "__domain": [["partner_id", "=", 9]],
        }
    ]


async def test_read_group_on_19_asks_formatted_read_group_and_answers_the_common_shape() -> None:
    rows = [{"partner_id": [9, "Acme"], "__extra_domain": [["partner_id", "=", 9]], "amount_total:sum": 10.0}]
    rows[0]["__count"] = 2
    fake = FakeOdoo("19.0", 7, answer=result(rows))
    async with client_for(fake, protocol=Protocol.JSON2) as client:
        groups = await client.read_group(
            "sale.order", [["state", "=", "sale"]], ["partner_id"], ["amount_total:sum"]
        )
    sent = fake.case_requests[0]
    assert sent.path == "/json/2/sale.order/formatted_read_group"
    assert sent.body["aggregates"] == ["amount_total:sum", "__count"]
    assert groups == [
        {
            "partner_id": [9, "Acme"],
            "amount_total:sum": 10.0,
            "__count": 2,
            "__domain": [["state", "=", "sale"], ["partner_id", "=", 9]],
        }
    ]


async def test_every_call_and_grouped_read_is_reported_to_the_hook_with_its_outcome() -> None:
    reported: list[tuple[str, str, str, float]] = []
    fake = FakeOdoo("18.0", 8, answer=answers(result(3), odoo_error("builtins.ValueError", "Invalid field")))
    client = OdooClient(
        settings(),
        transport=fake.transport(),
        on_call=lambda call, outcome, seconds: reported.append((call.model, call.method, outcome, seconds)),
    )
    async with client:
        await client.search_count("res.partner", [])
        with pytest.raises(BadArguments):
            await client.read_group("sale.order", [], ["partner_id"], ["amount_total:sum"])
    assert [fact[:3] for fact in reported] == [
        ("res.partner", "search_count", "ok"),
        ("sale.order", "read_group", "bad_arguments"),
    ]
    assert all(seconds >= 0 for *_, seconds in reported)


async def test_a_call_refused_before_sending_is_reported_to_the_hook_too() -> None:
    reported: list[str] = []
    fake = FakeOdoo("18.0", 8)
    client = OdooClient(
        settings(),
        transport=fake.transport(),
        on_call=lambda call, outcome, seconds: reported.append(outcome),
    )
    async with client:
        with pytest.raises(PrivateMethod):
            await client.call("res.partner", "_read")
    assert reported == ["private_method"]
    assert fake.case_requests == []


async def test_json2_is_refused_by_settings_on_a_pre_19_server() -> None:
    fake = FakeOdoo("18.0", 8)
    async with client_for(fake, protocol=Protocol.JSON2) as client:
        with pytest.raises(NotOdoo, match="JSON-2 needs Odoo 19"):
            await client.connect()


async def test_version_comes_from_web_version_when_jsonrpc_is_gone() -> None:
    fake = FakeOdoo("19.0", 7)
    web_version = load("19.0/auth/web_version_get.http.json").response["json"]

    def json2_only_server(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/jsonrpc":
            return httpx2.Response(404, headers={"Content-Type": "text/html"}, content="<h1>Not Found</h1>")
        if request.url.path == "/web/version":
            return httpx2.Response(200, json=web_version, headers={"Set-Cookie": "session_id=abc; Path=/"})
        return fake.handle(request)

    transport = httpx2.MockTransport(json2_only_server)
    async with OdooClient(settings(protocol=Protocol.AUTO), transport=transport) as client:
        info = await client.connect()
    assert (info.server_version, info.series, info.protocol) == ("19.0", "19.0", Protocol.JSON2)
    assert all("cookie" not in sent.headers for sent in fake.all_requests)


async def test_no_rpc_endpoint_and_no_web_version_is_not_odoo() -> None:
    def nothing_here(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(404, headers={"Content-Type": "text/html"}, content="<h1>Not Found</h1>")

    async with OdooClient(settings(), transport=httpx2.MockTransport(nothing_here)) as client:
        with pytest.raises(NotOdoo, match="neither /jsonrpc nor /web/version"):
            await client.connect()
