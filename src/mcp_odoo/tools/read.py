"""The generic read tools: list_models, describe_model, search_records, read_records, count_records.
(No ``from __future__ import annotations``: the kit reads the tool signatures, some built from settings.)
"""

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.bounds import QUERY_MAX_CHARS
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import RecordLink, ToolOutput
from mcp_odoo.calls.runner import READS, ToolCall
from mcp_odoo.policy import FieldMeta, OdooGateway, summary_fields
from mcp_odoo.policy.domain import checked_order
from mcp_odoo.render import compact_record, fit_budget, lines, record_line
from mcp_odoo.tools.arguments import (
    DomainArg,
    FieldsArg,
    IdsArg,
    ModelArg,
    OffsetArg,
    SameDomainArg,
    limit_field,
    order_field,
)
from mcp_odoo.tools.outputs import (
    ModelDescription,
    ModelEntry,
    ModelList,
    RecordCount,
    RecordList,
    RecordPage,
)


async def _fields_to_read(gateway: OdooGateway, model: str, asked: Sequence[str]) -> list[str]:
    if asked:
        return await gateway.check_fields(model, asked)
    return summary_fields(await gateway.fields(model))


def compact_all(
    records: Sequence[Mapping[str, Any]], fields: Mapping[str, FieldMeta]
) -> list[dict[str, Any]]:
    return [compact_record(record, fields) for record in records]


def _page_text(records: Sequence[Mapping[str, Any]], header: str, notice: str | None) -> str:
    body = [header, *(record_line(record) for record in records)]
    if notice:
        body.append(notice)
    return lines(body)


def _link_to_single(model: str, records: Sequence[Mapping[str, Any]]) -> list[RecordLink]:
    """A link to the record an answer holds when it holds one (a page of several is sent once, as text
    and structured content)."""
    if len(records) != 1:
        return []
    record_id, name = records[0].get("id"), records[0].get("display_name") or records[0].get("name")
    if not isinstance(record_id, int):
        return []
    return [RecordLink(model, record_id, name if isinstance(name, str) else f"{model} #{record_id}")]


def _field_line(meta: FieldMeta) -> str:
    flags = [flag for flag, on in (("required", meta.required), ("readonly", meta.readonly)) if on]
    kind = f"{meta.type} -> {meta.relation}" if meta.relation else meta.type
    line = f"{meta.name} ({kind}{', ' + ', '.join(flags) if flags else ''}): {meta.label}"
    if meta.selection:
        line += " [" + ", ".join(meta.selection) + "]"
    if meta.help:
        line += f" — {meta.help}"
    return line


