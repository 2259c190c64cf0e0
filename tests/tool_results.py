"""Reading an MCP tool result in a test: its text, its structured content, its error, its links."""

from __future__ import annotations

from typing import Any

from mcp_types import CallToolResult

from mcp_odoo.calls.results import ERROR_META_KEY


def text_of(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


def structured(result: CallToolResult) -> dict[str, Any]:
    """The structured content of a successful result."""
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None, text_of(result)
    content: dict[str, Any] = result.structured_content
    return content


def error_of(result: CallToolResult) -> dict[str, Any]:
    """The error of an isError result (kind, message, retryable, hint), which claims no structured content."""
    assert result.is_error, text_of(result)
    assert result.structured_content is None, "an error must not claim the success output schema"
    assert result.meta is not None, text_of(result)
    error: dict[str, Any] = dict(result.meta[ERROR_META_KEY])
    return error
