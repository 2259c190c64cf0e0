"""What a call answers: a `ToolOutput` (structured data, its compact text, the records it names) or an
error in one shape (kind, message, whether a retry can help, hint), and their MCP tool results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mcp_types import CallToolResult, EmbeddedResource, ResourceLink, TextContent
from pydantic import BaseModel

from mcp_odoo.calls.uris import record_link


@dataclass(frozen=True)
class RecordLink:
    """A record an answer is about, sent as a ``resource_link`` (``odoo://<model>/<id>``)."""

    model: str
    id: int
    name: str


@dataclass
class ToolOutput:
    """A call's answer: `data` is the structured content, `text` its compact rendering."""

    data: BaseModel
    text: str
    links: list[RecordLink] = field(default_factory=list)
    completed: bool = True
    """False for previews and declined confirmations: nothing was written, nothing to replay."""
    attachments: list[EmbeddedResource | ResourceLink] = field(default_factory=list)
    """Content sent after the text (e.g. a PDF), never stored for an idempotent replay."""


INTERNAL_ERROR = {
    "kind": "internal_error",
    "message": "the server failed while handling this call; the details are in the server log",
    "retryable": False,
    "hint": "do not retry the same call; report it to the administrator if it persists",
}

ERROR_META_KEY = "mcp-odoo/error"
"""Where an isError result carries its kind, message, retry advice and hint for programs.

Not in `structuredContent`: that must match the tool's output schema, which describes success,
and strict clients (e.g. the MCP Inspector) reject an error that does not.
"""

ERROR_MESSAGE_MAX_CHARS = 2_000
"""An error repeats at most this much of its message: a huge echoed input must not blow the budget."""


def clipped_message(message: str) -> str:
    """`message` cut to `ERROR_MESSAGE_MAX_CHARS`, saying how much was left out."""
    if len(message) <= ERROR_MESSAGE_MAX_CHARS:
        return message
    return message[:ERROR_MESSAGE_MAX_CHARS] + f"… ({len(message) - ERROR_MESSAGE_MAX_CHARS} more characters)"


def link_blocks(links: Sequence[RecordLink]) -> list[ResourceLink]:
    unique = dict.fromkeys(links)
    return [record_link(link.model, link.id, link.name or f"{link.model} #{link.id}") for link in unique]


def ok_result(output: ToolOutput) -> CallToolResult:
    structured = output.data.model_dump(mode="json", exclude_none=True)
    content: list[Any] = [
        TextContent(type="text", text=output.text),
        *link_blocks(output.links),
        *output.attachments,
    ]
    return CallToolResult(content=content, structured_content=structured)


def error_result(error: Mapping[str, Any]) -> CallToolResult:
    error = {**error, "message": clipped_message(str(error["message"]))}
    retry = "a retry may help" if error["retryable"] else "do not retry as is"
    text = f"Error ({error['kind']}, {retry}): {error['message']}\nHint: {error['hint']}"
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        _meta={ERROR_META_KEY: dict(error)},
        is_error=True,
    )
