"""The connector sends what the recorded clients sent, and makes the same sense of the recorded answers.

Every well-formed RPC request of the corpus is re-sent through the protocol adapters, every
``execute_kw`` and JSON-2 call through `OdooClient.call`, and each request the connector puts on
the wire is compared with the recorded one (endpoint, service, method, params, named arguments,
headers), the context aside: the connector always sends one, recorded calls often did not.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.adapter import Credentials, ServiceRpcAdapter
from mcp_odoo.odoo.classify import CallSite
from mcp_odoo.odoo.errors import AuthenticationFailed, DatabaseNotFound, NotOdoo, PrivateMethod
from mcp_odoo.odoo.json2 import Json2Adapter
from mcp_odoo.odoo.jsonrpc import JsonRpcAdapter
from mcp_odoo.odoo.transport import HttpChannel
from mcp_odoo.odoo.xmlrpc import XmlRpcAdapter
from mcp_odoo.settings import OdooSettings, Protocol

from .expectations import OK, Outcome, expected_outcome
from .replay import (
    BASE_URL,
    SERIES,
    FakeOdoo,
    SentRequest,
    Transcript,
    load,
    settings_for,
    transcript_id,
    transcripts,
    without_context,
)

TOPICS = ("auth", "errors", "read", "write_flows", "context", "multi_company")
CALL_TOPICS = ("errors", "read", "write_flows", "context", "multi_company")

RPC_REQUESTS = [
    t for t in transcripts(*TOPICS) if t.protocol in ("xmlrpc", "jsonrpc") and t.is_well_formed_rpc
]
CLIENT_CALLS = [
    t
    for t in transcripts(*CALL_TOPICS)
    if (t.protocol in ("xmlrpc", "jsonrpc") and t.is_execute_kw) or t.json2_body is not None
]
JSON2_LOGINS = [
    t
    for t in transcripts("auth", series=("19.0",))
    if t.protocol == "json2"
    and t.endpoint == "/json/2/res.users/context_get"
    and t.request.get("body") == {}
    and t.request["headers"].get("Authorization", "").startswith("bearer ")
]
RPC_LOGINS = [
    t
    for t in transcripts("auth")
    if t.case.startswith("auth/authenticate_") and t.protocol != "json2" and len(t.rpc_params) == 4
]

_RPC_ADAPTERS: dict[str, type[ServiceRpcAdapter]] = {"xmlrpc": XmlRpcAdapter, "jsonrpc": JsonRpcAdapter}


async def outcome_of(work: Any) -> tuple[Any, BaseException | None]:
    try:
        return await work, None
    except Exception as exc:
        return None, exc


def assert_outcome(expected: Outcome, result: Any, error: BaseException | None, recorded_result: Any) -> None:
    if expected == OK:
        assert error is None, f"unexpected {error!r}"
        assert result == recorded_result
    else:
        assert type(error) is expected, f"expected {expected}, got {error!r}"


def assert_same_rpc_request(sent: SentRequest, transcript: Transcript) -> None:
    service, method = transcript.rpc_service
    assert (sent.service, sent.method) == (service, method)
    assert sent.path == ("/jsonrpc" if transcript.protocol == "jsonrpc" else transcript.endpoint)
    recorded = transcript.rpc_params
    if transcript.is_execute_kw:
        sent_kwargs, sent_context = without_context(sent.params[6])
        recorded_kwargs, recorded_context = without_context(recorded[6])
        assert sent.params[:6] == recorded[:6]
        assert (sent_kwargs, sent_context) == (recorded_kwargs, recorded_context)
    else:
        assert sent.params == recorded
    if transcript.protocol == "jsonrpc":
        assert sent.body["jsonrpc"] == "2.0"
        assert sent.body["method"] == "call"
        assert sent.headers["content-type"] == "application/json"
    else:
        assert sent.headers["content-type"] == "text/xml"


def assert_same_json2_request(
    sent: SentRequest, transcript: Transcript, recorded_body: dict[str, Any]
) -> None:
    recorded_headers = transcript.request["headers"]
    assert sent.path == transcript.endpoint
    assert sent.headers["authorization"] == recorded_headers["Authorization"]
    assert sent.headers.get("x-odoo-database") == recorded_headers.get("X-Odoo-Database")
    assert sent.headers["content-type"] == "application/json"
    assert without_context(sent.body) == without_context(recorded_body)


def expected_call_result(transcript: Transcript) -> Any:
    """The recorded result as `call` returns it: ``create`` of one dict gives an int on JSON-2 too."""
    result = transcript.result()
    body = transcript.json2_body or {}
    single = transcript.model_method[1] == "create" and isinstance(body.get("vals_list"), dict)
    if single and isinstance(result, list):
        return result[0]
    return result


@pytest.mark.parametrize("transcript", RPC_REQUESTS, ids=transcript_id)
async def test_rpc_adapter_sends_the_recorded_service_call(transcript: Transcript) -> None:
    fake = FakeOdoo(transcript.series, uid=0, case=transcript, warm_up=False)
    settings = OdooSettings(url=BASE_URL, user="mcp_bot", api_key=SecretStr("unused"))
    channel = HttpChannel(settings, fake.transport())
    adapter = _RPC_ADAPTERS[transcript.protocol](channel, Credentials(None, "mcp_bot", "unused"))
    service, method = transcript.rpc_service
    site = CallSite(*transcript.model_method)
    result, error = await outcome_of(adapter.call_service(service, method, transcript.rpc_params, site))
    await channel.aclose()
    assert_outcome(expected_outcome(transcript.series, transcript.case), result, error, transcript.result())
    [sent] = fake.case_requests
    assert_same_rpc_request(sent, transcript)


@pytest.mark.parametrize("transcript", CLIENT_CALLS, ids=transcript_id)
async def test_client_call_sends_the_recorded_request(transcript: Transcript) -> None:
    model, method = transcript.model_method
    if transcript.protocol == "json2":
        body = transcript.json2_body or {}
        ids = body.pop("ids", None)
        kwargs, context = without_context(body)
        args: list[Any] = []
        uid = 7
    else:
        params = transcript.rpc_params
        ids, args, uid = None, params[5], params[1]
        kwargs, context = without_context(params[6])
    fake = FakeOdoo(transcript.series, uid, transcript)
    async with OdooClient(settings_for(transcript), transport=fake.transport()) as client:
        work = client.call(model, method, ids=ids, args=args, kwargs=kwargs, context=context)
        result, error = await outcome_of(work)

    expected = expected_outcome(transcript.series, transcript.case)
    if method.startswith("_"):
        assert type(error) is PrivateMethod
        assert fake.case_requests == []
        return
    assert_outcome(expected, result, error, expected_call_result(transcript))
    relogged = expected is AuthenticationFailed and transcript.protocol != "json2"
    assert len(fake.case_requests) == (2 if relogged else 1)
    for sent in fake.case_requests:
        if transcript.protocol == "json2":
            assert_same_json2_request(sent, transcript, transcript.json2_body or {})
        else:
            assert_same_rpc_request(sent, transcript)


def json2_sibling(transcript: Transcript) -> Transcript | None:
    name = transcript.path.name.replace(f".{transcript.protocol}.json", ".json2.json")
    sibling_path = transcript.path.with_name(name)
    if not sibling_path.exists():
        return None
    sibling = load(f"{transcript.series}/{transcript.path.parent.name}/{name}")
    return sibling if sibling.json2_body is not None else None


SAME_CASE_ON_JSON2 = [
    t for t in CLIENT_CALLS if t.series == "19.0" and t.protocol == "xmlrpc" and json2_sibling(t) is not None
]


@pytest.mark.parametrize("rpc_transcript", SAME_CASE_ON_JSON2, ids=transcript_id)
async def test_positional_rpc_call_becomes_the_recorded_json2_body(rpc_transcript: Transcript) -> None:
    json2_transcript = json2_sibling(rpc_transcript)
    assert json2_transcript is not None
    recorded_body = json2_transcript.json2_body or {}
    model, method = rpc_transcript.model_method
    params = rpc_transcript.rpc_params
    args, (kwargs, context) = list(params[5]), without_context(params[6])
    ids = args.pop(0) if "ids" in recorded_body else None
    fake = FakeOdoo("19.0", 7, json2_transcript)
    async with OdooClient(settings_for(json2_transcript), transport=fake.transport()) as client:
        await outcome_of(client.call(model, method, ids=ids, args=args, kwargs=kwargs, context=context))

    if method.startswith("_"):
        assert fake.case_requests == []
        return
    [sent] = fake.case_requests
    sent_body, _ = without_context(sent.body)
    expected_body, _ = without_context(recorded_body)
    assert set(sent_body) == set(expected_body)
    if rpc_transcript.path.parent.name in ("read", "context"):
        assert sent_body == expected_body


@pytest.mark.parametrize("transcript", JSON2_LOGINS, ids=transcript_id)
async def test_json2_login_sends_the_recorded_request(transcript: Transcript) -> None:
    fake = FakeOdoo("19.0", 7, transcript, warm_up=False)
    settings = settings_for(transcript)
    channel = HttpChannel(settings, fake.transport())
    adapter = Json2Adapter(channel, Credentials(settings.db, settings.user, settings.secret))
    uid, error = await outcome_of(adapter.authenticate())
    await channel.aclose()
    expected = expected_outcome("19.0", transcript.case)
    assert_outcome(expected, uid, error, transcript.response.get("uid") if expected == OK else None)
    [sent] = fake.case_requests
    assert_same_json2_request(sent, transcript, {})


@pytest.mark.parametrize("transcript", RPC_LOGINS, ids=transcript_id)
async def test_rpc_login_gives_the_uid_or_a_typed_refusal(transcript: Transcript) -> None:
    fake = FakeOdoo(transcript.series, 0, transcript, warm_up=False)
    db, login, secret, _ = transcript.rpc_params
    channel = HttpChannel(settings_for(transcript), fake.transport())
    adapter = _RPC_ADAPTERS[transcript.protocol](channel, Credentials(db, login, secret))
    uid, error = await outcome_of(adapter.authenticate())
    await channel.aclose()
    recorded = transcript.result()
    if transcript.case == "auth/authenticate_wrong_db":
        assert type(error) is DatabaseNotFound
    elif recorded is False:
        assert type(error) is AuthenticationFailed
        assert secret not in str(error)
    else:
        assert (uid, error) == (recorded, None)
    [sent] = fake.case_requests
    assert_same_rpc_request(sent, transcript)


@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize("route", ["web_version_get", "json_version_get"])
async def test_version_detection_agrees_with_the_web_version_route(series: str, route: str) -> None:
    """The connector asks common.version (16-19); /web/version and /json/version exist only from 19."""
    web_route = load(f"{series}/auth/{route}.http.json")
    fake = FakeOdoo(series, 7)
    settings = settings_for(load(f"{series}/errors/unknown_model.jsonrpc.json"))
    async with OdooClient(settings, transport=fake.transport()) as client:
        info = await client.connect()
    assert all(sent.path != web_route.endpoint for sent in fake.all_requests)
    if web_route.status == 200:
        assert info.server_version == web_route.response["json"]["version"]
    assert info.series == series


@pytest.mark.parametrize("series", ["16.0", "17.0", "18.0"])
async def test_json2_is_refused_before_19_without_sending_a_json2_request(series: str) -> None:
    absent = load(f"{series}/auth/json2_absent_on_18.json2.json")
    assert absent.status in (303, 404)
    fake = FakeOdoo(series, 7)
    settings = settings_for(load(f"{series}/errors/unknown_model.jsonrpc.json"), protocol=Protocol.JSON2)
    async with OdooClient(settings, transport=fake.transport()) as client:
        with pytest.raises(NotOdoo, match="JSON-2 needs Odoo 19"):
            await client.connect()
    assert all(not sent.path.startswith("/json/2/") for sent in fake.all_requests)
