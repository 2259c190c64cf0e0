"""The simulated Odoo as an ASGI app: ``create_app(registry_or_series)``.

Tests reach the running simulator's switches through ``app.state.simulator``
(`wire.state.Simulator`): ``.faults`` (fault injection), ``.calls`` (request counter),
``.backend`` (the ORM registry), ``.pdf_engine`` (wkhtmltopdf present or not).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from mcp_odoo.simulator.wire import info, json2, jsonrpc, pages, reports, websession, xmlrpc
from mcp_odoo.simulator.wire.backend import OdooBackend
from mcp_odoo.simulator.wire.state import Simulator


def _routes() -> list[BaseRoute]:
    return [
        *xmlrpc.routes,
        *jsonrpc.routes,
        *json2.routes,
        *info.routes,
        *websession.routes,
        *reports.routes,
    ]


def _backend(registry: OdooBackend | str) -> OdooBackend:
    if isinstance(registry, str):
        from mcp_odoo.simulator.orm import Registry

        backend: OdooBackend = Registry(registry)
        return backend
    return registry


def create_app(registry: OdooBackend | str = "19.0", *, pdf_engine: bool = True) -> Starlette:
    """A simulated Odoo server for one database: a `Registry` (or a series to seed a fresh one)."""
    app = Starlette(routes=_routes())
    app.state.simulator = Simulator(_backend(registry), pdf_engine=pdf_engine)
    app.add_exception_handler(404, _not_found)
    app.add_exception_handler(405, _method_not_allowed)
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    """Unknown URLs get werkzeug's 404 page, as on Odoo."""
    return pages.not_found()


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    return pages.method_not_allowed()
