"""Plain tool input schemas: the JSON Schema subset every major MCP client and model provider accepts.

Pydantic publishes what the arguments' types say: ``$ref``/``$defs`` for nested models,
``anyOf [T, null]`` for ``T | None`` and ``anyOf [integer, string]`` for a record given by id or
by name. Some clients reject those keywords (a whole tool list at once), so every tool's input
schema is published through `plain_input_schema`:

* ``$ref`` is replaced by the definition it points to, and ``$defs`` is dropped;
* ``anyOf``/``oneOf`` (and a one-element ``allOf``) becomes one of its branches: the ``null``
  branch is dropped (the argument is then optional only through its default), a string branch
  is preferred (a record id can always be sent as a string, e.g. ``"42"``), else the first;
* ``default: null`` is dropped (it would contradict the published type), and so are the empty defaults
  ``""`` and ``[]`` (an argument left out is empty: saying so costs bytes and tells nothing).

Publishing one branch of a union only ever narrows what a client is told it may send, so the
published schema never claims something the argument validation (which keeps the full types)
then refuses. The arguments are still validated against the full types. The schemas are
rewritten where they are published (``tools/list``), by a server middleware, so the tools of
every pack (built-in, third-party, declarative) get the same treatment with nothing to do.

The same middleware keeps the list small and readable by every client (`published_tool`): schema
``title`` keywords (a repeat of the property names) and output schemas (a repeat of what the answer's
text and structured content say) are left out, descriptions lose their source indentation and hard line
breaks, and a tool without a title gets one made from its name (``get_crm_pipeline`` -> "Get CRM
pipeline"). Free-form arguments are published as JSON text (see `mcp_odoo.policy.json_text`).
"""

from __future__ import annotations

import difflib
import inspect
import json
from collections.abc import Mapping, Sequence
from typing import Any

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

from mcp_odoo.calls.results import error_result
from mcp_odoo.echo import echo
from mcp_odoo.policy import InvalidRequest

UNION_KEYS = ("anyOf", "oneOf")
SCALAR_NOTES = {
    "integer": 'Ids as text, e.g. "42".',
    "number": 'Numbers as text, e.g. "12.5".',
}
DROPPED_KEYWORDS = frozenset({"$defs", "title"})
"""Schema keywords never published: definitions are inlined, titles repeat the property names."""
ACRONYMS = {"crm": "CRM", "pdf": "PDF", "id": "ID", "ids": "IDs"}
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
    if node.get("default", ...) in (None, "", []):
        del node["default"]
    return {
        key: _plain_value(key, value, definitions, inlining)
        for key, value in node.items()
        if key not in DROPPED_KEYWORDS
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


def tool_title(name: str) -> str:
    """A title made from a tool name: ``get_crm_pipeline`` -> "Get CRM pipeline"."""
    words = [ACRONYMS.get(word, word) for word in name.split("_") if word]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def tool_description(text: str) -> str:
    """`text` without source indentation, each paragraph on one line (list items keep theirs)."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(_unwrapped(paragraph) for paragraph in paragraphs if paragraph.strip())


def _unwrapped(paragraph: str) -> str:
    rows: list[str] = []
    for line in paragraph.splitlines():
        line = line.strip()
        if rows and not line.startswith(("- ", "* ")):
            rows[-1] += f" {line}"
        else:
            rows.append(line)
    return "\n".join(rows)


def published_tool(tool: Mapping[str, Any]) -> dict[str, Any]:
    """A tool as ``tools/list`` publishes it: plain input schema, no output schema, clean description,
    a title."""
    published = {key: value for key, value in tool.items() if key != "outputSchema"}
    if isinstance(tool.get("inputSchema"), Mapping):
        published["inputSchema"] = plain_input_schema(tool["inputSchema"])
    if isinstance(tool.get("description"), str):
        published["description"] = tool_description(tool["description"])
    if not published.get("title") and isinstance(tool.get("name"), str):
        published["title"] = tool_title(tool["name"])
    return published


def listed_bytes(tools: Sequence[Mapping[str, Any]]) -> int:
    """The size of a ``tools/list`` answer holding `tools` (as sent: JSON, no spaces), without the
    icons: clients draw those and never give them to the model."""
    listed = [{key: value for key, value in tool.items() if key != "icons"} for tool in tools]
    return len(json.dumps({"tools": listed}, separators=(",", ":"), ensure_ascii=False).encode())


class PlainInputSchemas:
    """Server middleware: every tool listed in ``tools/list`` is published by `published_tool`."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        result = await call_next(ctx)
        if ctx.method != "tools/list" or not isinstance(result, dict):
            return result
        tools = result.get("tools")
        if isinstance(tools, list):
            result["tools"] = [published_tool(tool) if isinstance(tool, dict) else tool for tool in tools]
        return result


class KnownArguments:
    """Server middleware: a tool call with an argument its tool does not have is refused, naming it (and
    the argument meant, when one is close), instead of the argument being silently dropped."""

    def __init__(self, mcp: MCPServer[Any]) -> None:
        self._mcp = mcp
        self._known: dict[str, list[str]] = {}

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        params = ctx.params or {}
        arguments = params.get("arguments")
        if ctx.method == "tools/call" and isinstance(arguments, Mapping):
            tool = str(params.get("name"))
            known = await self._arguments_of(tool)
            unknown = [str(name) for name in arguments if known is not None and name not in known]
            if known is not None and unknown:
                return error_result(_unknown_arguments(tool, unknown, known).to_dict())
        return await call_next(ctx)

    async def _arguments_of(self, tool: str) -> list[str] | None:
        if tool not in self._known:
            for listed in await self._mcp.list_tools():
                self._known[listed.name] = list(listed.input_schema.get("properties", {}))
        return self._known.get(tool)


def _unknown_arguments(tool: str, unknown: Sequence[str], known: Sequence[str]) -> InvalidRequest:
    meant = [
        f"{name} (did you mean {close[0]}?)" if close else name for name, close in _closest(unknown, known)
    ]
    return InvalidRequest(
        f"{tool} has no argument {', '.join(meant)}: nothing was done",
        hint=f"{tool} takes: {', '.join(known) or 'no arguments'}",
    )


def _closest(names: Sequence[str], known: Sequence[str]) -> list[tuple[str, list[str]]]:
    return [(echo(name), difflib.get_close_matches(name, known, n=1, cutoff=0.6)) for name in names]


def publish_plain_input_schemas(mcp: MCPServer[Any]) -> None:
    """Make `mcp` publish plain input schemas for all its tools and refuse arguments they do not have
    (once, however often it is called)."""
    if not any(isinstance(middleware, PlainInputSchemas) for middleware in mcp.middleware):
        mcp.middleware.append(PlainInputSchemas())
        mcp.middleware.append(KnownArguments(mcp))
