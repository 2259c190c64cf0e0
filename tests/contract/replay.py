"""Sending a transcript's request to a running simulator, as the recorder sent it to Odoo.

Placeholders are filled with the simulator's throwaway credentials (`<api-key>`, `<password>` of
the transcript's user; a forty-zero key stays wrong), the session obtained in the flow
(`<session-id>`) and the portal token the simulator handed out (`<access-token>`). In dependent
flows, ids of records created during the flow are translated (`IdMap`); a request that needs no
translation is sent byte for byte (XML-RPC ``raw_xml``, JSON ``raw_body``).
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx2

from .corpus import CORPUS_DIR, Case
from .idmap import IdMap

_NOT_IDS_METHODS = {
    "create", "search", "search_read", "search_count", "read_group", "formatted_read_group", "name_search",
    "web_search_read", "default_get", "fields_get", "check_access_rights", "get_wkhtmltopdf_state",
}  # fmt: skip
#: Positional arguments after the ids that hold ids of another model.
_POSITIONAL_IDS = {"report_action": {1: "account.move"}, "_render_qweb_pdf": {1: "account.move"}}
_URL_IDS = (
    (re.compile(r"^(/report/(?:pdf|html)/[^/]+/)([\d,]+)"), "account.move"),
    (re.compile(r"^(/my/invoices/)(\d+)"), "account.move"),
    (re.compile(r"^(/account/download_invoice_documents/)(\d+)"), "account.move"),
    (re.compile(r"^(/web/content/account\.move/)(\d+)"), "account.move"),
    (re.compile(r"^(/web/content/)(\d+)"), "ir.attachment"),
)
_TOKEN = re.compile(r"access_token=([^&#]+)")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx2.Headers
    content: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Replayer:
    """Replays the cases of one flow (or independent cases) against one simulator."""

    def __init__(self, client: httpx2.Client, credentials: Mapping[str, Mapping[str, str]]) -> None:
        self.client = client
        self.credentials = credentials
        self.ids = IdMap()
        self.session_id = ""
        self.access_token = ""

    # -- placeholders ------------------------------------------------------------------------------

    def _placeholders(self, case: Case) -> dict[str, str]:
        user = self.credentials[case.data.get("as_user") or "mcp_bot"]
        return {
            "<api-key>": user["api_key"],
            "<password>": user["password"],
            "<session-id>": self.session_id,
            "<access-token>": self.access_token,
        }

    def _fill_text(self, case: Case, text: str, *, xml: bool = False) -> str:
        for placeholder, value in self._placeholders(case).items():
            shown = placeholder.replace("<", "&lt;").replace(">", "&gt;") if xml else placeholder
            text = text.replace(shown, value)
        return text

    def _fill(self, case: Case, value: Any) -> Any:
        if isinstance(value, str):
            return self._fill_text(case, value)
        if isinstance(value, list):
            return [self._fill(case, item) for item in value]
        if isinstance(value, dict):
            return {key: self._fill(case, item) for key, item in value.items()}
        return value

    # -- id translation ----------------------------------------------------------------------------

    def _call_args(self, model: str, method: str, args: list[Any]) -> list[Any]:
        translated = [self.ids.fields(arg) if isinstance(arg, dict) else arg for arg in args]
        if method == "create" and translated and isinstance(translated[0], list):
            translated[0] = [self.ids.fields(vals) for vals in translated[0]]
        elif method not in _NOT_IDS_METHODS and translated and isinstance(translated[0], list | int):
            translated[0] = self.ids.ids(model, translated[0])
        for position, other in _POSITIONAL_IDS.get(method, {}).items():
            if position < len(translated):
                translated[position] = self.ids.ids(other, translated[position])
        return translated

    def _object_params(self, params: list[Any]) -> list[Any]:
        if len(params) < 6 or not isinstance(params[5], list):
            return params
        model, method = str(params[3]), str(params[4])
        kwargs = [self.ids.fields(extra) for extra in params[6:]]
        return [*params[:5], self._call_args(model, method, params[5]), *kwargs]

    def _json2_body(self, model: str, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        translated = self.ids.fields(body)  # vals, context: nested dicts are translated once
        if isinstance(body.get("vals_list"), list):
            translated["vals_list"] = [self.ids.fields(vals) for vals in body["vals_list"]]
        if "ids" in body:
            translated["ids"] = self.ids.ids(model, body["ids"])
        return translated

    def _url(self, url: str) -> str:
        for pattern, model in _URL_IDS:
            match = pattern.match(url)
            if match:
                ids = ",".join(str(self.ids.id(model, int(part))) for part in match.group(2).split(","))
                return match.group(1) + ids + url[match.end() :]
        return url

    # -- requests ----------------------------------------------------------------------------------

    def _body(self, case: Case) -> bytes | None:
        request = case.data["request"]
        protocol = case.protocol
        if protocol == "xmlrpc":
            params = request.get("params")
            translated = self._object_params(params) if isinstance(params, list) else params
            if translated == params:
                return self._fill_text(case, request["raw_xml"], xml=True).encode("utf-8")
            return xmlrpc.client.dumps(
                tuple(self._fill(case, translated)), request["method"], allow_none=True
            ).encode()
        if "raw_body" in request:
            return self._fill_text(case, request["raw_body"]).encode("utf-8")
        body = request.get("body")
        if body is None:
            return None
        if protocol == "json2":
            body = self._json2_body(
                case.data["endpoint"].split("/")[3] if case.data["endpoint"].count("/") >= 4 else "", body
            )
        elif isinstance(body.get("params"), dict):
            body = {**body, "params": self._jsonrpc_params(body["params"])}
        return json.dumps(self._fill(case, body)).encode("utf-8")

    def _jsonrpc_params(self, params: dict[str, Any]) -> dict[str, Any]:
        if isinstance(params.get("args"), list) and params.get("service") == "object":
            return {**params, "args": self._object_params(params["args"])}
        if "model" in params and isinstance(params.get("args"), list):
            return {
                **params,
                "args": self._call_args(params["model"], params.get("method", ""), params["args"]),
            }
        return params

    def send(self, case: Case) -> Answer:
        request = case.data["request"]
        url = self._url(self._fill_text(case, request.get("url") or case.data["endpoint"]))
        headers = {
            name: self._fill_text(case, value)
            for name, value in request.get("headers", {}).items()
            if name.lower() not in ("content-length", "host")
        }
        self.client.cookies.clear()  # only the cookies the transcript sends
        response = self.client.request(request["http_method"], url, content=self._body(case), headers=headers)
        answer = Answer(response.status_code, response.headers, response.content)
        self._learn(case, answer, response)
        return answer

    # -- learning from answers ---------------------------------------------------------------------

    def _learn(self, case: Case, answer: Answer, response: httpx2.Response) -> None:
        if case.data["endpoint"] == "/web/session/authenticate" and "session_id" in response.cookies:
            self.session_id = response.cookies["session_id"]
        recorded, actual = recorded_result(case), actual_result(case, answer)
        if recorded is None or actual is None:
            return
        token = _TOKEN.search(actual) if isinstance(actual, str) else None
        if token:
            self.access_token = token.group(1)
        model, method = call_of(case)
        if method == "create":
            self.ids.learn(model, recorded, actual)
        else:
            self.ids.learn_fields(recorded, actual)

    def rpc(
        self, case: Case, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None
    ) -> Any:
        """A set-up call as the case's user over XML-RPC (records the recorder made outside the corpus)."""
        user = case.data.get("as_user") or "mcp_bot"
        db = "demo" + case.series.split(".")[0]
        key = self.credentials[user]["api_key"]
        uid = self._xmlrpc("/xmlrpc/2/common", "authenticate", (db, user, key, {}))
        return self._xmlrpc(
            "/xmlrpc/2/object", "execute_kw", (db, uid, key, model, method, args, kwargs or {})
        )

    def _xmlrpc(self, path: str, method: str, params: tuple[Any, ...]) -> Any:
        response = self.client.post(path, content=xmlrpc.client.dumps(params, method))
        return xmlrpc.client.loads(response.content)[0][0]


