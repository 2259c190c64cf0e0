"""call_method: the (model, method) pairs of the configured allowlist, and only those.

An allowlist entry marked ``irreversible`` is confirmed by a human exactly as the packs'
irreversible tools are: by elicitation where the client supports it, otherwise by a preview and a
single-use confirmation token bound to the exact arguments, the Odoo user and an expiry. Other
entries run at once. (No ``from __future__ import annotations``: the kit reads the tool signature.)
"""

import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.bounds import IDENTIFIER_SCHEMA
from mcp_odoo.calls.confirm import Preview, PreviewFn
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import RecordLink, ToolOutput
from mcp_odoo.calls.runner import IRREVERSIBLE, READS, UPDATES, ToolCall
from mcp_odoo.policy import InvalidRequest, OdooGateway, Policy
from mcp_odoo.policy.json_text import decoded
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.render import json_size, money, name_of
from mcp_odoo.tools.arguments import ModelArg

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


def register_call_method(kit: Kit) -> None:
    """call_method, described with the allowlist it accepts (none while the server is read-only)."""
    policy = kit.policy
    budget = kit.policy.settings.max_response_chars
    rules = policy.callable_rules()
    listed = "; ".join(f"{rule.model}.{rule.method}{rule_note(rule)}" for rule in rules)
    writes = any(rule.writes for rule in rules)
    irreversible = any(rule.irreversible for rule in rules)
    confirming = (
        " Methods marked irreversible ask the user to confirm first (or return a preview with a "
        "confirmation_token; call again with it only after the user agreed)."
        if irreversible
        else ""
    )
    description = (
        "Call one of the business methods this server allows on Odoo records, e.g. confirm a sales "
        "order or post an invoice. Only these (model, method) pairs are accepted: "
        f"{listed or 'none while the server is read-only'}. "
        "Give the record ids the method acts on; args/kwargs only when the method needs them."
        f"{confirming} It cannot call private methods, change the acting user or pass a context."
    )
    annotations = ToolAnnotations(
        read_only_hint=not writes, destructive_hint=irreversible, idempotent_hint=False, open_world_hint=False
    )

    def preview(
        model: str,
        method: str,
        ids: Sequence[int],
        args: Sequence[Any] | str,
        kwargs: Mapping[str, Any] | str,
    ) -> PreviewFn | None:
        return method_preview(policy, model=model, method=method, ids=ids, args=args, kwargs=kwargs)

    def call_writes(arguments: Mapping[str, Any]) -> bool:
        rule = policy.find_rule(str(arguments["model"]), str(arguments["method"]))
        return rule is not None and rule.writes

    @kit.tool(
        IRREVERSIBLE if irreversible else UPDATES if writes else READS,
        preview=preview,
        annotations=annotations,
        description=description,
        writes=call_writes,
    )
    async def call_method(
        call: ToolCall,
        model: ModelArg,
        method: Annotated[
            str,
            Field(
                description="Method name from the allowed list, e.g. action_confirm",
                json_schema_extra=IDENTIFIER_SCHEMA,
            ),
        ],
        ids: Annotated[list[int], Field(default_factory=list, description="Records the method acts on")],
        args: Annotated[
            list[Any] | str,
            Field(default_factory=list, description="Extra positional arguments as a JSON list, if any"),
        ],
        kwargs: Annotated[
            dict[str, Any] | str,
            Field(default_factory=dict, description="Extra keyword arguments as a JSON object, if any"),
        ],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, MethodOutcome]:
        call.record_ids = list(ids)
        rule = call.gateway.policy.method_rule(model, method)
        positional = decoded(args, "args", list, ARGS_EXAMPLE)
        keywords = decoded(kwargs, "kwargs", dict, KWARGS_EXAMPLE)
        result = await call.gateway.call_allowed(rule, list(ids) or None, positional, keywords)
        size = json_size(result)
        if size > budget:
            notice = (
                f"The result ({size} characters) exceeds the response budget and was left out; "
                "narrow the call."
            )
            output = ToolOutput(MethodOutcome(model=model, method=method, notice=notice), notice)
        else:
            text = (
                f"{model}.{method} on {list(ids) or 'the model'} returned: {json.dumps(result, default=str)}"
            )
            output = ToolOutput(MethodOutcome(model=model, method=method, result=result), text)
        shown = call.preview
        if shown is None:
            return output
        data = MethodOutcome.model_validate(
            {**output.data.model_dump(), "status": "done", "id": shown.record_id, "document": shown.document}
        )
        return ToolOutput(data, f"Done: {shown.action} on {shown.document}.\n{output.text}", _links(shown))
