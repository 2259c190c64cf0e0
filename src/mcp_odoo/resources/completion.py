"""Argument completion for resource templates and prompts, behind the SDK's single handler.

The SDK accepts one completion handler per server, while resources and prompts are registered
separately; each registers its providers here, keyed by reference and argument name, and the
router installed on the server dispatches to them. Providers query Odoo through the gateway
of the request being served, so completion never shows what the policy hides.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from mcp.server import MCPServer
from mcp_types import (
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    ResourceTemplateReference,
)

from mcp_odoo.calls.runtime import current_runtime, publish_runtime
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import OdooGateway, PolicyError

logger = logging.getLogger("mcp_odoo.resources")

MAX_VALUES = 100
COMPLETION_SIZE = 10
"""Records offered when completing a record argument (by a part of its name)."""

Provider = Callable[[OdooGateway, str, Mapping[str, str]], Awaitable[list[str]]]
"""(gateway, partial value, arguments already given) -> suggested values."""


class CompletionRouter:
    def __init__(self) -> None:
        self._providers: dict[tuple[str, str, str], Provider] = {}

    def add(self, kind: str, name: str, argument: str, provider: Provider) -> None:
        """`kind` is ``prompt`` (name = prompt name) or ``resource`` (name = URI template)."""
        self._providers[(kind, name, argument)] = provider

    async def complete(
        self,
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion | None:
        key = (
            ("prompt", ref.name, argument.name)
            if isinstance(ref, PromptReference)
            else ("resource", ref.uri, argument.name)
        )
        provider = self._providers.get(key)
        if provider is None:
            return None
        given = dict(context.arguments or {}) if context is not None else {}
        try:
            values = await provider(current_runtime().gateway, argument.value, given)
        except (PolicyError, OdooError) as exc:
            logger.info("no completion for %s: %s", argument.name, exc)
            values = []
        return Completion(values=values[:MAX_VALUES], total=len(values), has_more=len(values) > MAX_VALUES)


_routers: WeakKeyDictionary[MCPServer[Any], CompletionRouter] = WeakKeyDictionary()


def completions(mcp: MCPServer[Any]) -> CompletionRouter:
    """The router of `mcp`, installed as its completion handler on first use."""
    router = _routers.get(mcp)
    if router is None:
        router = _routers[mcp] = CompletionRouter()
        publish_runtime(mcp)
        mcp.completion()(router.complete)  # type: ignore[no-untyped-call]
    return router


async def model_names(gateway: OdooGateway, value: str, _: Mapping[str, str]) -> list[str]:
    """Exposed models whose technical name starts with `value` (then those merely containing it)."""
    models = [model for model, _label in await gateway.model_labels(value)]
    return sorted(models, key=lambda model: (not model.startswith(value), model))


def record_names(model: str) -> Provider:
    """Names of `model` records matching the partial value (for prompt arguments)."""

    async def provide(gateway: OdooGateway, value: str, _: Mapping[str, str]) -> list[str]:
        return [name for _id, name in await gateway.names_like(model, value, COMPLETION_SIZE)]

    return provide


async def record_ids(gateway: OdooGateway, value: str, given: Mapping[str, str]) -> list[str]:
    """Ids of records of the chosen ``model`` argument: by id prefix, else by name."""
    model = given.get("model")
    if not model:
        return []
    if value.isdigit():
        rows = await gateway.search_read(model, [], ["id"], limit=MAX_VALUES, order="id")
        return [str(row["id"]) for row in rows if str(row["id"]).startswith(value)]
    return [str(record_id) for record_id, _name in await gateway.names_like(model, value, COMPLETION_SIZE)]
