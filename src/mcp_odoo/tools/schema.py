"""Plain tool input schemas: the JSON Schema subset every major MCP client and model provider accepts.

Pydantic publishes what the arguments' types say: ``$ref``/``$defs`` for nested models,
``anyOf [T, null]`` for ``T | None`` and ``anyOf [integer, string]`` for a record given by id or
by name. Some clients reject those keywords (a whole tool list at once), so every tool's input
schema is published through `plain_input_schema`:

* ``$ref`` is replaced by the definition it points to, and ``$defs`` is dropped;
* ``anyOf``/``oneOf`` (and a one-element ``allOf``) becomes one of its branches: the ``null``
  branch is dropped (the argument is then optional only through its default), a string branch
  is preferred (a record id can always be sent as a string, e.g. ``"42"``), else the first;
* ``default: null`` is dropped (it would contradict the published type).

Publishing one branch of a union only ever narrows what a client is told it may send, so the
published schema never claims something the argument validation (which keeps the full types)
then refuses. The arguments are still validated against the full types. The schemas are
rewritten where they are published (``tools/list``), by a server middleware, so the tools of
every pack (built-in, third-party, declarative) get the same treatment with nothing to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

UNION_KEYS = ("anyOf", "oneOf")
SCALAR_NOTES = {
    "integer": 'An id may be given as a number or as a string, e.g. 42 or "42".',
    "number": 'A number may be given as a string too, e.g. "12.5".',
}
UNRESOLVED = {"type": "object"}
"""What a reference to a definition that is being inlined already (a recursive model) becomes."""


def plain_input_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """`schema` (a tool's input schema) without references, definitions or unions."""
    definitions: Mapping[str, Any] = schema.get("$defs", {})
    plain = _plain(schema, definitions, ())
    plain.pop("$defs", None)
    return plain


def _plain(
    node: Mapping[str, Any], definitions: Mapping[str, Any], inlining: tuple[str, ...]
) -> dict[str, Any]:
    node = dict(node)
    reference = node.pop("$ref", None)
    if isinstance(reference, str):
        name = reference.rsplit("/", 1)[-1]
        target = (
            UNRESOLVED
            if name in inlining
            else _plain(definitions.get(name, UNRESOLVED), definitions, (*inlining, name))
        )
        node = {**target, **node}
    node = _without_union(node)
    if node.get("default", ...) is None:
        del node["default"]
    return {
        key: _plain_value(key, value, definitions, inlining) for key, value in node.items() if key != "$defs"
    }


def _plain_value(key: str, value: Any, definitions: Mapping[str, Any], inlining: tuple[str, ...]) -> Any:
    if key == "properties" and isinstance(value, Mapping):
        return {name: _plain(sub, definitions, inlining) for name, sub in value.items()}
    if key in ("items", "additionalProperties") and isinstance(value, Mapping):
        return _plain(value, definitions, inlining)
    if key == "prefixItems" and isinstance(value, list):
        return [_plain(sub, definitions, inlining) for sub in value]
    return value


def _without_union(node: dict[str, Any]) -> dict[str, Any]:
    """`node` with its union replaced by the branch published in its place (outer keys kept)."""
    for key in (*UNION_KEYS, "allOf"):
        branches = node.get(key)
        if not isinstance(branches, list) or (key == "allOf" and len(branches) != 1):
            continue
        del node[key]
        node.pop("discriminator", None)
        chosen, others = _published_branch([branch for branch in branches if branch.get("type") != "null"])
        merged = {**chosen, **node}
        notes = [SCALAR_NOTES[kind] for kind in others if kind in SCALAR_NOTES]
        if notes and chosen.get("type") == "string":
            merged["description"] = _sentences(str(merged.get("description", "")), *notes)
        return _without_union(merged)
    return node


def _sentences(*parts: str) -> str:
    kept = [part.strip() for part in parts if part.strip()]
    return " ".join(part if part[-1] in ".!?" else f"{part}." for part in kept)


def _published_branch(branches: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The branch to publish, and the scalar types of the others (worth a note in the description)."""
    if not branches:
        return {}, []
    strings = [branch for branch in branches if branch.get("type") == "string" and "enum" not in branch]
    chosen = strings[0] if strings else branches[0]
    others = [str(branch.get("type")) for branch in branches if branch is not chosen]
    return chosen, others


class PlainInputSchemas:
    """Server middleware: every tool listed in ``tools/list`` has its input schema made plain."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        result = await call_next(ctx)
        if ctx.method != "tools/list" or not isinstance(result, dict):
            return result
        tools = result.get("tools")
        if isinstance(tools, list):
            result["tools"] = [_with_plain_input(tool) for tool in tools]
        return result


def _with_plain_input(tool: Any) -> Any:
    if not isinstance(tool, dict) or not isinstance(tool.get("inputSchema"), Mapping):
        return tool
    return {**tool, "inputSchema": plain_input_schema(tool["inputSchema"])}


def publish_plain_input_schemas(mcp: MCPServer[Any]) -> None:
    """Make `mcp` publish plain input schemas for all its tools (once, however often it is called)."""
    if not any(isinstance(middleware, PlainInputSchemas) for middleware in mcp.middleware):
        mcp.middleware.append(PlainInputSchemas())
