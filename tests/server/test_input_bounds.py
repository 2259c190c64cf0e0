"""Everything a caller types is bounded before it reaches Odoo, and no answer repeats a whole input.

Identifiers (model, method, field names) fail as bad_arguments past `IDENTIFIER_MAX_CHARS`; free text
has a published maxLength per argument, and no string anywhere in a call may exceed `TEXT_MAX_CHARS`.
"""

from __future__ import annotations

from typing import Any

import pytest
from mcp_types import Tool

from mcp_odoo.calls.bounds import QUERY_MAX_CHARS, TEXT_MAX_CHARS
from mcp_odoo.policy.rules import IDENTIFIER_MAX_CHARS
from mcp_odoo.settings import MethodRule
from sessions import SessionFactory
from tool_results import error_of, text_of

MEGABYTE = 1_048_576
NAME_REPEATED = 200
"""An error may repeat a few dozen characters of a rejected input, never hundreds."""
ALLOWLIST = [MethodRule(model="res.partner", method="name_search", writes=False)]


def answer_size(result: Any) -> int:
    return sum(len(block.text) for block in result.content if block.type == "text")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("count_records", {"model": "a" * (IDENTIFIER_MAX_CHARS + 1)}),
        ("describe_model", {"model": "res.partner" + "x" * 3 * MEGABYTE}),
        ("search_records", {"model": "res.partner", "fields": ["n" * (IDENTIFIER_MAX_CHARS + 1)]}),
        ("call_method", {"model": "res.partner", "method": "m" * (IDENTIFIER_MAX_CHARS + 1)}),
    ],
    ids=["model", "3 MB model", "field", "method"],
)
async def test_an_overlong_identifier_is_bad_arguments_before_odoo(
    mcp_session: SessionFactory, tool: str, arguments: dict[str, Any]
) -> None:
    async with mcp_session(methods=ALLOWLIST) as session:
        session.simulator.calls.reset()
        result = await session.client.call_tool(tool, arguments)
        sent = session.simulator.calls.snapshot()
    error = error_of(result)
    assert error["kind"] == "bad_arguments"
    assert len(error["message"]) < NAME_REPEATED
    assert [key for key in sent if key.model != "res.partner" or key.method != "fields_get"] == []


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("find_partners", {"query": "C" * MEGABYTE}),
        ("search_records", {"model": "res.partner", "domain": [["name", "ilike", "C" * 2 * MEGABYTE]]}),
        ("list_models", {"query": "C" * MEGABYTE}),
        ("get_invoice", {"invoice": "I" * MEGABYTE}),
    ],
    ids=["find_partners", "domain value", "list_models", "reference"],
)
async def test_a_megabyte_of_text_is_refused_in_a_short_answer_before_odoo(
    mcp_session: SessionFactory, tool: str, arguments: dict[str, Any]
) -> None:
    async with mcp_session() as session:
        session.simulator.calls.reset()
        result = await session.client.call_tool(tool, arguments)
        sent = session.simulator.calls.snapshot()
    assert error_of(result)["kind"] == "bad_arguments"
    assert f"at most {TEXT_MAX_CHARS}" in text_of(result)
    assert answer_size(result) < 1_000
    assert sent == {}


async def test_a_search_text_beyond_its_own_bound_never_reaches_odoo(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        session.simulator.calls.reset()
        result = await session.call("find_partners", query="C" * (QUERY_MAX_CHARS + 1))
        sent = session.simulator.calls.snapshot()
    assert result.is_error
    assert answer_size(result) < 2_000
    assert sent == {}


async def test_an_answer_repeats_a_clipped_query(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("find_partners", query="Zz" * (QUERY_MAX_CHARS // 2))
    assert not result.is_error
    assert "Zz" * (QUERY_MAX_CHARS // 2) not in text_of(result)


def string_properties(tool: Tool) -> dict[str, dict[str, Any]]:
    """Every string-typed property of the tool's input schema, and the items of string arrays."""
    found: dict[str, dict[str, Any]] = {}
    for name, node in tool.input_schema.get("properties", {}).items():
        if node.get("type") == "string":
            found[name] = node
        items = node.get("items", {})
        if node.get("type") == "array" and items.get("type") == "string":
            found[f"{name}[]"] = items
    return found


@pytest.mark.parametrize("writes", [False, True], ids=["read-only", "writes"])
async def test_every_string_argument_of_every_tool_publishes_a_max_length(
    mcp_session: SessionFactory, writes: bool
) -> None:
    async with mcp_session(allow_writes=writes, methods=ALLOWLIST) as session:
        tools = (await session.client.list_tools()).tools
    unbounded = [
        f"{tool.name}.{name}"
        for tool in tools
        for name, node in string_properties(tool).items()
        if not 0 < node.get("maxLength", 0) <= TEXT_MAX_CHARS and not is_enumerated(node)
    ]
    assert unbounded == []


def is_enumerated(node: dict[str, Any]) -> bool:
    """A string that must be one of a few listed values: bounded by the longest of them."""
    values = node.get("enum") or []
    return bool(values) and all(isinstance(value, str) and len(value) <= 100 for value in values)


async def test_names_and_queries_publish_their_own_bounds(mcp_session: SessionFactory) -> None:
    async with mcp_session(methods=ALLOWLIST) as session:
        tools = {tool.name: tool for tool in (await session.client.list_tools()).tools}
    assert string_properties(tools["find_partners"])["query"]["maxLength"] == QUERY_MAX_CHARS
    assert string_properties(tools["list_models"])["query"]["maxLength"] == QUERY_MAX_CHARS
    assert string_properties(tools["search_records"])["model"]["maxLength"] == IDENTIFIER_MAX_CHARS
    assert string_properties(tools["search_records"])["fields[]"]["maxLength"] == IDENTIFIER_MAX_CHARS
    assert string_properties(tools["call_method"])["method"]["maxLength"] == IDENTIFIER_MAX_CHARS
