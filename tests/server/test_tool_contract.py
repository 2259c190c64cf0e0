"""What clients see in tools/list: names, annotations, described arguments, output schemas, plain schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp_types import Tool

from mcp_odoo.settings import MethodRule
from sessions import SessionFactory

CONFIRM = MethodRule(model="sale.order", method="action_confirm", writes=True, irreversible=False)
POST = MethodRule(model="account.move", method="action_post", writes=True, irreversible=True)
READ_TOOLS = {
    "list_models",
    "describe_model",
    "search_records",
    "read_records",
    "count_records",
    "aggregate_records",
    "export_records",
}
BUSINESS_READ_TOOLS = {
    "find_partners",
    "list_crm_leads",
    "get_crm_pipeline",
    "get_sale_order",
    "list_sale_orders",
    "get_overdue_invoices",
    "get_invoice",
    "get_stock_levels",
    "list_transfers",
    "get_report_pdf",
    "get_invoice_pdf",
    "find_products",
}
BUSINESS_WRITE_TOOLS = {
    "create_partner",
    "create_crm_lead",
    "update_crm_lead",
    "log_note",
    "schedule_activity",
    "create_quotation",
    "confirm_quotation",
    "cancel_quotation",
    "create_invoice",
    "post_invoice",
    "register_payment",
    "validate_transfer",
}
EXOTIC_SCHEMA_KEYS = ("anyOf", "oneOf", "allOf", "$ref", "$defs", "not", "if", "patternProperties")


async def all_tools(mcp_session: SessionFactory) -> dict[str, Tool]:
    async with mcp_session(allow_writes=True, methods=[CONFIRM, POST]) as session:
        return {tool.name: tool for tool in (await session.client.list_tools()).tools}


@pytest.fixture
async def tools(mcp_session: SessionFactory) -> dict[str, Tool]:
    return await all_tools(mcp_session)


def test_the_tool_names_are_the_contract(tools: dict[str, Tool]) -> None:
    assert set(tools) == (
        READ_TOOLS
        | BUSINESS_READ_TOOLS
        | BUSINESS_WRITE_TOOLS
        | {"create_record", "update_record", "update_records_batch", "call_method"}
    )


async def test_read_only_servers_list_no_write_tool(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=False, methods=[CONFIRM, POST]) as session:
        names = {tool.name for tool in (await session.client.list_tools()).tools}
    assert names == READ_TOOLS | BUSINESS_READ_TOOLS | {"call_method"}


def test_read_tools_are_annotated_read_only_and_idempotent(tools: dict[str, Tool]) -> None:
    for name in READ_TOOLS:
        annotations = tools[name].annotations
        assert annotations is not None
        assert annotations.read_only_hint is True, name
        assert annotations.destructive_hint is False, name
        assert annotations.idempotent_hint is True, name
        assert annotations.open_world_hint is False, name


def test_create_is_not_idempotent_and_update_may_overwrite(tools: dict[str, Tool]) -> None:
    create, update = tools["create_record"].annotations, tools["update_record"].annotations
    assert create is not None
    assert update is not None
    assert (create.read_only_hint, create.destructive_hint, create.idempotent_hint) == (False, False, False)
    assert (update.read_only_hint, update.destructive_hint, update.idempotent_hint) == (False, True, True)


def test_call_method_with_an_irreversible_entry_is_destructive(tools: dict[str, Tool]) -> None:
    annotations = tools["call_method"].annotations
    assert annotations is not None
    assert annotations.read_only_hint is False
    assert annotations.destructive_hint is True
    assert "account.move.action_post (changes data, irreversible)" in (tools["call_method"].description or "")


def test_every_tool_has_a_title_and_a_description_and_no_output_schema(tools: dict[str, Tool]) -> None:
    """Output schemas repeat what the answers' text and structured content say: left out of tools/list."""
    for name, tool in tools.items():
        assert len(tool.description or "") > 80, name
        assert tool.title, name
        assert tool.output_schema is None, name
    assert tools["get_crm_pipeline"].title == "Get CRM pipeline"


def test_every_argument_is_described(tools: dict[str, Tool]) -> None:
    for name, tool in tools.items():
        for argument, schema in tool.input_schema["properties"].items():
            assert schema.get("description"), f"{name}.{argument}"


def test_input_schemas_use_only_plain_json_schema(tools: dict[str, Tool]) -> None:
    for name, tool in tools.items():
        text = json.dumps(tool.input_schema)
        for key in EXOTIC_SCHEMA_KEYS:
            assert f'"{key}"' not in text, f"{name} uses {key}"


def test_every_array_argument_declares_its_items(tools: dict[str, Tool]) -> None:
    """Gemini rejects a tool list in which any array parameter lacks `items`."""
    for name, tool in tools.items():
        for argument, schema in tool.input_schema["properties"].items():
            if schema.get("type") == "array":
                assert "items" in schema, f"{name}.{argument}"


def test_only_the_model_and_target_ids_are_required(tools: dict[str, Tool]) -> None:
    required: dict[str, Any] = {
        name: set(tool.input_schema.get("required", [])) for name, tool in tools.items()
    }
    assert required["search_records"] == {"model"}
    assert required["read_records"] == {"model", "ids"}
    assert required["update_record"] == {"model", "ids", "values"}
    assert required["list_models"] == set()


def test_the_limit_default_and_bounds_come_from_the_settings(tools: dict[str, Tool]) -> None:
    limit = tools["search_records"].input_schema["properties"]["limit"]
    assert limit["default"] == 20
    assert "at most 200" in limit["description"]


async def test_the_server_instructions_say_whether_writes_are_possible(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        instructions = session.client.instructions
    assert instructions is not None
    assert "read-only" in instructions
    assert "list_models" in instructions


def test_every_field_of_a_nested_argument_is_described(tools: dict[str, Tool]) -> None:
    for name, tool in tools.items():
        for argument, schema in tool.input_schema["properties"].items():
            for field, field_schema in schema.get("items", {}).get("properties", {}).items():
                assert field_schema.get("description"), f"{name}.{argument}[].{field}"


def test_relations_by_id_or_name_are_strings_that_accept_numeric_ids(tools: dict[str, Tool]) -> None:
    order = tools["get_sale_order"].input_schema["properties"]["order"]
    assert order["type"] == "string"
    assert 'Ids as text, e.g. "42"' in order["description"]
