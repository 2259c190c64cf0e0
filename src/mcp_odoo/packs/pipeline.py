"""The CRM pipeline by stage (the crm pack's get_crm_pipeline, shown by the pipeline view).

Per stage, Odoo's own count and sum of expected revenue over every matching lead (one read_group),
and the first leads of the stage (one search per stage, run together).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from mcp_odoo.packs import OdooGateway, ToolOutput
from mcp_odoo.packs.records import cards
from mcp_odoo.render import compact_value, text_value

LEAD_MODEL = "crm.lead"
CARD_FIELDS = (
    "name",
    "partner_id",
    "contact_name",
    "stage_id",
    "user_id",
    "expected_revenue",
    "probability",
    "priority",
    "company_currency",
)
LEAD_ORDER = "priority desc, expected_revenue desc, id desc"
MAX_STAGES = 100
REVENUE = "expected_revenue:sum"
COUNT = "__count"


class PipelineStage(BaseModel):
    stage: dict[str, Any] | None = Field(description="The stage as {id, name}; null for leads without one")
    count: int = Field(description="How many matching leads are in this stage")
    expected_revenue: float = Field(description="Their expected revenue summed by Odoo")
    leads: list[dict[str, Any]] = Field(description="The stage's first leads, highest priority first")


class Pipeline(BaseModel):
    stages: list[PipelineStage] = Field(description="Stages in Odoo's order")
    total_count: int
    total_expected_revenue: float
    currency: str | None = Field(default=None, description="Currency of the amounts (the company's)")


async def crm_pipeline(gateway: OdooGateway, domain: Sequence[Any], leads_per_stage: int) -> ToolOutput:
    groups = await gateway.read_group(LEAD_MODEL, domain, ["stage_id"], [REVENUE], limit=MAX_STAGES)
    stage_meta = (await gateway.fields(LEAD_MODEL)).get("stage_id")
    stages = [compact_value(stage_meta, group.get("stage_id")) or None for group in groups]
    listed: list[list[dict[str, Any]]] = [[] for _ in stages]
    if leads_per_stage:
        listed = list(
            await asyncio.gather(
                *(
                    cards(
                        gateway,
                        LEAD_MODEL,
                        [*domain, ["stage_id", "=", stage["id"] if stage else False]],
                        CARD_FIELDS,
                        limit=leads_per_stage,
                        order=LEAD_ORDER,
                    )
                    for stage in stages
                )
            )
        )
    columns = [
        PipelineStage(
            stage=stage,
            count=int(group.get(COUNT) or 0),
            expected_revenue=float(group.get(REVENUE) or 0.0),
            leads=leads,
        )
        for stage, group, leads in zip(stages, groups, listed, strict=True)
    ]
    pipeline = Pipeline(
        stages=columns,
        total_count=sum(column.count for column in columns),
        total_expected_revenue=sum(column.expected_revenue for column in columns),
        currency=_currency(lead for leads in listed for lead in leads),
    )
    return ToolOutput(pipeline, _text(pipeline))


def _currency(leads: Any) -> str | None:
    for lead in leads:
        currency = lead.get("company_currency")
        if isinstance(currency, Mapping):
            return str(currency.get("name"))
    return None


def _amount(value: float, currency: str | None) -> str:
    return f"{value:,.2f}" + (f" {currency}" if currency else "")


def _text(pipeline: Pipeline) -> str:
    lines = [
        f"Pipeline: {pipeline.total_count} lead(s), expected revenue "
        f"{_amount(pipeline.total_expected_revenue, pipeline.currency)}, {len(pipeline.stages)} stage(s)"
    ]
    for column in pipeline.stages:
        name = text_value(column.stage) if column.stage else "(no stage)"
        lines.append(
            f"{name}: {column.count} lead(s), {_amount(column.expected_revenue, pipeline.currency)} expected"
        )
        for lead in column.leads:
            partner = lead.get("partner_id") or lead.get("contact_name")
            lines.append(
                f"  - {lead.get('name')} (#{lead.get('id')})"
                + (f" | {text_value(partner)}" if partner else "")
                + f" | {_amount(float(lead.get('expected_revenue') or 0.0), pipeline.currency)}"
                + f" | {lead.get('probability', 0)} %"
            )
        if len(column.leads) < column.count:
            lines.append(f"  ... {column.count - len(column.leads)} more")
    return "\n".join(lines)
