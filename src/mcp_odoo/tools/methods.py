"""call_method: the (model, method) pairs of the configured allowlist, and only those.

An allowlist entry marked ``irreversible`` is confirmed by a human exactly as the packs'
irreversible tools are (`PackKit.run_irreversible`): by elicitation where the client supports it,
otherwise by a preview and a single-use confirmation token bound to the exact arguments, the Odoo
user and an expiry. Other entries run at once. (No ``from __future__ import annotations``: the SDK
reads the tool signature.)
"""

import json
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import Resolve
from mcp_types import CallToolResult
from pydantic import BaseModel, Field

from mcp_odoo.calls.confirm import Preview, PreviewFn
from mcp_odoo.calls.kit import PackKit, PackOutput, RecordLink
from mcp_odoo.calls.runner import Runtime, ToolCall, ToolOutput, run_tool
from mcp_odoo.packs.preflight import money, name_of
from mcp_odoo.policy import InvalidRequest, OdooGateway, Policy
from mcp_odoo.policy.json_text import decoded
from mcp_odoo.render import json_size
from mcp_odoo.settings import MethodRule

TOOL = "call_method"
PREVIEW_FIELDS = ("display_name", "partner_id", "amount_total", "currency_id", "state")
SHOWN_RECORDS = 10
"""Records named in a confirmation preview and linked in the answer; the others are counted."""
ARGS_EXAMPLE = '["draft"]'
KWARGS_EXAMPLE = '{"force": true}'


class MethodOutcome(BaseModel):
    """What call_method did, or (irreversible methods) whether it waits for the user's confirmation."""

    model: str
    method: str | None = Field(default=None, description="The method called")
    result: Any = Field(default=None, description="What the method returned (JSON)")
    notice: str | None = None
    status: Literal["done", "declined", "confirmation_required"] | None = Field(
        default=None,
        description="Irreversible methods only: done = Odoo did it; declined = nothing changed; "
        "confirmation_required = nothing changed yet",
    )
    id: int | None = Field(default=None, description="Irreversible methods: the (first) record acted on")
    document: str | None = Field(default=None, description="Irreversible methods: the records acted on")
    partner: str | None = None
    amount: str | None = None
    preview: str | None = Field(default=None, description="What will happen, to show to the user")
    confirmation_token: str | None = Field(default=None, description="Pass it back to confirm (single use)")
    expires_in_seconds: int | None = None


async def call_method_body(
    call: ToolCall,
    budget: int,
    *,
    model: str,
    method: str,
    ids: Sequence[int],
    args: Sequence[Any] | str,
    kwargs: Mapping[str, Any] | str,
    company_id: int | None,
) -> ToolOutput:
    call.method = method
    call.record_ids = list(ids)
    rule = call.gateway.policy.method_rule(model, method)
    await call.gateway.company_context(company_id)
    positional = decoded(args, "args", list, ARGS_EXAMPLE)
    keywords = decoded(kwargs, "kwargs", dict, KWARGS_EXAMPLE)
    result = await call.gateway.call_allowed(
        rule, list(ids) or None, positional, keywords, company_id=company_id
    )
    size = json_size(result)
    if size > budget:
        notice = (
            f"The result ({size} characters) exceeds the response budget and was left out; narrow the call."
        )
        return ToolOutput(MethodOutcome(model=model, method=method, notice=notice), notice)
    text = f"{model}.{method} on {list(ids) or 'the model'} returned: {json.dumps(result, default=str)}"
    return ToolOutput(MethodOutcome(model=model, method=method, result=result), text)


def method_preview(
    policy: Policy,
    *,
    model: str,
    method: str,
    ids: Sequence[int],
    args: Sequence[Any] | str,
    kwargs: Mapping[str, Any] | str,
) -> PreviewFn | None:
    """The pre-flight of an irreversible allowlisted call; None when the entry is not irreversible.
    The gateway it is given works in the call's company."""
    rule = policy.find_rule(model, method)
    if rule is None or not rule.irreversible:
        return None

    async def preview(gateway: OdooGateway) -> Preview:
        gateway.policy.method_rule(model, method)
        positional = decoded(args, "args", list, ARGS_EXAMPLE)
        keywords = decoded(kwargs, "kwargs", dict, KWARGS_EXAMPLE)
        unique = list(dict.fromkeys(ids))
        rows = await _preview_rows(gateway, model, unique)
        single = rows[0] if len(rows) == 1 else {}
        details = [f"Method: {model}.{method}"]
        if positional:
            details.append(f"Arguments: {json.dumps(positional, default=str)}")
        if keywords:
            details.append(f"Keyword arguments: {json.dumps(keywords, default=str)}")
        return Preview(
            action=f"Run {method}",
            model=model,
            record_id=unique[0] if unique else 0,
            record_ids=tuple(unique),
            document=_document(model, rows, len(unique)),
            partner=name_of(single.get("partner_id")),
            amount=money(single["amount_total"], single.get("currency_id"))
            if "amount_total" in single
            else None,
            details=tuple(details),
        )

    return preview


