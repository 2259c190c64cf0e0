"""Length caps on everything a caller sends, checked before any tool, prompt or resource runs.

Every string a caller sends is bounded, for every tool (built-in, third-party pack, declarative):

* a tool's string argument publishes a ``maxLength``: its own when the tool declares one (queries,
  orders, names ...), else `TEXT_MAX_CHARS`, the bound of free text such as a note;
* no string anywhere in a tool's arguments (nested in values, domains, args and kwargs, object keys
  included) may exceed `TEXT_MAX_CHARS`: such a call is answered as a ``bad_arguments`` error naming
  the argument, before the tool runs (so before anything is sent to Odoo);
* a prompt argument is bounded by `TEXT_MAX_CHARS` and a resource URI by `URI_MAX_CHARS`: an
  ``Invalid params`` error.

Model, method and field names have their own, shorter bound (``IDENTIFIER_MAX_CHARS``, in the policy).
The schemas are completed where they are published (``tools/list``) and the checks made by one server
middleware, so that a tool nobody remembered to bound is bounded all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from mcp_odoo.calls.results import error_result
from mcp_odoo.echo import echo
from mcp_odoo.policy import InvalidRequest
from mcp_odoo.policy.rules import IDENTIFIER_MAX_CHARS

logger = logging.getLogger("mcp_odoo.tools")

TEXT_MAX_CHARS = 20_000
"""Longest string accepted anywhere in a call: a long note or description, never a whole document."""
QUERY_MAX_CHARS = 200
"""Longest search text (a name, a reference, part of an email ...)."""
ORDER_MAX_CHARS = 500
"""Longest sort order (a few ``field desc`` terms)."""
URI_MAX_CHARS = 1_000
"""Longest resource URI (``odoo://{model}/{id}/document`` is far shorter)."""
TOKEN_MAX_CHARS = 200
"""Longest confirmation token or idempotency key (a token is about 100 characters)."""
IDENTIFIER_SCHEMA: dict[str, Any] = {"maxLength": IDENTIFIER_MAX_CHARS}
"""What a model, method or field name argument publishes; the policy enforces it (a ``bad_arguments``
error naming the bound, rather than a validation error)."""


def too_long(value: Any, path: str = "") -> tuple[str, int] | None:
    """The first string (or object key) in `value` longer than `TEXT_MAX_CHARS`: (where, length)."""
    for where, text in _strings(value, path):
        if len(text) > TEXT_MAX_CHARS:
            return where, len(text)
    return None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield (path or "arguments"), key
            yield from _strings(item, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _refusal(where: str, length: int) -> str:
    return (
        f"argument {echo(where)} is {length} characters long; at most {TEXT_MAX_CHARS} are accepted "
        "in any text"
    )


def bounded_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A tool's input schema where every string property without a ``maxLength`` or an ``enum`` (which bounds
    it already) gets `TEXT_MAX_CHARS`."""
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return dict(schema)
    return {**schema, "properties": {name: _bounded(node) for name, node in properties.items()}}


def _bounded(node: Any) -> Any:
    if not isinstance(node, Mapping):
        return node
    bounded = dict(node)
    kind = bounded.get("type")
    textual = kind == "string" or (isinstance(kind, list) and "string" in kind)
    if textual and "maxLength" not in bounded and "enum" not in bounded:
        bounded["maxLength"] = TEXT_MAX_CHARS
    for key in ("items", "additionalProperties"):
        if isinstance(bounded.get(key), Mapping):
            bounded[key] = _bounded(bounded[key])
    for key in ("anyOf", "oneOf"):
        if isinstance(bounded.get(key), list):
            bounded[key] = [_bounded(branch) for branch in bounded[key]]
    return bounded


class ArgumentBounds:
    """Server middleware: publishes the bounds (``tools/list``) and refuses what exceeds them."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        params = ctx.params or {}
        if ctx.method == "tools/call":
            found = too_long(params.get("arguments") or {})
            if found is not None:
                logger.info("%s refused before it ran: %s is %d characters long", params.get("name"), *found)
                hint = "send a shorter text; search with a few words, not a whole document"
                return error_result(InvalidRequest(_refusal(*found), hint=hint).to_dict())
        elif ctx.method == "prompts/get":
            found = too_long(params.get("arguments") or {})
            if found is not None:
                raise MCPError(code=INVALID_PARAMS, message=_refusal(*found))
        elif ctx.method == "resources/read":
            uri = str(params.get("uri", ""))
            if len(uri) > URI_MAX_CHARS:
                message = f"resource URI {echo(uri)} is {len(uri)} characters long; at most {URI_MAX_CHARS}"
                raise MCPError(code=INVALID_PARAMS, message=message)
        result = await call_next(ctx)
        if ctx.method == "tools/list" and isinstance(result, dict) and isinstance(result.get("tools"), list):
            result["tools"] = [_with_bounds(tool) for tool in result["tools"]]
        return result


def _with_bounds(tool: Any) -> Any:
    if not isinstance(tool, dict) or not isinstance(tool.get("inputSchema"), Mapping):
        return tool
    return {**tool, "inputSchema": bounded_schema(tool["inputSchema"])}


def bound_arguments(mcp: MCPServer[Any]) -> None:
    """Make `mcp` publish and enforce the argument bounds (once, however often it is called)."""
    if not any(isinstance(middleware, ArgumentBounds) for middleware in mcp.middleware):
        mcp.middleware.append(ArgumentBounds())
