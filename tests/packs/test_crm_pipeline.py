"""get_crm_pipeline: Odoo's own count and expected revenue per stage, and the first leads of each."""

from __future__ import annotations

from sessions import OpenSession
from tool_results import structured, text_of


async def test_pipeline_totals_are_odoos_grouped_sums(reader: OpenSession) -> None:
    async with reader() as s:
        pipeline = structured(await s.call("get_crm_pipeline", leads_per_stage=2))
        grouped = structured(
            await s.call(
                "aggregate_records",
                model="crm.lead",
                group_by=["stage_id"],
                aggregates=["expected_revenue:sum"],
            )
        )
    expected = [
        (group["stage_id"]["id"], group["count"], group["expected_revenue:sum"])
        for group in grouped["groups"]
    ]
    assert [
        (stage["stage"]["id"], stage["count"], stage["expected_revenue"]) for stage in pipeline["stages"]
    ] == expected
    assert pipeline["total_count"] == sum(count for _, count, _ in expected)
    assert pipeline["total_expected_revenue"] == sum(revenue for _, _, revenue in expected)
    assert all(len(stage["leads"]) == min(2, stage["count"]) for stage in pipeline["stages"])
    assert all(lead["stage_id"] == stage["stage"] for stage in pipeline["stages"] for lead in stage["leads"])
    assert pipeline["currency"] == "USD"


async def test_pipeline_filters_like_list_crm_leads(reader: OpenSession) -> None:
    async with reader() as s:
        pipeline = structured(
            await s.call("get_crm_pipeline", salesperson="Marc Demo", status="open", leads_per_stage=50)
        )
        listed = structured(await s.call("list_crm_leads", salesperson="Marc Demo", status="open", limit=200))
    shown = sorted(lead["id"] for stage in pipeline["stages"] for lead in stage["leads"])
    assert shown == sorted(lead["id"] for lead in listed["records"])
    assert pipeline["total_count"] == len(listed["records"])
    assert "Won" not in {stage["stage"]["name"] for stage in pipeline["stages"]}


async def test_pipeline_text_names_every_stage_and_its_total(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("get_crm_pipeline", leads_per_stage=0)
    pipeline = structured(result)
    assert all(not stage["leads"] for stage in pipeline["stages"])
    text = text_of(result)
    assert text.startswith(f"Pipeline: {pipeline['total_count']} lead(s)")
    for stage in pipeline["stages"]:
        assert f"{stage['stage']['name']} (#{stage['stage']['id']}): {stage['count']} lead(s)" in text
