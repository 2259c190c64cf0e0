"""JSON-RPC: ``POST /jsonrpc`` with ``{"jsonrpc": "2.0", "method": "call", "params": {...}}``.

``params`` is ``{service, method, args}``, ``args`` exactly the XML-RPC parameters.

Errors come with HTTP 200 as ``error: {code, message, data: {name, message, debug, ...}}``;
``code`` is 200 in 16-18, 0 in 19 and 100 for an expired session, so only ``data.name`` is used.
An envelope with neither ``result`` nor ``error`` means the method ran and returned None.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from mcp_odoo.odoo.adapter import ServiceRpcAdapter
from mcp_odoo.odoo.classify import CallSite, OdooFault, classify, classify_http
from mcp_odoo.odoo.errors import BadArguments, NotOdoo
from mcp_odoo.odoo.settings import Protocol
from mcp_odoo.odoo.transport import HttpAnswer

_HEADERS = {"Content-Type": "application/json"}


class JsonRpcAdapter(ServiceRpcAdapter):
    protocol = Protocol.JSONRPC
    _request_ids = itertools.count(1)

    async def call_service(self, service: str, method: str, args: list[Any], site: CallSite) -> Any:
        envelope = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next(self._request_ids),
        }
        answer = await self._channel.post("/jsonrpc", encode_json(envelope), _HEADERS)
        return decode_answer(answer, site)


def encode_json(value: Any) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise BadArguments(f"the arguments are not plain JSON values: {exc}") from None


def parse_json(answer: HttpAnswer) -> Any:
    """The JSON body of an answer that announces JSON; NotOdoo when it is cut or not JSON."""
    try:
        return json.loads(answer.body)
    except ValueError:
        raise NotOdoo("Odoo's JSON answer is malformed", debug=answer.text_excerpt(500)) from None


def decode_answer(answer: HttpAnswer, site: CallSite) -> Any:
    """The result of a JSON-RPC answer; raises the typed error of an error envelope or a non-Odoo answer."""
    if answer.status != 200 or "json" not in answer.content_type:
        raise classify_http(
            answer.status, answer.content_type, answer.text_excerpt(), database_selected=False
        )
    envelope = parse_json(answer)
    if not isinstance(envelope, dict) or envelope.get("jsonrpc") != "2.0":
        raise NotOdoo("the answer is not a JSON-RPC 2.0 envelope", debug=answer.text_excerpt(500))
    if "error" in envelope:
        raise classify(fault_of(envelope["error"]), site)
    if "result" not in envelope:
        return None  # the method ran and returned None: Odoo leaves "result" out
    return envelope["result"]


def fault_of(error: Any) -> OdooFault:
    if not isinstance(error, dict):
        return OdooFault("", str(error))
    data = error.get("data")
    if not isinstance(data, dict):
        data = {}
    message = data.get("message") or error.get("message") or ""
    return OdooFault(str(data.get("name") or ""), str(message), debug=data.get("debug"))
