"""An Odoo connector that reports how long each RPC took and how it ended, for the metrics."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx2

from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.settings import OdooSettings

RpcObserver = Callable[[str, str, float], None]
"""``observe(method, outcome, seconds)``: outcome is ``ok`` or the error kind."""


class ObservedOdooClient(OdooClient):
    """`OdooClient` whose every call (all wrappers go through `call`) is timed and reported."""

    def __init__(
        self,
        settings: OdooSettings,
        *,
        observe: RpcObserver,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(settings, transport=transport)
        self._observe = observe

    async def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        context: Mapping[str, Any] | None = None,
        read_only: bool | None = None,
    ) -> Any:
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await super().call(model, method, ids, args, kwargs, context=context, read_only=read_only)
        except OdooError as exc:
            outcome = str(exc.kind)
            raise
        except BaseException:
            outcome = "internal_error"
            raise
        finally:
            self._observe(method, outcome, time.perf_counter() - started)
