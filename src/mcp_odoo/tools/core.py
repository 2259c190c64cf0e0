"""The generic ORM tools: list_models, describe_model, search/read/count/aggregate records,
create_record and update_record (only with writes enabled) and call_method (only with an allowlist).

Each tool is a thin MCP wrapper (argument schema, description, annotations) around a body that
works through the policy gateway; `run_tool` turns the body's outcome into the MCP result and
audits it. Tool names are a public contract. (No ``from __future__ import annotations`` here: the
SDK reads the tool signatures at registration, and some argument types are built from the settings.)
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any, Literal, TypeVar

from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp_types import CallToolResult, ResourceLink, ToolAnnotations
from pydantic import BaseModel, Field

from mcp_odoo.calls.bounds import IDENTIFIER_SCHEMA, ORDER_MAX_CHARS, QUERY_MAX_CHARS
from mcp_odoo.calls.confirm import TOKEN_ARGUMENT, GuardFn
from mcp_odoo.calls.kit import (
    ConfirmationAnswer,
    ConfirmationTokenArg,
    PackKit,
    WorkflowResult,
)
from mcp_odoo.calls.runner import CompanyArg, Runtime, ToolCall, ToolOutput, run_tool
from mcp_odoo.calls.schema import publish_plain_input_schemas
from mcp_odoo.calls.uris import record_link
from mcp_odoo.icons import RECORDS, icons_for
from mcp_odoo.policy import FieldMeta, InvalidRequest, OdooGateway, Policy, ValuesChecker, summary_fields
from mcp_odoo.policy.domain import validate_domain
from mcp_odoo.render import (
    compact_record,
    compact_value,
    fit_budget,
    lines,
    record_line,
    text_value,
)
from mcp_odoo.tools.methods import MethodCaller, MethodOutcome, rule_note
from mcp_odoo.tools.updates import update_guard

# ---------------------------------------------------------------- arguments

ModelArg = Annotated[
    str,
    Field(
        description="Technical model name, e.g. res.partner, sale.order, account.move (see list_models)",
        json_schema_extra=IDENTIFIER_SCHEMA,
    ),
]
DomainArg = Annotated[
    list[Any] | str,
    Field(
        default_factory=list,
        description="Odoo domain as JSON: a list of [field, operator, value] conditions, e.g. "
        '[["state", "=", "sale"], ["partner_id.name", "ilike", "azure"]]. '
        'Conditions are ANDed; put "|" before two conditions for OR. '
        "Operators: = != < > <= >= like ilike not ilike in not in child_of any. Empty = all records.",
    ),
]
FieldsArg = Annotated[
    list[Annotated[str, Field(json_schema_extra=IDENTIFIER_SCHEMA)]],
    Field(
        default_factory=list,
        description="Field names to return; empty = a small default set of the most useful fields. "
        "Ask only for what you need: every field costs tokens.",
    ),
]
IdsArg = Annotated[list[int], Field(description="Record ids, e.g. [7, 12]", min_length=1)]
ValuesArg = Annotated[
    dict[str, Any] | str,
    Field(
        description='Field values as a JSON object, e.g. {"name": "Acme", "partner_id": "Azure Interior", '
        '"date_order": "2026-11-24"}. '
        "many2one: id or exact name; many2many: list of ids or names (replaces the set); "
        "one2many: list of objects, each a new line; dates YYYY-MM-DD; datetimes ISO 8601 (UTC)."
    ),
]

READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)

# ---------------------------------------------------------------- output models


class ModelEntry(BaseModel):
    model: str = Field(description="Technical name")
    label: str = Field(description="Label shown in Odoo")


class ModelList(BaseModel):
    models: list[ModelEntry] = Field(description="Readable models matching the query")
    total: int = Field(description="How many readable models match the query")
    next_offset: int | None = Field(default=None, description="Pass as offset to see more")


class ModelDescription(BaseModel):
    model: str
    label: str | None = None
    fields: list[FieldMeta] = Field(description="Field metadata (sensitive fields are never listed)")
    notice: str | None = Field(default=None, description="Present when the list was shortened")


class RecordPage(BaseModel):
    model: str
    records: list[dict[str, Any]] = Field(
        description="Records; empty values are left out; many2one as {id, name}"
    )
    total: int = Field(description="How many records match the domain")
    offset: int
    next_offset: int | None = Field(default=None, description="Pass as offset to get the next page")
    notice: str | None = Field(default=None, description="Present when the answer was shortened")


class RecordList(BaseModel):
    model: str
    records: list[dict[str, Any]]
    missing_ids: list[int] | None = Field(
        default=None, description="Ids that do not exist or are not visible"
    )
    notice: str | None = None


class RecordCount(BaseModel):
    model: str
    count: int


class GroupTotals(BaseModel):
    model: str
    groups: list[dict[str, Any]] = Field(
        description="One entry per group: group values, aggregates and count"
    )
    notice: str | None = None


class WriteOutcome(BaseModel):
    model: str
    ids: list[int] = Field(description="Ids created or updated")
    display_name: str | None = Field(default=None, description="Name of the created record")
    status: Literal["declined", "confirmation_required"] | None = Field(
        default=None,
        description="An update waiting for the user's confirmation, or declined: nothing changed",
    )
    preview: str | None = Field(default=None, description="What the update will do, to show to the user")
    confirmation_token: str | None = Field(default=None, description="Pass it back to confirm (single use)")


# ---------------------------------------------------------------- helpers


_ORDER_TERM = re.compile(r"^\s*([a-z_][a-z0-9_]*)(\s+(asc|desc))?\s*$", re.IGNORECASE)


async def _checked_order(gateway: OdooGateway, model: str, order: str) -> str | None:
    """`order` if every term is ``field [asc|desc]`` on a known field; None when empty."""
    if not order.strip():
        return None
    fields = await gateway.fields(model)
    for term in order.split(","):
        match = _ORDER_TERM.match(term)
        if match is None or (match[1] not in fields and match[1] != "id"):
            raise InvalidRequest(
                f"invalid order {order!r}: {term.strip()!r} is not 'field asc' or 'field desc' on {model}",
                hint='example: "date_order desc, id desc"',
            )
    return order.strip()


async def _fields_to_read(gateway: OdooGateway, model: str, asked: Sequence[str]) -> list[str]:
    if asked:
        return await gateway.check_fields(model, asked)
    return summary_fields(await gateway.fields(model))


def _compact_all(
    records: Sequence[Mapping[str, Any]], fields: Mapping[str, FieldMeta]
) -> list[dict[str, Any]]:
    return [compact_record(record, fields) for record in records]


def _page_text(records: Sequence[Mapping[str, Any]], header: str, notice: str | None) -> str:
    body = [header, *(record_line(record) for record in records)]
    if notice:
        body.append(notice)
    return lines(body)


def _record_links(model: str, records: Sequence[Mapping[str, Any]]) -> list[ResourceLink]:
    """A resource link per record returned (the page, already bounded by limit and budget)."""
    links = []
    for record in records:
        record_id, name = record.get("id"), record.get("display_name") or record.get("name")
        if isinstance(record_id, int):
            links.append(
                record_link(model, record_id, name if isinstance(name, str) else f"{model} #{record_id}")
            )
    return links


def _links_to(data: BaseModel) -> list[ResourceLink]:
    """Links to the record a read answer holds when it holds one (a page of several is sent once, as
    text and structured content), or to the records a write names."""
    if isinstance(data, RecordPage | RecordList):
        return _record_links(data.model, data.records) if len(data.records) == 1 else []
    if isinstance(data, WriteOutcome):
        name = data.display_name if len(data.ids) == 1 else None
        return [
            record_link(data.model, record_id, name or f"{data.model} #{record_id}") for record_id in data.ids
        ]
    return []


async def _run_linked(
    ctx: Context[Runtime, Any],
    tool: str,
    arguments: dict[str, Any],
    body: Callable[[ToolCall], Awaitable[ToolOutput]],
    *,
    writes: bool = False,
) -> CallToolResult:
    """`run_tool`, plus a ``resource_link`` (``odoo://<model>/<id>``) to each record returned or written."""
    links: list[ResourceLink] = []

    async def linked(call: ToolCall) -> ToolOutput:
        output = await body(call)
        links.extend(_links_to(output.data))
        return output

    result = await run_tool(ctx, tool, arguments, linked, writes=writes)
    if not result.is_error:
        result.content.extend(links)
    return result


# ---------------------------------------------------------------- bodies


async def list_models_body(call: ToolCall, query: str, limit: int, offset: int) -> ToolOutput:
    call.model, call.method = "ir.model", "get_available_models"
    matches = await call.gateway.model_labels(query)
    found = [ModelEntry(model=model, label=label) for model, label in matches[offset : offset + limit]]
    next_offset = offset + limit if offset + limit < len(matches) else None
    data = ModelList(models=found, total=len(matches), next_offset=next_offset)
    more = f" (more with offset={next_offset})" if next_offset is not None else ""
    matching = f" matching {query!r}" if query else ""
    header = f"{len(found)} of {len(matches)} readable model(s){matching}{more}:"
    return ToolOutput(data, lines([header, *(f"{entry.model}: {entry.label}" for entry in found)]))


async def describe_model_body(call: ToolCall, budget: int, model: str, fields: Sequence[str]) -> ToolOutput:
    call.method = "fields_get"
    known = await call.gateway.fields(model)
    chosen = await call.gateway.check_fields(model, fields) if fields else list(known)
    fitted = fit_budget(
        [known[name].model_dump(exclude_none=True) for name in chosen if name in known], budget
    )
    metas = [known[entry["name"]] for entry in fitted.records]
    notice = None
    if fitted.dropped:
        notice = f"{fitted.dropped} more field(s) left out to fit the response budget; ask for them by name."
    label = await call.gateway.model_label(model)
    text = [f"{model}{f' ({label})' if label else ''}: {len(metas)} field(s)"]
    text.extend(_field_line(meta) for meta in metas)
    if notice:
        text.append(notice)
    data = ModelDescription(model=model, label=label, fields=metas, notice=notice)
    return ToolOutput(data, lines(text))


def _field_line(meta: FieldMeta) -> str:
    flags = [flag for flag, on in (("required", meta.required), ("readonly", meta.readonly)) if on]
    kind = f"{meta.type} -> {meta.relation}" if meta.relation else meta.type
    line = f"{meta.name} ({kind}{', ' + ', '.join(flags) if flags else ''}): {meta.label}"
    if meta.selection:
        line += " [" + ", ".join(meta.selection) + "]"
    if meta.help:
        line += f" — {meta.help}"
    return line


async def search_records_body(
    call: ToolCall,
    budget: int,
    *,
    model: str,
    domain: Sequence[Any],
    fields: Sequence[str],
    limit: int,
    offset: int,
    order: str,
    company_id: int | None,
) -> ToolOutput:
    call.method = "web_search_read"
    gateway = call.gateway
    await gateway.company_context(company_id)
    checked_domain = await validate_domain(model, domain, gateway.fields)
    names = await _fields_to_read(gateway, model, fields)
    sort = await _checked_order(gateway, model, order)
    await call.progress(0, 1, "searching")
    rows, total = await gateway.search_page(
        model, checked_domain, names, limit=limit, offset=offset, order=sort, company_id=company_id
    )
    await call.progress(1, 1, "done")
    fitted = fit_budget(_compact_all(rows, await gateway.fields(model)), budget)
    call.record_ids = [record["id"] for record in fitted.records]
    end = offset + len(fitted.records)
    next_offset = end if end < total else None
    notice = fitted.notice(total, next_offset)
    data = RecordPage(
        model=model,
        records=fitted.records,
        total=total,
        offset=offset,
        next_offset=next_offset,
        notice=notice,
    )
    more = f"; next offset {next_offset}" if next_offset is not None else ""
    header = f"{model}: {len(fitted.records)} of {total} record(s) from offset {offset}{more}"
    return ToolOutput(data, _page_text(fitted.records, header, notice))


async def read_records_body(
    call: ToolCall,
    budget: int,
    *,
    model: str,
    ids: Sequence[int],
    fields: Sequence[str],
    company_id: int | None,
) -> ToolOutput:
    call.method = "read"
    gateway = call.gateway
    await gateway.company_context(company_id)
    gateway.policy.require_id_count(ids)
    names = await _fields_to_read(gateway, model, fields)
    rows = await gateway.read(model, list(dict.fromkeys(ids)), names, company_id=company_id)
    fitted = fit_budget(_compact_all(rows, await gateway.fields(model)), budget)
    call.record_ids = [record["id"] for record in fitted.records]
    found = {row["id"] for row in rows}
    missing = [record_id for record_id in ids if record_id not in found] or None
    notice = fitted.notice()
    header = f"{model}: {len(fitted.records)} record(s)"
    if missing:
        header += f"; not found or not visible: {', '.join(map(str, missing))}"
    data = RecordList(model=model, records=fitted.records, missing_ids=missing, notice=notice)
    return ToolOutput(data, _page_text(fitted.records, header, notice))


async def count_records_body(
    call: ToolCall, *, model: str, domain: Sequence[Any], company_id: int | None
) -> ToolOutput:
    call.method = "search_count"
    await call.gateway.company_context(company_id)
    checked_domain = await validate_domain(model, domain, call.gateway.fields)
    count = await call.gateway.search_count(model, checked_domain, company_id=company_id)
    return ToolOutput(RecordCount(model=model, count=count), f"{model}: {count} record(s) match")


GRANULARITIES = frozenset({"day", "week", "month", "quarter", "year"})
AGGREGATE_FUNCTIONS = frozenset(
    {"sum", "avg", "min", "max", "count", "count_distinct", "bool_and", "bool_or"}
)
NUMERIC_TYPES = frozenset({"integer", "float", "monetary"})
COUNT = "__count"
_GROUP_ORDER = re.compile(r"^\s*([a-z_][a-z0-9_]*(:[a-z_]+)?)(\s+(asc|desc))?\s*$", re.IGNORECASE)


async def _checked_group_by(gateway: OdooGateway, model: str, specs: Sequence[str]) -> list[str]:
    fields = await gateway.fields(model)
    for spec in specs:
        name, _, granularity = spec.partition(":")
        meta = fields.get(name)
        if meta is None or not meta.stored:
            raise InvalidRequest(
                f"cannot group {model} by {spec!r}: {'not a stored field' if meta else 'no such field'}",
                hint='group by stored fields, e.g. ["partner_id", "date_order:month"]',
            )
        if granularity and (meta.type not in ("date", "datetime") or granularity not in GRANULARITIES):
            raise InvalidRequest(
                f"invalid grouping {spec!r}: ':{granularity}' applies to date fields only",
                hint=f'date granularities: {", ".join(sorted(GRANULARITIES))}, e.g. "date_order:month"',
            )
    gateway.policy.require_readable_fields(model, [spec.partition(":")[0] for spec in specs])
    return list(specs)


async def _checked_aggregates(gateway: OdooGateway, model: str, specs: Sequence[str]) -> list[str]:
    fields = await gateway.fields(model)
    for spec in specs:
        if spec == COUNT:
            continue
        name, _, function = spec.partition(":")
        meta = fields.get(name)
        numeric_needed = function in ("sum", "avg")
        if (
            meta is None
            or function not in AGGREGATE_FUNCTIONS
            or (numeric_needed and meta.type not in NUMERIC_TYPES)
        ):
            raise InvalidRequest(
                f"invalid aggregate {spec!r} on {model}",
                hint='write "field:function" with function one of '
                f'{", ".join(sorted(AGGREGATE_FUNCTIONS))} (sum/avg on numbers), e.g. "amount_total:sum"',
            )
    gateway.policy.require_readable_fields(model, [spec.partition(":")[0] for spec in specs if spec != COUNT])
    return [spec for spec in specs if spec != COUNT]


def _checked_group_order(order: str, allowed: Sequence[str]) -> str | None:
    if not order.strip():
        return None
    for term in order.split(","):
        match = _GROUP_ORDER.match(term)
        if match is None or match[1] not in (*allowed, COUNT):
            raise InvalidRequest(
                f"invalid order {order!r}: sort by a group_by or aggregate spec, or __count",
                hint='example: "amount_total:sum desc"',
            )
    return order.strip()


def _compact_group(
    group: Mapping[str, Any], group_by: Sequence[str], fields: Mapping[str, FieldMeta]
) -> dict[str, Any]:
    """Group values as in records (many2one as {id, name}, a date period by its label), totals as they are."""
    compact: dict[str, Any] = {}
    for spec in group_by:
        value = group.get(spec)
        if ":" in spec:
            compact[spec] = value[1] if isinstance(value, list) and len(value) == 2 else value or None
        else:
            compact[spec] = compact_value(fields.get(spec), value)
    compact.update(
        {spec: value for spec, value in group.items() if spec not in compact and not spec.startswith("__")}
    )
    compact["count"] = group.get(COUNT, 0)
    return compact


async def aggregate_records_body(
    call: ToolCall,
    budget: int,
    *,
    model: str,
    domain: Sequence[Any],
    group_by: Sequence[str],
    aggregates: Sequence[str],
    order: str,
    limit: int,
    company_id: int | None,
) -> ToolOutput:
    call.method = "read_group"
    gateway = call.gateway
    await gateway.company_context(company_id)
    checked_domain = await validate_domain(model, domain, gateway.fields)
    groups_spec = await _checked_group_by(gateway, model, group_by)
    totals_spec = await _checked_aggregates(gateway, model, aggregates)
    sort = _checked_group_order(order, [*groups_spec, *totals_spec])
    rows = await gateway.read_group(
        model, checked_domain, groups_spec, totals_spec, limit=limit, order=sort, company_id=company_id
    )
    fields = await gateway.fields(model)
    fitted = fit_budget([_compact_group(row, groups_spec, fields) for row in rows], budget)
    notice = fitted.notice()
    if notice is None and len(rows) == limit:
        notice = (
            f"Only the first {limit} groups are shown; raise limit or filter the domain to see the others."
        )
    header = (
        f"{model}: {len(fitted.records)} group(s) by {', '.join(groups_spec) or 'nothing (overall totals)'}"
    )
    body = [header, *(_group_line(group) for group in fitted.records)]
    if notice:
        body.append(notice)
    return ToolOutput(GroupTotals(model=model, groups=fitted.records, notice=notice), lines(body))


def _group_line(group: Mapping[str, Any]) -> str:
    return " | ".join(
        f"{spec}: {'(none)' if value is None else text_value(value)}" for spec, value in group.items()
    )


async def create_record_body(
    call: ToolCall,
    checker: ValuesChecker,
    *,
    model: str,
    values: Mapping[str, Any] | str,
    company_id: int | None,
) -> ToolOutput:
    call.method = "create"
    await call.gateway.company_context(company_id)
    prepared = await checker.prepare(model, values, creating=True)
    new_id = await call.gateway.create(model, prepared, company_id=company_id)
    call.record_ids = [new_id]
    named = await call.gateway.read(model, [new_id], ["display_name"], company_id=company_id)
    name = str(named[0].get("display_name") or "") if named else ""
    data = WriteOutcome(model=model, ids=[new_id], display_name=name or None)
    return ToolOutput(data, f"Created {model} {f'{name} (#{new_id})' if name else f'#{new_id}'}")


UpdateCheck = Callable[[ToolCall, dict[str, Any]], Awaitable[ToolOutput | None]]
"""Given the checked values of an update: None to write them now, else the answer to give instead."""


async def update_record_body(
    call: ToolCall,
    checker: ValuesChecker,
    *,
    model: str,
    ids: Sequence[int],
    values: Mapping[str, Any] | str,
    confirm: UpdateCheck,
) -> ToolOutput:
    call.method = "write"
    prepared = await checker.prepare(model, values, creating=False)
    unique = list(dict.fromkeys(ids))
    call.record_ids = unique
    waiting = await confirm(call, prepared)
    if waiting is not None:
        return waiting
    await call.gateway.write(model, unique, prepared)
    changed = ", ".join(prepared)
    return ToolOutput(
        WriteOutcome(model=model, ids=unique),
        f"Updated {changed} on {model} {', '.join(f'#{i}' for i in unique)}",
    )


def _unconfirmed_update(model: str, stopped: ToolOutput) -> ToolOutput:
    """An update that waits for the user's confirmation (or was declined): nothing was written."""
    flow = stopped.data
    assert isinstance(flow, WorkflowResult)
    status: Literal["declined", "confirmation_required"] = (
        "declined" if flow.status == "declined" else "confirmation_required"
    )
    data = WriteOutcome(
        model=model,
        ids=[],
        status=status,
        preview=flow.preview,
        confirmation_token=flow.confirmation_token,
    )
    return ToolOutput(data, stopped.text)


def _values_checker(gateway: OdooGateway) -> ValuesChecker:
    return ValuesChecker(
        gateway.policy, gateway.fields, gateway.find_by_name, gateway.names_like, gateway.defaults
    )


# ---------------------------------------------------------------- registration

ToolFunction = TypeVar("ToolFunction", bound=Callable[..., Awaitable[CallToolResult]])


def _tool(
    mcp: MCPServer[Runtime], annotations: ToolAnnotations, description: str | None = None
) -> Callable[[ToolFunction], ToolFunction]:
    """Register a tool whose description is its docstring (or `description`) without indentation."""

    def register(function: ToolFunction) -> ToolFunction:
        text = inspect.cleandoc(description or function.__doc__ or "")
        mcp.add_tool(function, description=text, annotations=annotations, icons=icons_for(RECORDS))
        return function

    return register


def register_core_tools(mcp: MCPServer[Runtime], policy: Policy, kit: PackKit) -> None:
    """Register the generic tools the configuration allows (write tools only with writes enabled);
    call_method confirms through `kit`, the one the packs use (one spent-token store per server)."""
    publish_plain_input_schemas(mcp)
    settings = policy.settings
    budget = settings.max_response_chars
    limit_text = f"default {settings.default_limit}, at most {settings.max_limit}"
    LimitArg = Annotated[
        int, Field(default=settings.default_limit, ge=1, description=f"Records per page ({limit_text})")
    ]
    OffsetArg = Annotated[
        int, Field(default=0, ge=0, description="Records to skip (from next_offset of a previous page)")
    ]

    @_tool(mcp, READ_ONLY)
    async def list_models(
        ctx: Context[Runtime, Any],
        query: Annotated[
            str,
            Field(
                default="",
                max_length=QUERY_MAX_CHARS,
                description="Substring of the technical name or label, e.g. 'invoice'; empty = all",
            ),
        ],
        limit: LimitArg,
        offset: OffsetArg,
    ) -> Annotated[CallToolResult, ModelList]:
        """List the Odoo models (record types) this user can read, with their labels.

        Use it to find the technical name of a model before searching it, e.g. query "sales order"
        finds sale.order. Security and configuration models are never listed. Does not return
        records or fields: use describe_model for fields and search_records for records.
        """
        arguments = {"query": query, "limit": limit, "offset": offset}
        return await run_tool(
            ctx,
            "list_models",
            arguments,
            lambda call: list_models_body(call, query, policy.limit(limit), offset),
        )

    @_tool(mcp, READ_ONLY)
    async def describe_model(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        fields: Annotated[
            list[str], Field(default_factory=list, description="Only these fields; empty = every field")
        ],
    ) -> Annotated[CallToolResult, ModelDescription]:
        """Describe the fields of an Odoo model: name, label, type, required, readonly, related model,
        selection values and short help.

        Use it before searching with unfamiliar fields or before creating/updating records. Does not
        return records. Credentials and tokens are never listed.
        """
        arguments = {"model": model, "fields": fields}
        return await run_tool(
            ctx, "describe_model", arguments, lambda call: describe_model_body(call, budget, model, fields)
        )

    @_tool(mcp, READ_ONLY)
    async def search_records(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        domain: DomainArg,
        fields: FieldsArg,
        limit: LimitArg,
        offset: OffsetArg,
        order: Annotated[
            str,
            Field(
                default="",
                max_length=ORDER_MAX_CHARS,
                description='Sort order, e.g. "date_order desc, id desc"; empty = model default',
            ),
        ],
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordPage]:
        """Search records of an Odoo model and return one page of them with the total count.

        Returns the matching records (only the fields asked for, or a small default set), the
        number of matches and the offset of the next page. many2one values come as
        {"id", "name"} ("Name (#id)" in text); empty values are left out. Use count_records
        when you only need a number and aggregate_records for totals per group. Does not change
        anything.
        """
        arguments = {
            "model": model,
            "domain": domain,
            "fields": fields,
            "limit": limit,
            "offset": offset,
            "order": order,
            "company_id": company_id,
        }
        return await _run_linked(
            ctx,
            "search_records",
            arguments,
            lambda call: search_records_body(
                call,
                budget,
                model=model,
                domain=domain,
                fields=fields,
                limit=policy.limit(limit),
                offset=offset,
                order=order,
                company_id=call.company_id,
            ),
        )

    @_tool(mcp, READ_ONLY)
    async def read_records(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        ids: IdsArg,
        fields: FieldsArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordList]:
        """Read records of an Odoo model by id.

        Returns the fields asked for (or a small default set); ids that do not exist or are not
        visible to this user are listed in missing_ids. Use search_records when you do not know
        the ids. Does not change anything.
        """
        arguments = {"model": model, "ids": ids, "fields": fields, "company_id": company_id}
        return await _run_linked(
            ctx,
            "read_records",
            arguments,
            lambda call: read_records_body(
                call, budget, model=model, ids=ids, fields=fields, company_id=call.company_id
            ),
        )

    @_tool(mcp, READ_ONLY)
    async def count_records(
        ctx: Context[Runtime, Any], model: ModelArg, domain: DomainArg, company_id: CompanyArg
    ) -> Annotated[CallToolResult, RecordCount]:
        """Count the records of an Odoo model that match a domain, without returning them.

        Use it for "how many" questions, or before paging through a large result with
        search_records. Does not change anything.
        """
        arguments = {"model": model, "domain": domain, "company_id": company_id}
        return await run_tool(
            ctx,
            "count_records",
            arguments,
            lambda call: count_records_body(call, model=model, domain=domain, company_id=call.company_id),
        )

    @_tool(mcp, READ_ONLY)
    async def aggregate_records(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        domain: DomainArg,
        group_by: Annotated[
            list[str],
            Field(
                default_factory=list,
                description='Fields to group by, e.g. ["partner_id"] or ["date_order:month", "state"] '
                "(date fields take :day, :week, :month, :quarter or :year); empty = one overall total",
            ),
        ],
        aggregates: Annotated[
            list[str],
            Field(
                default_factory=list,
                description='Totals per group as "field:function", e.g. ["amount_total:sum"]; '
                "functions: sum, avg, min, max, count, count_distinct. The record count is always included.",
            ),
        ],
        order: Annotated[
            str,
            Field(
                default="",
                max_length=ORDER_MAX_CHARS,
                description='Sort groups, e.g. "amount_total:sum desc"; empty = by group',
            ),
        ],
        limit: LimitArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, GroupTotals]:
        """Compute grouped totals (sums, averages, counts ...) over the records matching a domain.

        Prefer it to fetching records and adding them up: e.g. revenue per customer, orders per
        month, invoices per state. Each group lists its group_by values, the aggregates asked for
        and its record count. Does not return the records themselves and does not change anything.
        """
        arguments = {
            "model": model,
            "domain": domain,
            "group_by": group_by,
            "aggregates": aggregates,
            "order": order,
            "limit": limit,
            "company_id": company_id,
        }
        return await run_tool(
            ctx,
            "aggregate_records",
            arguments,
            lambda call: aggregate_records_body(
                call,
                budget,
                model=model,
                domain=domain,
                group_by=group_by,
                aggregates=aggregates,
                order=order,
                limit=policy.limit(limit),
                company_id=call.company_id,
            ),
        )

    if policy.allow_writes:
        _register_write_tools(mcp, kit)
    if settings.methods:
        _register_call_method(mcp, policy, budget, kit)


def _register_write_tools(mcp: MCPServer[Runtime], kit: PackKit) -> None:
    def update_preview(
        model: str,
        ids: Sequence[int],
        values: Mapping[str, Any] | str,
        confirmation_token: str = "",
    ) -> GuardFn:
        return lambda gateway: update_guard(gateway, model, ids, values)

    @_tool(
        mcp,
        ToolAnnotations(
            read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
        ),
    )
    async def create_record(
        ctx: Context[Runtime, Any], model: ModelArg, values: ValuesArg, company_id: CompanyArg
    ) -> Annotated[CallToolResult, WriteOutcome]:
        """Create one record in Odoo and return its id and name.

        Values are checked first: unknown, read-only or sensitive fields, wrong types, invalid
        selection values and missing required fields are reported without calling Odoo. A
        many2one may be given by exact name; an ambiguous name is reported with the candidates.
        Calling it twice creates two records. Use describe_model to see the fields.
        """
        arguments = {"model": model, "values": values, "company_id": company_id}
        return await _run_linked(
            ctx,
            "create_record",
            arguments,
            lambda call: create_record_body(
                call,
                _values_checker(call.gateway),
                model=model,
                values=values,
                company_id=call.company_id,
            ),
            writes=True,
        )

    @_tool(
        mcp,
        ToolAnnotations(
            read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
        ),
    )
    async def update_record(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        ids: IdsArg,
        values: ValuesArg,
        company_id: CompanyArg,
        answer: Annotated[
            ConfirmationAnswer,
            kit.confirmation("update_record", ["model", "ids", "values", "company_id"], update_preview),
        ],
        confirmation_token: ConfirmationTokenArg,
    ) -> Annotated[CallToolResult, WriteOutcome]:
        """Set field values on existing records (the same values on every id).

        Values are checked as in create_record. Previous values are overwritten and not kept;
        many2many values replace the whole set; one2many objects add new lines. Changing a posted,
        confirmed or done document, archiving (active false) or setting a state by hand asks the user
        to confirm first. Does not delete records and cannot change access rights.
        """
        arguments = {
            "model": model,
            "ids": ids,
            "values": values,
            "company_id": company_id,
            TOKEN_ARGUMENT: confirmation_token,
        }

        async def confirm(call: ToolCall, prepared: dict[str, Any]) -> ToolOutput | None:
            shown = await update_guard(call.gateway, model, ids, prepared)
            stopped = (
                None if shown is None else await kit.confirm(call, "update_record", arguments, answer, shown)
            )
            return None if stopped is None else _unconfirmed_update(model, stopped)

        return await _run_linked(
            ctx,
            "update_record",
            arguments,
            lambda call: update_record_body(
                call, _values_checker(call.gateway), model=model, ids=ids, values=values, confirm=confirm
            ),
            writes=True,
        )


def _register_call_method(mcp: MCPServer[Runtime], policy: Policy, budget: int, kit: PackKit) -> None:
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
    caller = MethodCaller(policy, budget, kit)

    @_tool(
        mcp,
        ToolAnnotations(
            read_only_hint=not writes,
            destructive_hint=irreversible,
            idempotent_hint=False,
            open_world_hint=False,
        ),
        description,
    )
    async def call_method(
        ctx: Context[Runtime, Any],
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
        answer: Annotated[ConfirmationAnswer, caller.confirmation()],
        confirmation_token: ConfirmationTokenArg,
    ) -> Annotated[CallToolResult, MethodOutcome]:
        arguments = {
            "model": model,
            "method": method,
            "ids": ids,
            "args": args,
            "kwargs": kwargs,
            "company_id": company_id,
            TOKEN_ARGUMENT: confirmation_token,
        }
        return await caller.call(ctx, arguments, answer)
