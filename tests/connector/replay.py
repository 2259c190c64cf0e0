"""Replaying the reference corpus: recorded Odoo answers served to the connector over a MockTransport.

`Transcript` reads one recorded exchange; `FakeOdoo` is an `httpx2.MockTransport` handler that
answers the connector's warm-up requests (version, login, whoami) and serves the transcript's
recorded answer (status, headers, body) to the one request under test, keeping that request so the
test can compare it with the recorded one.
"""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx2

from mcp_odoo.odoo.transport import HttpAnswer
from mcp_odoo.settings import OdooSettings, Protocol
from reference_corpus import REFERENCE

CORPUS = REFERENCE
SERIES = ("16.0", "17.0", "18.0", "19.0")
BASE_URL = "http://odoo.test"
# The scrubber left one placeholder unescaped inside two recorded XML bodies (read_sale_order_all_fields
# of 18.0 and 19.0); the parsed "response" of the same files shows the intended string value.
_UNESCAPED_PLACEHOLDER = ("<string><access-token></string>", "<string>&lt;access-token&gt;</string>")


@dataclass(frozen=True)
class Transcript:
    path: Path
    data: dict[str, Any] = field(repr=False)

    @property
    def series(self) -> str:
        return str(self.data["series"])

    @property
    def major(self) -> int:
        return int(self.series.split(".")[0])

    @property
    def protocol(self) -> str:
        return str(self.data["protocol"])

    @property
    def case(self) -> str:
        """``topic/case`` without series and protocol: the key shared by every recording of a case."""
        return f"{self.path.parent.name}/{self.path.name.split('.')[0]}"

    @property
    def endpoint(self) -> str:
        return str(self.data["endpoint"])

    @property
    def request(self) -> dict[str, Any]:
        return dict(self.data["request"])

    @property
    def status(self) -> int:
        return int(self.data["http_status"])

    @property
    def response(self) -> Any:
        return self.data["response"]

    @property
    def rpc_params(self) -> list[Any]:
        """The XML-RPC params / JSON-RPC args of the recorded request."""
        if self.protocol == "xmlrpc":
            return list(self.request["params"])
        return list(self.request["body"]["params"]["args"])

    @property
    def rpc_service(self) -> tuple[str, str]:
        if self.protocol == "xmlrpc":
            return self.endpoint.rsplit("/", 1)[1], str(self.request["method"])
        params = self.request["body"]["params"]
        return str(params["service"]), str(params["method"])

    @property
    def is_execute_kw(self) -> bool:
        return (
            self.is_well_formed_rpc
            and self.rpc_service == ("object", "execute_kw")
            and len(self.rpc_params) == 7
        )

    @property
    def is_well_formed_rpc(self) -> bool:
        """An RPC request the adapters can produce: /xmlrpc/2/<service> or /jsonrpc with a proper envelope."""
        if self.protocol == "xmlrpc":
            return self.endpoint.startswith("/xmlrpc/2/") and "params" in self.request and _parses(self)
        body = self.request.get("body")
        return (
            self.endpoint == "/jsonrpc"
            and isinstance(body, dict)
            and isinstance(body.get("params"), dict)
            and "service" in body["params"]
        )

    @property
    def json2_body(self) -> dict[str, Any] | None:
        """The JSON-2 body when it is one the connector can produce (ids a list, context an object)."""
        body = self.request.get("body")
        if self.protocol != "json2" or not isinstance(body, dict) or self.endpoint.count("/") != 4:
            return None
        if not isinstance(body.get("ids", []), list) or not isinstance(body.get("context", {}), dict):
            return None
        if {"args", "kwargs"} & set(body):
            return None
        return dict(body)

    @property
    def model_method(self) -> tuple[str, str]:
        if self.protocol == "json2":
            parts = self.endpoint.split("/")
            return (parts[3], parts[4]) if len(parts) == 5 else ("", "")
        params = self.rpc_params if self.is_well_formed_rpc else []
        if len(params) >= 5:
            return str(params[3]), str(params[4])
        return "", ""

    @property
    def header_secret(self) -> str:
        return str(self.request["headers"].get("Authorization", "bearer ")).split(" ", 1)[1]

    def answer(self) -> HttpAnswer:
        """The recorded answer as the connector's channel hands it to an adapter."""
        response = recorded_response(self)
        return HttpAnswer(response.status_code, response.headers.get("content-type", ""), response.content)

    def result(self) -> Any:
        """The value a successful recorded call returned (None for "returned None")."""
        if self.protocol == "xmlrpc":
            return self.response.get("result")
        if self.protocol == "jsonrpc":
            return self.response.get("result")
        return self.response


def _parses(transcript: Transcript) -> bool:
    try:
        xmlrpc.client.loads(transcript.request["raw_xml"])
    except Exception:
        return False
    return True


@cache
def load(relative: str) -> Transcript:
    path = CORPUS / relative
    return Transcript(path, json.loads(path.read_text(encoding="utf-8")))


def transcripts(*topics: str, series: tuple[str, ...] = SERIES) -> list[Transcript]:
    found = []
    for name in series:
        for topic in topics:
            for path in sorted((CORPUS / name / topic).glob("*.json")):
                found.append(load(str(path.relative_to(CORPUS))))
    return found


def transcript_id(transcript: Transcript) -> str:
    return f"{transcript.series}/{transcript.path.parent.name}/{transcript.path.name.removesuffix('.json')}"


