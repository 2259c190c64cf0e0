"""JSON-2 (Odoo 19+): ``POST /json/2/<model>/<method>`` with a bearer API key and named arguments.

The body holds the named arguments plus ``ids`` (the recordset) and ``context``. The answer is
the bare JSON result (recordsets as id lists, None as ``null``); errors are real HTTP statuses
with ``{name, message, arguments, context, debug}``, except an unknown ``X-Odoo-Database`` (404
HTML) and a wrong Content-Type (415 HTML). There is no login step: ``res.users/context_get``
tells whose key it is. ``/web/version`` tells the version when ``/jsonrpc`` is gone (it is
deprecated in 19 and scheduled for removal).
"""

from __future__ import annotations

from typing import Any

from mcp_odoo.odoo.adapter import ProtocolAdapter, WireCall
from mcp_odoo.odoo.classify import CallSite, OdooFault, classify, classify_http
from mcp_odoo.odoo.errors import AuthenticationFailed, NotOdoo
from mcp_odoo.odoo.jsonrpc import encode_json, parse_json
from mcp_odoo.odoo.settings import Protocol
from mcp_odoo.odoo.transport import HttpAnswer, HttpChannel


async def web_version(channel: HttpChannel) -> dict[str, Any]:
    """``GET /web/version`` (19+), shaped like ``common.version``: for servers without ``/jsonrpc``."""
    answer = await channel.get("/web/version")
    if answer.status != 200 or "json" not in answer.content_type:
        raise NotOdoo(
            "no Odoo answers at this URL: neither /jsonrpc nor /web/version did",
            debug=f"HTTP {answer.status}: {answer.text_excerpt(500)}",
        )
    described = parse_json(answer)
    if not isinstance(described, dict):
        raise NotOdoo("the answer of /web/version is not a version description")
    version = str(described.get("version") or "")
    return {
        "server_version": version,
        "server_version_info": described.get("version_info"),
        "server_serie": version.split("+")[0],
    }


class Json2Adapter(ProtocolAdapter):
    protocol = Protocol.JSON2

    async def authenticate(self) -> int:
        user_context = await self._post("res.users", "context_get", {}, CallSite("res.users", "context_get"))
        uid = user_context.get("uid") if isinstance(user_context, dict) else None
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise AuthenticationFailed("Odoo did not say which user the API key belongs to")
        return uid

    async def execute(self, call: WireCall, uid: int) -> Any:
        body: dict[str, Any] = dict(call.kwargs)
        if call.ids is not None:
            body["ids"] = call.ids
        body["context"] = call.context
        return await self._post(call.model, call.method, body, call.site)

    async def _post(self, model: str, method: str, body: dict[str, Any], site: CallSite) -> Any:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"bearer {self._credentials.secret}",
        }
        if self._credentials.db:
            headers["X-Odoo-Database"] = self._credentials.db
        answer = await self._channel.post(f"/json/2/{model}/{method}", encode_json(body), headers)
        return decode_answer(answer, site, database_selected=bool(self._credentials.db))


def decode_answer(answer: HttpAnswer, site: CallSite, *, database_selected: bool) -> Any:
    """The result of a JSON-2 answer; raises the typed error of an error status or a non-Odoo answer."""
    if "json" not in answer.content_type:
        raise classify_http(
            answer.status, answer.content_type, answer.text_excerpt(), database_selected=database_selected
        )
    payload = parse_json(answer)
    if answer.status == 200:
        return payload
    if not isinstance(payload, dict):
        payload = {}
    fault = OdooFault(
        str(payload.get("name") or ""),
        str(payload.get("message") or f"HTTP {answer.status}"),
        debug=payload.get("debug"),
        http_status=answer.status,
    )
    raise classify(fault, site)
