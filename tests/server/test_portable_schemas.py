"""Every tool's input schema is accepted by the strictest mainstream clients, and tools/list stays small.

The rules (Gemini, OpenAI strict mode and the MCP Inspector each refuse a whole tool list over one of them):
no empty string in an enum (absent or null means "any"), every array declares typed `items`, no object
open to any property (`additionalProperties` other than false: free-form values travel as JSON text), no
union, reference or type list, and no description promising a number where the schema says string.
Checked on the read-only and the writing server, with every default pack and `call_method`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp_types import Tool

from mcp_odoo.calls.schema import listed_bytes
from mcp_odoo.settings import MethodRule
from sessions import SessionFactory

METHODS = [
    MethodRule(model="sale.order", method="action_confirm", writes=True, irreversible=True),
    MethodRule(model="res.partner", method="name_search", writes=False),
]
FORBIDDEN_KEYS = ("anyOf", "oneOf", "allOf", "$ref", "$defs", "not", "if", "patternProperties", "title")
READ_ONLY_BUDGET = 20_000
WRITING_BUDGET = 40_000


async def listed(
    mcp_session: SessionFactory, *, writes: bool, methods: list[MethodRule] | None = None
) -> list[Tool]:
    async with mcp_session(allow_writes=writes, methods=methods or []) as session:
        return (await session.client.list_tools()).tools


def nodes(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node of `schema` with its path (properties by name, items as [])."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for name, sub in (schema.get("properties") or {}).items():
        yield from nodes(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from nodes(schema["items"], f"{where}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from nodes(schema["additionalProperties"], f"{where}{{}}")


def problems(tool: Tool) -> list[str]:
    found = []
    for where, node in nodes(tool.input_schema, tool.name):
        found += [f"{where}: {key}" for key in FORBIDDEN_KEYS if key in node]
        if not isinstance(node.get("type"), str):
            found.append(f"{where}: type {node.get('type')!r} is not one type name")
        if "" in node.get("enum", []):
            found.append(f"{where}: empty string in enum")
        if node.get("type") == "array" and not isinstance((node.get("items") or {}).get("type"), str):
            found.append(f"{where}: array without typed items")
        if node.get("type") == "object" and node.get("additionalProperties", False) is not False:
            found.append(f"{where}: open object (additionalProperties)")
        described = str(node.get("description", "")).lower()
        if node.get("type") == "string" and ("as a number" in described or "a number or" in described):
            found.append(f"{where}: typed string, described as a number")
    description = tool.description or ""
    if any(line != line.strip() for line in description.splitlines()):
        found.append(f"{tool.name}: description keeps its source indentation")
    if not tool.title:
        found.append(f"{tool.name}: no title")
    return found


@pytest.mark.parametrize("writes", [False, True], ids=["read-only", "writes"])
async def test_every_tool_schema_is_portable(mcp_session: SessionFactory, writes: bool) -> None:
    tools = await listed(mcp_session, writes=writes, methods=METHODS)
    assert {"search_records", "find_partners", "get_stock_levels", "call_method"} <= {t.name for t in tools}
    assert [problem for tool in tools for problem in problems(tool)] == []


def test_the_rules_catch_what_strict_clients_refuse() -> None:
    tool = Tool(
        name="bad",
        description="A tool.\n    indented",
        input_schema={
            "type": "object",
            "properties": {
                "state": {"type": "string", "enum": ["", "draft"]},
                "domain": {"type": "array", "items": {}},
                "values": {"type": "object", "additionalProperties": True},
                "order": {"type": "string", "description": "Order id, a number or a string"},
                "either": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            },
        },
    )
    assert len(problems(tool)) == 9


async def test_tools_list_fits_its_byte_budgets(mcp_session: SessionFactory) -> None:
    """The default servers (every default pack, no call_method), measured as sent, without the icons
    (clients draw them; the model never reads them). bench/payload.py prints the same figures."""
    read_only = await listed(mcp_session, writes=False)
    writing = await listed(mcp_session, writes=True)
    sizes = [
        listed_bytes([tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools])
        for tools in (read_only, writing)
    ]
    assert sizes[0] <= READ_ONLY_BUDGET, sizes
    assert sizes[1] <= WRITING_BUDGET, sizes