def call_of(case: Case) -> tuple[str, str]:
    """(model, method) of a transcript's ORM call, or ("", "") for other requests."""
    request = case.data["request"]
    if case.protocol == "json2":
        parts = case.data["endpoint"].split("/")
        return (parts[3], parts[4]) if len(parts) == 5 else ("", "")
    params: Any = request.get("params")
    body = request.get("body")
    if case.protocol == "jsonrpc" and isinstance(body, dict) and isinstance(body.get("params"), dict):
        inner = body["params"]
        if "model" in inner:
            return str(inner["model"]), str(inner.get("method", ""))
        params = inner.get("args")
    if isinstance(params, list) and len(params) >= 5 and isinstance(params[3], str):
        return params[3], str(params[4])
    return "", ""


def recorded_result(case: Case) -> Any:
    response = case.data["response"]
    if case.protocol == "json2":
        return response if case.data["http_status"] == 200 else None
    return response.get("result") if isinstance(response, dict) else None


def actual_result(case: Case, answer: Answer) -> Any:
    try:
        if case.protocol == "xmlrpc":
            return xmlrpc.client.loads(answer.content)[0][0]
        payload = json.loads(answer.content)
    except (xmlrpc.client.Fault, ValueError, IndexError):
        return None
    if case.protocol == "json2":
        return payload if answer.status == 200 else None
    return payload.get("result") if isinstance(payload, dict) else None


def corpus_case(series: str, relative: str) -> Case:
    """Another transcript of the same series (the set-up steps reuse recorded requests)."""
    case = Case(series, relative)
    if not case.path.is_file():
        raise FileNotFoundError(f"{relative} is missing from {CORPUS_DIR / series}")
    return case
