"""plain_input_schema: the JSON Schema every client accepts, never promising what validation refuses."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, ValidationError, create_model

from mcp_odoo.calls.schema import plain_input_schema


class Line(BaseModel):
    product: int | str = Field(description="Product id or name")
    price: float | None = Field(default=None, description="Unit price")


class Node(BaseModel):
    name: str
    children: list[Node] = Field(default_factory=list)


def arguments_schema(**fields: Any) -> tuple[type[BaseModel], dict[str, Any]]:
    model = create_model("Arguments", **fields)
    return model, plain_input_schema(model.model_json_schema())


def test_nested_models_are_inlined_and_definitions_dropped() -> None:
    _, schema = arguments_schema(lines=(list[Line], ...))
    text = json.dumps(schema)
    assert "$ref" not in text
    assert "$defs" not in text
    assert schema["properties"]["lines"]["items"]["properties"]["product"]["description"]


def test_optional_value_is_published_as_its_type_without_a_null_default() -> None:
    _, schema = arguments_schema(price=(Annotated[float | None, Field(description="Unit price")], None))
    assert schema["properties"]["price"] == {"type": "number", "description": "Unit price"}
    assert "price" not in schema.get("required", [])


def test_id_or_name_is_published_as_a_string_that_documents_numeric_ids() -> None:
    _, schema = arguments_schema(
        customer=(Annotated[int | str, Field(description="Customer id or name")], ...)
    )
    customer = schema["properties"]["customer"]
    assert customer["type"] == "string"
    assert "anyOf" not in customer
    assert customer["description"] == 'Customer id or name. Ids as text, e.g. "42".'
    assert schema["required"] == ["customer"]


def test_validation_accepts_an_id_as_a_string_and_as_a_number() -> None:
    model, _ = arguments_schema(customer=(int | str, ...))
    assert model.model_validate({"customer": "42"}).model_dump() == {"customer": "42"}
    assert model.model_validate({"customer": 42}).model_dump() == {"customer": 42}


def test_string_constraints_of_the_published_branch_are_kept() -> None:
    _, schema = arguments_schema(code=(int | Annotated[str, Field(max_length=8)], ...))
    assert schema["properties"]["code"]["maxLength"] == 8


def test_a_recursive_model_is_inlined_once_then_left_as_an_object() -> None:
    _, schema = arguments_schema(tree=(Node, ...))
    children = schema["properties"]["tree"]["properties"]["children"]
    assert children["items"] == {"type": "object"}


def test_a_union_without_a_string_publishes_its_first_branch() -> None:
    _, schema = arguments_schema(amount=(int | list[int], ...))
    assert schema["properties"]["amount"]["type"] == "integer"


def test_a_value_shaped_by_the_plain_schema_passes_validation() -> None:
    model, schema = arguments_schema(lines=(list[Line], ...))
    line = schema["properties"]["lines"]["items"]["properties"]
    assert (line["product"]["type"], line["price"]["type"]) == ("string", "number")
    validated = model.model_validate({"lines": [{"product": "7", "price": 2.5}]})
    assert validated.model_dump() == {"lines": [{"product": "7", "price": 2.5}]}


def test_the_full_type_still_refuses_what_no_branch_allows() -> None:
    model, _ = arguments_schema(customer=(int | str, ...))
    with pytest.raises(ValidationError):
        model.model_validate({"customer": [1]})


def test_a_numeric_union_without_a_string_claims_no_string_form() -> None:
    _, schema = arguments_schema(amount=(Annotated[int | float, Field(description="Amount")], ...))
    assert schema["properties"]["amount"] == {"type": "integer", "description": "Amount"}
