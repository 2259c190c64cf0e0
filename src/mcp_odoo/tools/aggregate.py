"""aggregate_records: grouped totals computed by Odoo (read_group), never by adding up fetched records.
(No ``from __future__ import annotations``: the kit reads the tool signature.)
"""

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import READS, ToolCall
from mcp_odoo.policy import FieldMeta, InvalidRequest, OdooGateway
from mcp_odoo.render import compact_value, fit_budget, lines, text_value
from mcp_odoo.tools.arguments import ModelArg, SameDomainArg, limit_field, order_field
from mcp_odoo.tools.outputs import GroupTotals

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


def _group_line(group: Mapping[str, Any]) -> str:
    return " | ".join(
        f"{spec}: {'(none)' if value is None else text_value(value)}" for spec, value in group.items()
    )


def register_aggregate_tool(kit: Kit) -> None:
    LimitArg = Annotated[int, limit_field(kit.policy.settings)]
    budget = kit.policy.settings.max_response_chars

    @kit.tool(READS)
    async def aggregate_records(
        call: ToolCall,
        model: ModelArg,
        domain: SameDomainArg,
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
        order: Annotated[str, order_field('Sort groups, e.g. "amount_total:sum desc"; empty = by group')],
        limit: LimitArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, GroupTotals]:
        """Compute grouped totals (sums, averages, counts ...) over the records matching a domain.

        Prefer it to fetching records and adding them up: e.g. revenue per customer, orders per
        month, invoices per state. Each group lists its group_by values, the aggregates asked for
        and its record count. Does not return the records themselves and does not change anything.
        """
        gateway = call.gateway
        limit = gateway.policy.limit(limit)
        groups_spec = await _checked_group_by(gateway, model, group_by)
        totals_spec = await _checked_aggregates(gateway, model, aggregates)
        sort = _checked_group_order(order, [*groups_spec, *totals_spec])
        rows = await gateway.read_group(model, domain, groups_spec, totals_spec, limit=limit, order=sort)
        fields = await gateway.fields(model)
        fitted = fit_budget([_compact_group(row, groups_spec, fields) for row in rows], budget)
        notice = fitted.notice()
        if notice is None and len(rows) == limit:
            notice = (
                f"Only the first {limit} groups are shown; "
                "raise limit or filter the domain to see the others."
            )
        grouped = ", ".join(groups_spec) or "nothing (overall totals)"
        header = f"{model}: {len(fitted.records)} group(s) by {grouped}"
        body = [header, *(_group_line(group) for group in fitted.records)]
        if notice:
            body.append(notice)
        return ToolOutput(GroupTotals(model=model, groups=fitted.records, notice=notice), lines(body))
