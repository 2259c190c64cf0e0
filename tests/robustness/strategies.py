"""Hypothesis strategies for tool arguments, built from each tool's `inputSchema` as a client lists it.

Values follow the schema most of the time (so that calls reach the tool body and Odoo) and break it
some of the time (wrong types, out-of-range integers, hostile strings), because an agent does both.
Property names the tools share get realistic values: `model` from real and denied model names,
`domain` from conditions over real and secret fields.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .catalogue import CONTROL_CHARACTERS, NO_SUCH_ID, SQL_LIKE

HOSTILE_STRINGS = (
    "",
    " ",
    SQL_LIKE,
    CONTROL_CHARACTERS,
    "_private",
    "__init__",
    "sudo",
    "with_user",
    "a.b c",
    "../web/session/destroy",
    "%s%s%s%n",
    "{{7*7}}",
    "'; --",
    "\U0001f600" * 50,
    "A" * 5_000,
    "B" * 30_000,
)
MODELS = (
    "res.partner",
    "res.users",
    "res.company",
    "sale.order",
    "account.move",
    "crm.lead",
    "product.product",
    "ir.config_parameter",
    "ir.rule",
    "res.users.apikeys",
    "no.such.model",
)
FIELDS = ("id", "name", "email", "partner_id", "state", "amount_total", "password", "api_key_ids", "no_such")
OPERATORS = ("=", "!=", "<", ">", "ilike", "in", "not in", "child_of", "any", "~", "=like", "")

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_STRINGS),
)
json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
"""Any JSON value, of bounded size."""

strings = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_STRINGS), st.sampled_from(MODELS))
conditions = st.tuples(st.sampled_from(FIELDS), st.sampled_from(OPERATORS), json_scalars).map(list)
domains = st.lists(st.one_of(conditions, st.sampled_from(("|", "&", "!")), json_values), max_size=5)

NAMED_PROPERTIES: dict[str, st.SearchStrategy[Any]] = {
    "model": st.one_of(st.sampled_from(MODELS), strings),
    "domain": domains,
    "fields": st.lists(st.one_of(st.sampled_from(FIELDS), strings), max_size=4),
    "ids": st.lists(st.one_of(st.integers(1, 60), st.just(NO_SUCH_ID)), max_size=4),
}
"""Properties the generic tools share, with values that reach deeper than random ones."""


def integers_for(schema: dict[str, Any]) -> st.SearchStrategy[int]:
    low, high = schema.get("minimum"), schema.get("maximum")
    return st.one_of(
        st.integers(min_value=low, max_value=high),
        st.sampled_from((-1, 0, 2**31, 2**63, 10**30)),
    )


def arrays_for(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(
        from_schema(schema.get("items", {}), defs), min_size=schema.get("minItems", 0), max_size=5
    )


def objects_for(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "properties" in schema:
        return arguments_for(schema, defs)
    return st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), json_values, max_size=4)


def from_schema(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for one JSON Schema (the subset pydantic emits), with a share of schema-breaking junk."""
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), strings)
    if "const" in schema:
        return st.one_of(st.just(schema["const"]), strings)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            return st.one_of(*(from_schema(option, defs) for option in schema[combinator]))
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    typed = [typed_values(name, schema, defs) for name in kinds if name in TYPE_NAMES]
    if not typed:
        return json_values
    return st.one_of(*typed, json_scalars)


TYPE_NAMES = ("string", "integer", "number", "boolean", "null", "array", "object")


def typed_values(kind: str, schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of one JSON Schema type (built on demand: arrays and objects recurse)."""
    if kind == "string":
        return strings
    if kind == "integer":
        return integers_for(schema)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return arrays_for(schema, defs)
    if kind == "object":
        return objects_for(schema, defs)
    return st.none()


def arguments_for(
    schema: dict[str, Any], defs: dict[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Argument objects for a tool: the required properties always, the others sometimes."""
    defs = {**schema.get("$defs", {}), **(defs or {})}
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))

    def value(name: str) -> st.SearchStrategy[Any]:
        shared = NAMED_PROPERTIES.get(name)
        generated = from_schema(properties[name], defs)
        return st.one_of(shared, generated) if shared is not None else generated

    return st.fixed_dictionaries(
        {name: value(name) for name in properties if name in required},
        optional={name: value(name) for name in properties if name not in required},
    )


junk_arguments = st.dictionaries(
    st.one_of(st.text(max_size=12), st.sampled_from(FIELDS)), json_values, max_size=5
)
"""Arguments that ignore the schema altogether."""
