"""create_record and update_record, declared only when the server allows writes. Values are checked
before anything reaches Odoo; an update of a locked document, an archive or a state set by hand is
confirmed by the user first (see `mcp_odoo.tools.updates`).
(No ``from __future__ import annotations``: the kit reads the tool signatures.)
"""

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.confirm import GuardFn
from mcp_odoo.calls.kit import Kit, not_done
from mcp_odoo.calls.results import RecordLink, ToolOutput
from mcp_odoo.calls.runner import CREATES, UPDATES, ToolCall
from mcp_odoo.tools.arguments import IdsArg, ModelArg, ValuesArg
from mcp_odoo.tools.outputs import WriteOutcome
from mcp_odoo.tools.updates import update_guard


def _unconfirmed_update(model: str, stopped: ToolOutput) -> ToolOutput:
    """An update that waits for the user's confirmation (or was declined): nothing was written."""
    status, flow = not_done(stopped)
    data = WriteOutcome(
        model=model,
        ids=[],
        status=status,
        preview=flow.preview,
        confirmation_token=flow.confirmation_token,
    )
    return ToolOutput(data, stopped.text, completed=False)


def update_preview(model: str, ids: Sequence[int], values: Mapping[str, Any] | str) -> GuardFn:
    return lambda gateway: update_guard(gateway, model, ids, values)


def register_write_tools(kit: Kit) -> None:
    @kit.tool(CREATES)
    async def create_record(
        call: ToolCall, model: ModelArg, values: ValuesArg, company_id: CompanyArg
    ) -> Annotated[ToolOutput, WriteOutcome]:
        """Create one record in Odoo and return its id and name.

        Values are checked first: unknown, read-only or sensitive fields, wrong types, invalid
        selection values and missing required fields are reported without calling Odoo. A
        many2one may be given by exact name; an ambiguous name is reported with the candidates.
        Calling it twice creates two records. Use describe_model to see the fields.
        """
        gateway = call.gateway
        prepared = await gateway.values_checker().prepare(model, values, creating=True)
        new_id = await gateway.create(model, prepared)
        call.record_ids = [new_id]
        named = await gateway.read(model, [new_id], ["display_name"])
        name = str(named[0].get("display_name") or "") if named else ""
        data = WriteOutcome(model=model, ids=[new_id], display_name=name or None)
        return ToolOutput(
            data,
            f"Created {model} {f'{name} (#{new_id})' if name else f'#{new_id}'}",
            [RecordLink(model, new_id, name or f"{model} #{new_id}")],
        )

    @kit.tool(UPDATES, preview=update_preview)
    async def update_record(
        call: ToolCall, model: ModelArg, ids: IdsArg, values: ValuesArg, company_id: CompanyArg
    ) -> Annotated[ToolOutput, WriteOutcome]:
        """Set field values on existing records (the same values on every id).

        Values are checked as in create_record. Previous values are overwritten and not kept;
        many2many values replace the whole set; one2many objects add new lines. Changing a posted,
        confirmed or done document, archiving (active false) or setting a state by hand asks the user
        to confirm first. Does not delete records and cannot change access rights.
        """
        gateway = call.gateway
        prepared = await gateway.values_checker().prepare(model, values, creating=False)
        unique = list(dict.fromkeys(ids))
        call.record_ids = unique
        shown = await update_guard(gateway, model, ids, prepared)
        stopped = None if shown is None else await call.confirm(shown)
        if stopped is not None:
            return _unconfirmed_update(model, stopped)
        await gateway.write(model, unique, prepared)
        return ToolOutput(
            WriteOutcome(model=model, ids=unique),
            f"Updated {', '.join(prepared)} on {model} {', '.join(f'#{i}' for i in unique)}",
            [RecordLink(model, record_id, f"{model} #{record_id}") for record_id in unique],
        )