def recorded_response(transcript: Transcript) -> httpx2.Response:
    headers = {"Content-Type": transcript.data["response_headers"].get("Content-Type", "application/json")}
    if transcript.protocol == "xmlrpc":
        raw_xml = transcript.data["response_raw_xml"].replace(*_UNESCAPED_PLACEHOLDER)
        return httpx2.Response(transcript.status, headers=headers, content=raw_xml)
    response = transcript.response
    if isinstance(response, dict) and "_non_json_body" in response:
        return httpx2.Response(
            transcript.status, headers=headers, content=response["_non_json_body"]["first_chars"]
        )
    return httpx2.Response(transcript.status, headers=headers, content=json.dumps(response))


def settings_for(transcript: Transcript, protocol: Protocol | None = None, **overrides: Any) -> OdooSettings:
    """Settings whose secret, db and login are the recorded ones, so that requests match byte for byte."""
    if transcript.protocol == "json2":
        headers = transcript.request["headers"]
        db, secret = headers.get("X-Odoo-Database"), transcript.header_secret
    else:
        params = transcript.rpc_params
        db, secret = str(params[0]), str(params[2])
    values: dict[str, Any] = {
        "url": BASE_URL,
        "db": db,
        "user": transcript.data.get("as_user") or "mcp_bot",
        "api_key": secret,
        "protocol": protocol or Protocol(transcript.protocol),
        "retries": 0,
    }
    values.update(overrides)
    return OdooSettings(**values)


@dataclass
class SentRequest:
    path: str
    headers: httpx2.Headers
    service: str = ""
    method: str = ""
    params: list[Any] = field(default_factory=list)
    body: Any = None


def parse_request(request: httpx2.Request) -> SentRequest:
    path = request.url.path
    sent = SentRequest(path, request.headers)
    if path.startswith("/xmlrpc/"):
        params, method = xmlrpc.client.loads(request.content)
        sent.service, sent.method, sent.params = path.rsplit("/", 1)[1], str(method), list(params)
    elif path == "/jsonrpc":
        sent.body = json.loads(request.content)
        call = sent.body["params"]
        sent.service, sent.method, sent.params = call["service"], call["method"], list(call["args"])
    else:
        sent.body = json.loads(request.content) if request.content else None
    return sent


class FakeOdoo:
    """Answers the warm-up with synthetic values and the request under test with the recording."""

    def __init__(
        self,
        series: str,
        uid: int,
        case: Transcript | None = None,
        *,
        warm_up: bool = True,
        answer: Callable[[SentRequest], httpx2.Response] | None = None,
    ) -> None:
        self.series = series
        self.uid = uid
        self.case = case
        self.warm_up = warm_up
        self.answer = answer
        self.logins = 0
        self.case_requests: list[SentRequest] = []
        self.all_requests: list[SentRequest] = []

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handle)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        sent = parse_request(request)
        self.all_requests.append(sent)
        if self.warm_up:
            warm_up_answer = self._warm_up(request, sent)
            if warm_up_answer is not None:
                return warm_up_answer
        self.case_requests.append(sent)
        if self.answer is not None:
            return self.answer(sent)
        assert self.case is not None, f"unexpected request {sent.path} {sent.method}"
        return recorded_response(self.case)

    def _warm_up(self, request: httpx2.Request, sent: SentRequest) -> httpx2.Response | None:
        if sent.service == "common" and sent.method == "version":
            protocol = "xmlrpc" if request.url.path.startswith("/xmlrpc/") else "jsonrpc"
            return recorded_response(load(f"{self.series}/auth/version.{protocol}.json"))
        if sent.service == "common" and sent.method == "authenticate":
            self.logins += 1
            return self._answer(request, self.uid)
        if self._is_whoami(sent):
            return self._answer(request, [{"id": self.uid, "name": "Replay User", "login": "mcp_bot"}])
        if sent.path == "/json/2/res.users/context_get":
            self.logins += 1
            return self._answer(request, {"uid": self.uid, "lang": "en_US", "tz": "UTC"})
        return None

    @staticmethod
    def _is_whoami(sent: SentRequest) -> bool:
        """The connector's own read of its user (it asks for the login and time zone too)."""
        if sent.path == "/json/2/res.users/read":
            fields = sent.body.get("fields", [])
        elif sent.method == "execute_kw" and sent.params[3:5] == ["res.users", "read"]:
            fields = sent.params[6].get("fields", [])
        else:
            return False
        return {"login", "tz"} <= set(fields)

    @staticmethod
    def _answer(request: httpx2.Request, value: Any) -> httpx2.Response:
        return ok_answer(request.url.path, value)


def ok_answer(path: str, value: Any) -> httpx2.Response:
    """A successful answer carrying ``value`` in the protocol that ``path`` belongs to."""
    if path.startswith("/xmlrpc/"):
        body = xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True)
        return httpx2.Response(200, headers={"Content-Type": "text/xml"}, content=body)
    if path == "/jsonrpc":
        return httpx2.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": value})
    return httpx2.Response(200, json=value)


def error_answer(path: str, name: str, message: str, status: int = 500) -> httpx2.Response:
    """An Odoo error answer for exception ``name`` (JSON-RPC envelope or JSON-2 status + body)."""
    data = {"name": name, "message": message, "arguments": [message], "context": {}, "debug": "Traceback ..."}
    if path == "/jsonrpc":
        error = {"code": 200, "message": "Odoo Server Error", "data": data}
        return httpx2.Response(200, json={"jsonrpc": "2.0", "id": 1, "error": error})
    return httpx2.Response(status, json=data)


def without_context(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(kwargs without 'context', the context or {})."""
    rest = dict(kwargs)
    return rest, dict(rest.pop("context", None) or {})