async def _preview_rows(gateway: OdooGateway, model: str, ids: list[int]) -> list[dict[str, Any]]:
    """The records the call acts on (a few useful fields); `InvalidRequest` when some are missing."""
    if not ids:
        return []
    gateway.policy.require_id_count(ids)
    known = await gateway.fields(model)
    wanted = [name for name in PREVIEW_FIELDS if name == "display_name" or name in known]
    rows = await gateway.read(model, ids, wanted)
    missing = sorted(set(ids) - {int(row["id"]) for row in rows})
    if missing:
        raise InvalidRequest(
            f"{model} record(s) {', '.join(f'#{record_id}' for record_id in missing)} do not exist "
            "or are not visible; nothing was done",
            hint="check the ids with search_records",
        )
    return rows


def _document(model: str, rows: Sequence[Mapping[str, Any]], count: int) -> str:
    if not rows:
        return f"{model} (the model itself, no record)"
    named = ", ".join(f"{row.get('display_name') or model} (#{row['id']})" for row in rows[:SHOWN_RECORDS])
    more = count - min(len(rows), SHOWN_RECORDS)
    return named + (f" and {more} more" if more > 0 else "")


def _links(shown: Preview) -> list[RecordLink]:
    return [
        RecordLink(shown.model, record_id, f"{shown.model} #{record_id}")
        for record_id in shown.touched[:SHOWN_RECORDS]
    ]


def rule_note(rule: MethodRule) -> str:
    if rule.irreversible:
        return " (changes data, irreversible)"
    return " (changes data)" if rule.writes else " (read-only)"


ARGUMENTS = ("model", "method", "ids", "args", "kwargs", "company_id")
"""call_method's arguments, in order; a confirmation token is bound to all of them."""


@dataclass
class MethodCaller:
    """Runs call_method: irreversible entries through the packs' confirmation, others directly."""

    policy: Policy
    budget: int
    kit: PackKit

    def confirmation(self) -> Resolve:
        """The marker of call_method's parameter receiving the human's answer (irreversible entries)."""
        return self.kit.confirmation(TOOL, ARGUMENTS, self.preview_for)

    def preview_for(
        self,
        model: str,
        method: str,
        ids: Sequence[int],
        args: Sequence[Any] | str,
        kwargs: Mapping[str, Any] | str,
        confirmation_token: str = "",
    ) -> PreviewFn | None:
        return method_preview(self.policy, model=model, method=method, ids=ids, args=args, kwargs=kwargs)

    async def call(
        self, ctx: Context[Runtime, Any], arguments: dict[str, Any], answer: object
    ) -> CallToolResult:
        """Run call_method with its validated `arguments` (those of `ARGUMENTS` plus the token)."""
        model, method = str(arguments["model"]), str(arguments["method"])
        ids, args, kwargs = list(arguments["ids"]), arguments["args"], arguments["kwargs"]

        def body(call: ToolCall) -> Awaitable[ToolOutput]:
            return call_method_body(
                call,
                self.budget,
                model=model,
                method=method,
                ids=ids,
                args=args,
                kwargs=kwargs,
                company_id=call.company_id,
            )

        preview = self.preview_for(model, method, ids, args, kwargs)
        if preview is None:
            rule = self.policy.find_rule(model, method)
            return await run_tool(ctx, TOOL, arguments, body, writes=rule is not None and rule.writes)

        async def act(call: ToolCall, shown: Preview) -> PackOutput:
            output = await body(call)
            data = MethodOutcome.model_validate(
                {
                    **output.data.model_dump(),
                    "status": "done",
                    "id": shown.record_id,
                    "document": shown.document,
                }
            )
            return PackOutput(
                data, f"Done: {shown.action} on {shown.document}.\n{output.text}", _links(shown)
            )

        return await self.kit.run_irreversible(ctx, TOOL, arguments, answer=answer, preview=preview, act=act)
