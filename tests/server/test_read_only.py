"""Read-only is proven: with writes off, every write path is tried and Odoo records zero writes."""

from __future__ import annotations

from typing import Any

import pytest

from mcp_odoo.settings import MethodRule
from sessions import SessionFactory
from tool_results import error_of, text_of

CONFIRM = MethodRule(model="sale.order", method="action_confirm", writes=True)
PORTAL_URL = MethodRule(model="sale.order", method="get_portal_url", writes=False)

HOSTILE_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("call_method", {"model": "sale.order", "method": "action_confirm", "ids": [1]}),
    ("call_method", {"model": "sale.order", "method": "write", "ids": [1], "args": [{"note": "x"}]}),
    ("call_method", {"model": "sale.order", "method": "unlink", "ids": [1]}),
    ("call_method", {"model": "sale.order", "method": "_action_confirm", "ids": [1]}),
    ("call_method", {"model": "sale.order", "method": "sudo"}),
    ("call_method", {"model": "res.partner", "method": "create", "args": [{"name": "Intruder"}]}),
    (
        "call_method",
        {"model": "sale.order", "method": "get_portal_url", "ids": [1], "kwargs": {"context": {}}},
    ),
    ("create_record", {"model": "res.partner", "values": {"name": "Intruder"}}),
    ("update_record", {"model": "res.partner", "ids": [15], "values": {"name": "Hacked"}}),
    ("search_records", {"model": "ir.config_parameter"}),
    ("search_records", {"model": "res.users", "fields": ["password"]}),
    ("search_records", {"model": "res.partner", "domain": [["signup_token", "!=", False]]}),
    ("read_records", {"model": "res.users.apikeys", "ids": [1]}),
]


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_write_tools_are_absent_when_read_only(mcp_session: SessionFactory, series: str) -> None:
    async with mcp_session(series=series, methods=[CONFIRM, PORTAL_URL]) as session:
        names = {tool.name for tool in (await session.client.list_tools()).tools}
    assert not names & {"create_record", "update_record"}
    assert "call_method" in names


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_every_write_path_is_refused_and_odoo_records_zero_writes(
    mcp_session: SessionFactory, series: str
) -> None:
    async with mcp_session(series=series, methods=[CONFIRM, PORTAL_URL]) as session:
        session.simulator.calls.reset()
        for tool, arguments in HOSTILE_CALLS:
            result = await session.client.call_tool(tool, arguments)
            assert result.is_error, f"{tool} {arguments}: {text_of(result)}"
        assert session.simulator.calls.writes == 0
        assert session.simulator.calls.count(method="action_confirm") == 0
        assert session.simulator.calls.count(method="write") == 0
        assert session.simulator.calls.count(method="create") == 0


async def test_a_writing_allowlisted_method_is_refused_before_any_request(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session(methods=[CONFIRM]) as session:
        session.simulator.calls.reset()
        error = error_of(
            await session.call("call_method", model="sale.order", method="action_confirm", ids=[1])
        )
        assert session.simulator.calls.total == 0
    assert error["kind"] == "refused"
    assert "read-only" in error["message"]


async def test_a_read_only_allowlisted_method_runs_when_read_only(mcp_session: SessionFactory) -> None:
    async with mcp_session(methods=[PORTAL_URL]) as session:
        result = await session.call("call_method", model="sale.order", method="get_portal_url", ids=[1])
        assert session.simulator.calls.writes == 0
    assert not result.is_error, text_of(result)


async def test_call_method_lists_only_the_callable_methods(mcp_session: SessionFactory) -> None:
    async with mcp_session(methods=[CONFIRM, PORTAL_URL]) as session:
        tool = next(tool for tool in (await session.client.list_tools()).tools if tool.name == "call_method")
    assert tool.description is not None
    assert "sale.order.get_portal_url" in tool.description
    assert "action_confirm" not in tool.description


async def test_call_method_is_absent_without_an_allowlist(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        names = {tool.name for tool in (await session.client.list_tools()).tools}
    assert "call_method" not in names
