"""Odoo domains checked before Odoo sees them: shape, operators, field paths.

A domain is a list in Polish (prefix) notation: leaves ``[field, operator, value]`` combined by
``"&"``, ``"|"`` (two operands each) and ``"!"`` (one); top-level terms are joined by an implicit
``"&"``. Field paths may follow relations (``partner_id.country_id.code``). Every error says what
is wrong and shows a correct example, so the model can fix its call in one go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from mcp_odoo.policy.json_text import decoded
from mcp_odoo.policy.metadata import FieldMeta
from mcp_odoo.policy.rules import InvalidRequest, is_sensitive_field

FieldsOf = Callable[[str], Awaitable[Mapping[str, FieldMeta]]]
"""Returns the exposed fields of a model (cached metadata)."""
_ORDER_TERM = re.compile(r"^\s*([a-z_][a-z0-9_]*)(\s+(asc|desc))?\s*$", re.IGNORECASE)


async def checked_order(model: str, order: str, fields_of: FieldsOf) -> str | None:
    """`order` if every term is ``field [asc|desc]`` on a known field of `model`; None when empty."""
    if not order.strip():
        return None
    fields = await fields_of(model)
    for term in order.split(","):
        match = _ORDER_TERM.match(term)
        if match is None or (match[1] not in fields and match[1] != "id"):
            raise InvalidRequest(
                f"invalid order {order!r}: {term.strip()!r} is not 'field asc' or 'field desc' on {model}",
                hint='example: "date_order desc, id desc"',
            )
    return order.strip()


LOGICAL_OPERATORS = {"&": 2, "|": 2, "!": 1}
COMPARISON_OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
        "=?",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "=like",
        "=ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
LIST_OPERATORS = frozenset({"in", "not in"})
SUBDOMAIN_OPERATORS = frozenset({"any", "not any"})
MAX_DEPTH = 4

EXAMPLE = '[["state", "=", "sale"], ["partner_id.name", "ilike", "azure"]]'
OR_EXAMPLE = '["|", ["name", "ilike", "desk"], ["default_code", "=", "FURN_0001"]]'


def _invalid(problem: str) -> InvalidRequest:
    return InvalidRequest(
        f"invalid domain: {problem}",
        hint=f"a domain is a list of [field, operator, value] conditions, e.g. {EXAMPLE}; "
        f"combine with '|', '&', '!' in prefix notation, e.g. {OR_EXAMPLE}",
    )


def check_shape(domain: Any) -> list[Any]:
    """The domain as a list of terms, or `InvalidRequest` if its structure is wrong."""
    if not isinstance(domain, list | tuple):
        raise _invalid(f"expected a list, got {type(domain).__name__}")
    terms = list(domain)
    operands = 0  # conditions available to the operators met so far, reading right to left
    for index in range(len(terms) - 1, -1, -1):
        term = terms[index]
        if isinstance(term, str):
            arity = LOGICAL_OPERATORS.get(term)
            if arity is None:
                raise _invalid(f"term {index} is the string {term!r}; only '&', '|' and '!' may stand alone")
            if operands < arity:
                raise _invalid(f"operator {term!r} at position {index} needs {arity} condition(s) after it")
            operands -= arity - 1
        else:
            _check_leaf_shape(term, index)
            operands += 1
    return terms


def _check_leaf_shape(term: Any, index: int) -> None:
    if not isinstance(term, list | tuple) or len(term) != 3:
        raise _invalid(f"term {index} ({term!r}) is not a [field, operator, value] condition")
    field, operator, value = term
    if not isinstance(field, str) or not field:
        raise _invalid(f"condition {index} must start with a field name, got {field!r}")
    if not isinstance(operator, str) or operator.lower() not in COMPARISON_OPERATORS:
        allowed = ", ".join(sorted(COMPARISON_OPERATORS))
        raise _invalid(f"condition {index} uses operator {operator!r}; allowed operators: {allowed}")
    if operator.lower() in LIST_OPERATORS and not isinstance(value, list | tuple):
        raise _invalid(
            f'condition {index}: operator {operator!r} needs a list value, e.g. ["{field}", "in", [1, 2]]'
        )
    if operator.lower() in SUBDOMAIN_OPERATORS and not isinstance(value, list | tuple):
        raise _invalid(
            f"condition {index}: operator {operator!r} needs a domain on the related model as value"
        )


async def validate_domain(model: str, domain: Any, fields_of: FieldsOf, *, depth: int = 0) -> list[Any]:
    """Check shape, operators and every field path against the model's metadata; return it as lists.

    The domain may come as JSON text (tools publish it so, see `mcp_odoo.policy.json_text`)."""
    if depth > MAX_DEPTH:
        raise _invalid(f"nested 'any' conditions go deeper than {MAX_DEPTH} levels")
    terms = check_shape(decoded(domain, "domain", list, EXAMPLE) if isinstance(domain, str) else domain)
    normalized: list[Any] = []
    for term in terms:
        if isinstance(term, str):
            normalized.append(term)
            continue
        path, operator, value = term
        target = await resolve_path(model, path, fields_of)
        if operator.lower() in SUBDOMAIN_OPERATORS:
            if target.relation is None:
                raise _invalid(f"operator {operator!r} needs a relational field, {path!r} is {target.type}")
            value = await validate_domain(target.relation, value, fields_of, depth=depth + 1)
        normalized.append([path, operator.lower(), list(value) if isinstance(value, tuple) else value])
    return normalized


async def resolve_path(model: str, path: str, fields_of: FieldsOf) -> FieldMeta:
    """The metadata of the last field of a dotted path, each step checked on its own model."""
    current_model = model
    parts = path.split(".")
    meta: FieldMeta | None = None
    for position, part in enumerate(parts):
        if is_sensitive_field(part):
            raise _invalid(f"field {path!r} cannot be used: credentials and tokens are never searchable")
        fields = await fields_of(current_model)
        meta = fields.get(part) or _implicit_field(part)
        if meta is None:
            raise _unknown_field(current_model, part, path, fields)
        if position < len(parts) - 1:
            if meta.relation is None:
                raise _invalid(
                    f"{path!r}: {part!r} on {current_model} is a {meta.type} field, it has no sub-fields"
                )
            current_model = meta.relation
    assert meta is not None
    return meta


def _implicit_field(name: str) -> FieldMeta | None:
    if name == "id":
        return FieldMeta(name="id", label="ID", type="integer", readonly=True)
    return None


def _unknown_field(model: str, part: str, path: str, fields: Mapping[str, FieldMeta]) -> InvalidRequest:
    close = suggest(part, fields)
    suggestion = f" Did you mean {', '.join(close)}?" if close else ""
    return InvalidRequest(
        f"invalid domain: {model} has no field {part!r} (in {path!r}).{suggestion}",
        hint=f"list the fields of {model} for their names; example domain: {EXAMPLE}",
    )


def suggest(name: str, known: Iterable[str], count: int = 3) -> list[str]:
    """Known names that look like `name`, closest first."""
    return difflib.get_close_matches(name, list(known), n=count, cutoff=0.6)
