"""Completion of resource template and prompt arguments, from what the policy lets the user see."""

from __future__ import annotations

from mcp_types import PromptReference, ResourceTemplateReference

from .conftest import OpenSession

RECORD = ResourceTemplateReference(type="ref/resource", uri="odoo://{model}/{id}")
DOCUMENT = ResourceTemplateReference(type="ref/resource", uri="odoo://{model}/{id}/document")


async def test_model_argument_completes_exposed_models(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(RECORD, {"name": "model", "value": "res.par"})
    assert result.completion.values[0] == "res.partner"


async def test_model_completion_never_offers_denied_models(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(RECORD, {"name": "model", "value": "ir.config"})
    assert "ir.config_parameter" not in result.completion.values


async def test_document_model_completion_offers_document_models_only(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(DOCUMENT, {"name": "model", "value": "sale"})
    assert result.completion.values == ["sale.order"]


async def test_id_argument_completes_records_of_the_chosen_model_by_name(open_session: OpenSession) -> None:
    async with open_session() as session:
        partner = session.find("res.partner", [["name", "=", "Azure Interior"]])
        result = await session.client.complete(
            RECORD, {"name": "id", "value": "Azure"}, context_arguments={"model": "res.partner"}
        )
    assert str(partner["id"]) in result.completion.values


async def test_id_completion_without_a_model_offers_nothing(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(RECORD, {"name": "id", "value": "1"})
    assert result.completion.values == []


async def test_prompt_record_argument_completes_record_names(open_session: OpenSession) -> None:
    async with open_session() as session:
        reference = PromptReference(type="ref/prompt", name="dunning_email")
        result = await session.client.complete(reference, {"name": "invoice", "value": "INV/2026/0000"})
    assert "INV/2026/00004" in result.completion.values


REPORT = ResourceTemplateReference(type="ref/resource", uri="odoo://report/{report_name}/{id}")


async def test_report_name_completes_known_reports(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(REPORT, {"name": "report_name", "value": "sale."})
    assert result.completion.values == ["sale.report_saleorder"]


async def test_report_id_completes_records_the_report_prints(open_session: OpenSession) -> None:
    async with open_session() as session:
        result = await session.client.complete(
            REPORT,
            {"name": "id", "value": "S00001"},
            context_arguments={"report_name": "sale.report_saleorder"},
        )
        order = session.find("sale.order", [["name", "=", "S00001"]])
    assert result.completion.values == [str(order["id"])]