def register_read_tools(kit: Kit) -> None:
    LimitArg = Annotated[int, limit_field(kit.policy.settings)]
    budget = kit.policy.settings.max_response_chars

    @kit.tool(READS)
    async def list_models(
        call: ToolCall,
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
    ) -> Annotated[ToolOutput, ModelList]:
        """List the Odoo models (record types) this user can read, with their labels.

        Use it to find the technical name of a model before searching it, e.g. query "sales order"
        finds sale.order. Security and configuration models are never listed. Does not return
        records or fields: use describe_model for fields and search_records for records.
        """
        limit = call.gateway.policy.limit(limit)
        matches = await call.gateway.model_labels(query)
        found = [ModelEntry(model=model, label=label) for model, label in matches[offset : offset + limit]]
        next_offset = offset + limit if offset + limit < len(matches) else None
        data = ModelList(models=found, total=len(matches), next_offset=next_offset)
        more = f" (more with offset={next_offset})" if next_offset is not None else ""
        matching = f" matching {query!r}" if query else ""
        header = f"{len(found)} of {len(matches)} readable model(s){matching}{more}:"
        return ToolOutput(data, lines([header, *(f"{entry.model}: {entry.label}" for entry in found)]))

    @kit.tool(READS)
    async def describe_model(
        call: ToolCall,
        model: ModelArg,
        fields: Annotated[
            list[str], Field(default_factory=list, description="Only these fields; empty = every field")
        ],
    ) -> Annotated[ToolOutput, ModelDescription]:
        """Describe the fields of an Odoo model: name, label, type, required, readonly, related model,
        selection values and short help.

        Use it before searching with unfamiliar fields or before creating/updating records. Does not
        return records. Credentials and tokens are never listed.
        """
        known = await call.gateway.fields(model)
        chosen = await call.gateway.check_fields(model, fields) if fields else list(known)
        fitted = fit_budget(
            [known[name].model_dump(exclude_none=True) for name in chosen if name in known], budget
        )
        metas = [known[entry["name"]] for entry in fitted.records]
        notice = None
        if fitted.dropped:
            notice = (
                f"{fitted.dropped} more field(s) left out to fit the response budget; ask for them by name."
            )
        label = await call.gateway.model_label(model)
        text = [f"{model}{f' ({label})' if label else ''}: {len(metas)} field(s)"]
        text.extend(_field_line(meta) for meta in metas)
        if notice:
            text.append(notice)
        return ToolOutput(
            ModelDescription(model=model, label=label, fields=metas, notice=notice), lines(text)
        )

    @kit.tool(READS)
    async def search_records(
        call: ToolCall,
        model: ModelArg,
        domain: DomainArg,
        fields: FieldsArg,
        limit: LimitArg,
        offset: OffsetArg,
        order: Annotated[
            str, order_field('Sort order, e.g. "date_order desc, id desc"; empty = model default')
        ],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordPage]:
        """Search records of an Odoo model and return one page of them with the total count.

        Returns the matching records (only the fields asked for, or a small default set), the
        number of matches and the offset of the next page. many2one values come as
        {"id", "name"} ("Name (#id)" in text); empty values are left out. Use count_records
        when you only need a number and aggregate_records for totals per group. Does not change
        anything.
        """
        gateway = call.gateway
        names = await _fields_to_read(gateway, model, fields)
        sort = await checked_order(model, order, gateway.fields)
        await call.progress(0, 1, "searching")
        rows, total = await gateway.search_page(
            model, domain, names, limit=gateway.policy.limit(limit), offset=offset, order=sort
        )
        await call.progress(1, 1, "done")
        fitted = fit_budget(compact_all(rows, await gateway.fields(model)), budget)
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
        return ToolOutput(
            data, _page_text(fitted.records, header, notice), _link_to_single(model, fitted.records)
        )

    @kit.tool(READS)
    async def read_records(
        call: ToolCall, model: ModelArg, ids: IdsArg, fields: FieldsArg, company_id: CompanyArg
    ) -> Annotated[ToolOutput, RecordList]:
        """Read records of an Odoo model by id.

        Returns the fields asked for (or a small default set); ids that do not exist or are not
        visible to this user are listed in missing_ids. Use search_records when you do not know
        the ids. Does not change anything.
        """
        gateway = call.gateway
        gateway.policy.require_id_count(ids)
        names = await _fields_to_read(gateway, model, fields)
        rows = await gateway.read(model, list(dict.fromkeys(ids)), names)
        fitted = fit_budget(compact_all(rows, await gateway.fields(model)), budget)
        call.record_ids = [record["id"] for record in fitted.records]
        found = {row["id"] for row in rows}
        missing = [record_id for record_id in ids if record_id not in found] or None
        notice = fitted.notice()
        header = f"{model}: {len(fitted.records)} record(s)"
        if missing:
            header += f"; not found or not visible: {', '.join(map(str, missing))}"
        data = RecordList(model=model, records=fitted.records, missing_ids=missing, notice=notice)
        return ToolOutput(
            data, _page_text(fitted.records, header, notice), _link_to_single(model, fitted.records)
        )

    @kit.tool(READS)
    async def count_records(
        call: ToolCall, model: ModelArg, domain: SameDomainArg, company_id: CompanyArg
    ) -> Annotated[ToolOutput, RecordCount]:
        """Count the records of an Odoo model that match a domain, without returning them.

        Use it for "how many" questions, or before paging through a large result with
        search_records. Does not change anything.
        """
        count = await call.gateway.search_count(model, domain)
        return ToolOutput(RecordCount(model=model, count=count), f"{model}: {count} record(s) match")
