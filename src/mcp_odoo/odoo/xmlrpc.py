"""XML-RPC: ``POST /xmlrpc/2/<service>`` with a ``methodCall`` body (Odoo 16-19, deprecated in 19).

Faults come with HTTP 200. On ``/xmlrpc/2`` the code is an int: 1 = any non-Odoo exception with
the whole traceback as text, 2 = UserError family, 3 = AccessDenied, 4 = AccessError. The legacy
``/xmlrpc`` endpoint puts a string in the code ("warning -- AccessError\\n\\n<message>"); both are
understood so that the same table classifies them.
"""

from __future__ import annotations

import re
import xmlrpc.client
from typing import Any
from xml.parsers.expat import ExpatError

from mcp_odoo.odoo.adapter import ServiceRpcAdapter
from mcp_odoo.odoo.classify import CallSite, OdooFault, classify, classify_http, name_for_fault_code
from mcp_odoo.odoo.errors import BadArguments, NotOdoo
from mcp_odoo.odoo.settings import Protocol
from mcp_odoo.odoo.transport import HttpAnswer

_HEADERS = {"Content-Type": "text/xml"}
_LEGACY_WARNING = re.compile(r"^warning -- (?P<name>\w+)\n\n(?P<message>.*)$", re.DOTALL)
_EXCEPTION_LINE = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)(?::\s?(?P<message>.*))?$")
_TRACEBACK_HEADER = "Traceback (most recent call last):"
# Odoo's XML-RPC marshaller refuses None (allow_none=False) *after* the method ran and committed.
_NONE_RESULT = "cannot marshal None"


class XmlRpcAdapter(ServiceRpcAdapter):
    protocol = Protocol.XMLRPC

    async def call_service(self, service: str, method: str, args: list[Any], site: CallSite) -> Any:
        answer = await self._channel.post(f"/xmlrpc/2/{service}", encode_call(method, args), _HEADERS)
        return decode_answer(answer, site)


def encode_call(method: str, args: list[Any]) -> bytes:
    try:
        return xmlrpc.client.dumps(tuple(args), method, allow_none=True).encode("utf-8")
    except (TypeError, OverflowError) as exc:
        raise BadArguments(f"the arguments cannot be sent over XML-RPC: {exc}") from None


def decode_answer(answer: HttpAnswer, site: CallSite) -> Any:
    """The result of an XML-RPC answer; raises the typed error of a fault or a non-Odoo answer."""
    if answer.status != 200 or "xml" not in answer.content_type:
        raise classify_http(
            answer.status, answer.content_type, answer.text_excerpt(), database_selected=False
        )
    try:
        params, _ = xmlrpc.client.loads(answer.body, use_builtin_types=True)
    except xmlrpc.client.Fault as fault:
        found = fault_of(fault.faultCode, fault.faultString)
        if found is None:
            return None
        raise classify(found, site) from None
    except (ExpatError, ValueError, TypeError, IndexError) as exc:
        raise NotOdoo(
            "Odoo's XML-RPC answer is malformed", debug=f"{exc}: {answer.text_excerpt(500)}"
        ) from None
    return params[0] if params else None


def fault_of(code: object, text: str) -> OdooFault | None:
    """The fault described by an XML-RPC fault code and string; None when it only says "returned None"."""
    if isinstance(code, int):
        if code != 1:
            return OdooFault(name_for_fault_code(code, text), text)
        name, message = last_exception(text)
        if name == "TypeError" and message.startswith(_NONE_RESULT):
            return None
        return OdooFault(name, message, debug=text)
    legacy = _LEGACY_WARNING.match(str(code))
    if legacy:
        return OdooFault(f"odoo.exceptions.{legacy['name']}", legacy["message"])
    if code == "AccessDenied":
        return OdooFault("odoo.exceptions.AccessDenied", text or "Access Denied")
    name, _ = last_exception(text)
    return OdooFault(name, str(code), debug=text)


def last_exception(traceback: str) -> tuple[str, str]:
    """(exception name, message) of the last exception in a Python traceback text."""
    lines = traceback.rstrip().splitlines()
    headers = [index for index, line in enumerate(lines) if line.startswith(_TRACEBACK_HEADER)]
    start = headers[-1] + 1 if headers else 0
    for index in range(start, len(lines)):
        line = lines[index]
        if not line or line[0].isspace():
            continue
        found = _EXCEPTION_LINE.match(line)
        if found:
            message = "\n".join([found["message"] or "", *lines[index + 1 :]])
            return found["name"], message.strip()
    return "", traceback.strip()
