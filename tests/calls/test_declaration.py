"""A tool is declared one way (`Kit.tool`): the SDK sees the signature the body declares, with a Context in
place of its ToolCall, the confirmation parameters when it confirms, and its output schema."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from mcp.server import MCPServer
from pydantic import BaseModel, Field

from mcp_odoo.calls.confirm import Confirmer, Preview
from mcp_odoo.calls.idempotency import MemoryIdempotencyStore
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import IRREVERSIBLE, READS, ToolCall
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.policy.settings import PolicySettings


class Answer(BaseModel):
    count: int


def new_kit() -> Kit:
    mcp: MCPServer[Any] = MCPServer("test")
    return Kit(mcp, SurfaceSettings(), Policy(PolicySettings()), Confirmer(), MemoryIdempotencyStore())


async def tool_named(kit: Kit, name: str) -> dict[str, Any]:
    [tool] = [tool for tool in await kit.mcp.list_tools() if tool.name == name]
    return tool.model_dump(by_alias=True, exclude_none=True)


async def test_the_name_arguments_kind_and_output_come_from_the_declaration() -> None:
    kit = new_kit()

    @kit.tool(READS)
    async def count_things(
        call: ToolCall, query: Annotated[str, Field(description="What to count")], limit: int = 5
    ) -> Annotated[ToolOutput, Answer]:
        """Count things."""
        return ToolOutput(Answer(count=limit), "")

    tool = await tool_named(kit, "count_things")
    assert tool["description"] == "Count things."
    assert set(tool["inputSchema"]["properties"]) == {"query", "limit"}
    assert tool["inputSchema"]["required"] == ["query"]
    assert tool["outputSchema"]["properties"] == {"count": {"title": "Count", "type": "integer"}}
    assert tool["annotations"]["readOnlyHint"] is True
    assert kit.registered == ["count_things"]


async def test_an_irreversible_tool_with_a_preview_takes_a_confirmation_token() -> None:
    kit = new_kit()

    def preview(record: int) -> Any:
        async def build(gateway: OdooGateway) -> Preview:
            return Preview(action="Do it", model="res.partner", record_id=record, document=str(record))

        return build

    @kit.tool(IRREVERSIBLE, preview=preview)
    async def do_it(call: ToolCall, record: int) -> Annotated[ToolOutput, Answer]:
        """Do it."""
        assert call.preview is not None
        return ToolOutput(Answer(count=call.preview.record_id), "")

    tool = await tool_named(kit, "do_it")
    assert set(tool["inputSchema"]["properties"]) == {"record", "confirmation_token"}
    assert tool["annotations"]["destructiveHint"] is True


def test_a_tool_must_take_its_call_first_and_name_its_output_model() -> None:
    kit = new_kit()

    async def no_call(query: str) -> Annotated[ToolOutput, Answer]:
        raise AssertionError

    async def no_model(call: ToolCall) -> ToolOutput:
        raise AssertionError

    with pytest.raises(TypeError, match="first parameter must be `call: ToolCall`"):
        kit.tool(READS)(no_call)
    with pytest.raises(TypeError, match=r"Annotated\[ToolOutput, <output model>\]"):
        kit.tool(READS)(no_model)
