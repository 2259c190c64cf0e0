"""An example mcp-odoo pack: one read tool listing the activities planned on Odoo documents.

Installed next to mcp-odoo, it is found through the ``mcp_odoo.packs`` entry point (see pyproject.toml)
and its tool goes through the same policy, audit and rendering as the built-in tools.
"""

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import Field

from mcp_odoo.calls.kit import READ_ONLY, PackKit, PackOutput
from mcp_odoo.calls.runner import Runtime, ToolCall
from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.records import RecordCards, card_lines, cards

ACTIVITY = "mail.activity"
FIELDS = ("summary", "res_model", "res_id", "res_name", "date_deadline", "user_id", "state")


def register(kit: PackKit) -> None:
    @kit.tool(annotations=READ_ONLY)
    async def list_activities(
        ctx: Context[Runtime, Any],
        overdue_only: Annotated[
            bool, Field(default=False, description="Only activities past their due date")
        ],
        limit: Annotated[int, Field(default=20, ge=1, description="At most this many activities")],
    ) -> Annotated[CallToolResult, RecordCards]:
        """List planned activities (to-dos, calls, meetings) on Odoo documents, soonest due first."""

        async def body(call: ToolCall) -> PackOutput:
            call.model, call.method = ACTIVITY, "search_read"
            domain: list[Any] = [["state", "=", "overdue"]] if overdue_only else []
            found = await cards(call.gateway, ACTIVITY, domain, FIELDS, limit=kit.policy.limit(limit))
            return PackOutput(
                RecordCards(model=ACTIVITY, records=found), card_lines(f"{len(found)} activities", found)
            )

        return await kit.run(ctx, "list_activities", {"overdue_only": overdue_only, "limit": limit}, body)


PACK = Pack(
    name="activities",
    register=register,
    description="Planned activities on Odoo documents",
    requirements=(
        Requirement(ACTIVITY, ("summary", "res_model", "res_id", "date_deadline", "user_id", "state")),
    ),
)
