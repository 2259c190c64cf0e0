"""An example mcp-odoo pack: one read tool listing the activities planned on Odoo documents.

Installed next to mcp-odoo, it is found through the ``mcp_odoo.packs`` entry point (see pyproject.toml)
and its tool goes through the same policy, audit and rendering as the built-in tools. It imports only
from ``mcp_odoo.packs``, the API offered to packs.
(No ``from __future__ import annotations``: the kit reads the tool signatures.)
"""

from typing import Annotated, Any

from pydantic import BaseModel, Field

from mcp_odoo.packs import READS, Kit, Pack, RecordLink, Requirement, ToolCall, ToolOutput

ACTIVITY = "mail.activity"
FIELDS = ("summary", "res_model", "res_id", "res_name", "date_deadline", "user_id", "state")


class Activities(BaseModel):
    """The tool's structured answer (its output schema)."""

    model: str = ACTIVITY
    records: list[dict[str, Any]] = Field(description="The activities, soonest due first")


def _line(activity: dict[str, Any]) -> str:
    user = activity.get("user_id")
    who = f" for {user[1]}" if isinstance(user, list) else ""
    return (
        f"- {activity.get('date_deadline')} {activity.get('summary') or '(no summary)'}"
        f" on {activity.get('res_name')} ({activity.get('state')}){who}"
    )


def register(kit: Kit) -> None:
    @kit.tool(READS)
    async def list_activities(
        call: ToolCall,
        overdue_only: Annotated[
            bool, Field(default=False, description="Only activities past their due date")
        ],
        limit: Annotated[int, Field(default=20, ge=1, description="At most this many activities")],
    ) -> Annotated[ToolOutput, Activities]:
        """List planned activities (to-dos, calls, meetings) on Odoo documents, soonest due first."""
        gateway = call.gateway
        domain: list[Any] = [["state", "=", "overdue"]] if overdue_only else []
        found = await gateway.search_read(
            ACTIVITY, domain, FIELDS, limit=gateway.policy.limit(limit), order="date_deadline, id"
        )
        documents = [
            RecordLink(activity["res_model"], activity["res_id"], str(activity.get("res_name") or ""))
            for activity in found
            if activity.get("res_model") and activity.get("res_id")
        ]
        text = "\n".join([f"{len(found)} activities", *(_line(activity) for activity in found)])
        return ToolOutput(Activities(records=found), text, documents)


PACK = Pack(
    name="activities",
    register=register,
    description="Planned activities on Odoo documents",
    requirements=(Requirement(ACTIVITY, FIELDS),),
)
