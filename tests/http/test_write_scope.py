"""Which tool a JSON-RPC body calls, as the write-scope guard reads it."""

from __future__ import annotations

import json

from mcp_odoo.http.write_scope import called_tool


def test_a_tool_call_names_its_tool() -> None:
    body = json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "create_record"}}
    )
    assert called_tool(body.encode()) == "create_record"


def test_other_methods_call_no_tool() -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert called_tool(body.encode()) is None


def test_a_body_that_is_not_json_calls_no_tool() -> None:
    assert called_tool(b"\xff not json") is None


def test_a_tool_call_without_a_string_name_calls_no_tool() -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": 3}})
    assert called_tool(body.encode()) is None
