"""XML-RPC: ``POST /xmlrpc/2/<service>`` (integer fault codes) and the legacy ``/xmlrpc/<service>``.

Marshalling uses the standard library, as Odoo does: request values are decoded with
``xmlrpc.client.loads`` (``<nil/>`` accepted), results encoded without ``allow_none``, so a
method that returns None fails with fault 1 ``cannot marshal None`` after it ran, and so does one
that returns a recordset without ``@api.returns`` (``cannot marshal <class 'odoo.api.<model>'>
objects``: Odoo's marshaller knows no recordset class). Every answer is HTTP 200
``text/xml; charset=utf-8``, faults included.
"""

from __future__ import annotations

import base64
import datetime
import xmlrpc.client
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mcp_odoo.simulator.exceptions import AccessDenied, SimulatedOdooException
from mcp_odoo.simulator.recordset import Recordset
from mcp_odoo.simulator.wire import services
from mcp_odoo.simulator.wire.errors import Entry, describe
from mcp_odoo.simulator.wire.injection import fire_faults
from mcp_odoo.simulator.wire.state import Simulator

XML_CONTENT_TYPE = "text/xml; charset=utf-8"


def plain(value: Any) -> Any:
    """Decoded XML-RPC values as the ORM takes them: datetimes as Odoo strings, binary as base64."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, xmlrpc.client.Binary):
        return base64.b64encode(value.data).decode("ascii")
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


class _Marshaller(xmlrpc.client.Marshaller):
    """The standard marshaller as Odoo extends it, results without ``allow_none``; a recordset is a
    class it does not know."""

    def __init__(self) -> None:
        super().__init__(allow_none=False)
        table: dict[Any, Any] = dict(self.dispatch)
        table[Recordset] = _Marshaller.dump_recordset
        self.dispatch = table

    def dump_recordset(self, value: Recordset, write: Any) -> None:
        raise TypeError(f"cannot marshal {value.odoo_class} objects")


def method_response(result: Any) -> str:
    """``xmlrpc.client.dumps((result,), methodresponse=True)`` through `_Marshaller`."""
    params = _Marshaller().dumps((result,))
    return f"<?xml version='1.0'?>\n<methodResponse>\n{params}</methodResponse>\n"


def _xml(body: str) -> Response:
    return Response(body.encode("utf-8"), headers={"Content-Type": XML_CONTENT_TYPE})


def fault_for(exc: Exception, series: str) -> xmlrpc.client.Fault:
    """``/xmlrpc/2``: code 1 with the traceback, or 2/3/4 with the bare message."""
    failure = describe(exc, Entry.XMLRPC, series)
    if failure.fault_code == 1:
        return xmlrpc.client.Fault(1, failure.traceback)
    return xmlrpc.client.Fault(failure.fault_code, failure.message)


def legacy_fault_for(exc: Exception, series: str) -> xmlrpc.client.Fault:
    """``/xmlrpc`` (no /2/): string fault codes, as the pre-2 endpoint reports them."""
    failure = describe(exc, Entry.XMLRPC, series)
    if isinstance(exc, AccessDenied):
        return xmlrpc.client.Fault("AccessDenied", failure.message)  # type: ignore[arg-type]
    if isinstance(exc, SimulatedOdooException) and failure.fault_code in (2, 4):
        kind = failure.name.rsplit(".", 1)[-1]
        return xmlrpc.client.Fault(f"warning -- {kind}\n\n{failure.message}", "")  # type: ignore[arg-type]
    return xmlrpc.client.Fault(failure.message, failure.traceback)  # type: ignore[arg-type]


async def _serve(request: Request, *, legacy: bool) -> Response:
    server: Simulator = request.app.state.simulator
    to_fault = legacy_fault_for if legacy else fault_for
    service = request.path_params["service"]
    try:
        decoded, method = xmlrpc.client.loads(await request.body(), use_datetime=True)
    except Exception as exc:
        return _xml(xmlrpc.client.dumps(to_fault(exc, server.series)))
    params = plain(list(decoded))
    model, model_method = services.call_target(service, method or "", params)
    server.calls.record("xmlrpc", model, model_method)
    try:
        interruption = await fire_faults(server, "xmlrpc", model, model_method)
        if interruption is not None:
            return interruption
        result = services.dispatch_rpc(server, service, method or "", params)
        body = method_response(result)
    except Exception as exc:
        return _xml(xmlrpc.client.dumps(to_fault(exc, server.series)))
    return _xml(body)


async def xmlrpc_2(request: Request) -> Response:
    return await _serve(request, legacy=False)


async def xmlrpc_legacy(request: Request) -> Response:
    return await _serve(request, legacy=True)


routes = [
    Route("/xmlrpc/2/{service}", xmlrpc_2, methods=["POST"]),
    Route("/xmlrpc/{service}", xmlrpc_legacy, methods=["POST"]),
]
