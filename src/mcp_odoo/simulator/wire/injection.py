"""Firing the armed faults (`simulator.faults`) for one RPC request."""

from __future__ import annotations

import asyncio

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mcp_odoo.simulator.exceptions import DatabaseError, LockError
from mcp_odoo.simulator.faults import FaultKind
from mcp_odoo.simulator.wire import pages
from mcp_odoo.simulator.wire.state import Simulator

_TRUNCATED_BODIES = {
    "xmlrpc": (b"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><str", "text/xml"),
    "json": (b'{"jsonrpc": "2.0", "id": 1, "res', "application/json"),
}


class ConnectionDropped(ConnectionResetError):
    """Raised by the app after announcing a body it never sends: the server drops the connection."""


class DroppedConnectionResponse(Response):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1024")]})
        raise ConnectionDropped("the simulated Odoo dropped the connection")


def lock_conflict(protocol: str) -> Exception:
    if protocol == "json2":
        return LockError(
            "Cannot update the records: another transaction is modifying them. Please try again."
        )
    return DatabaseError(
        "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update\n"
    )


async def fire_faults(server: Simulator, protocol: str, model: str, method: str) -> Response | None:
    """Apply the faults matching this request: a Response replaces Odoo's answer; a lock conflict raises."""
    for fault in server.faults.take(protocol, model, method):
        if fault.kind is FaultKind.LATENCY:
            await asyncio.sleep(fault.delay)
        elif fault.kind is FaultKind.DROP_CONNECTION:
            return DroppedConnectionResponse()
        elif fault.kind is FaultKind.PROXY_ERROR:
            return pages.bad_gateway()
        elif fault.kind is FaultKind.MALFORMED_BODY:
            body, media_type = _TRUNCATED_BODIES["xmlrpc" if protocol == "xmlrpc" else "json"]
            return Response(body, media_type=media_type)
        elif fault.kind is FaultKind.LOCK_CONFLICT:
            raise lock_conflict(protocol)
    return None
