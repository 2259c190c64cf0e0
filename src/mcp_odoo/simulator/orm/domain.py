"""Odoo domains: parsing (prefix `&`, `|`, `!` with implicit `&`), validation with each series' error
messages, and evaluation against the in-memory tables.

Semantics follow Odoo's SQL translation: `=`/`!=` False test emptiness, negative operators also
match empty values, `like` wraps the value in `%`, dotted paths traverse many2one and x2many fields,
relational fields compared with strings match the target's display name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from .fields import X2MANY, Field

OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<>",
        "<=",
        "<",
        ">",
        ">=",
        "=?",
        "=like",
        "=ilike",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
NEGATIVE = frozenset({"!=", "<>", "not like", "not ilike", "not in", "not any"})
LOGIC = frozenset({"&", "|", "!"})
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
#: Odoo's `_parent_name` of the models whose hierarchy field is not `parent_id`.
PARENT_NAMES: dict[str, str] = {"stock.location": "location_id"}


class DomainSource(Protocol):
    """What the evaluator needs from the database."""

    def model_fields(self, model: str) -> dict[str, Field]: ...

    def rows(self, model: str) -> dict[int, dict[str, Any]]: ...

    def display_name(self, model: str, record_id: int) -> str: ...


@dataclass(frozen=True)
class Leaf:
    path: str
    operator: str
    value: Any


@dataclass(frozen=True)
class Node:
    """`&`/`|` over children, or `!` over one child."""

    operator: str
    children: tuple[Node | Leaf | bool, ...]


Expression = Node | Leaf | bool


def _invalid_item(series: str, item: Any) -> Exception:
    if series == "18.0":
        if isinstance(item, str):
            return IndexError("string index out of range")
        return ValueError(f"Invalid leaf {item!r}")
    return ValueError(f"Domain() invalid item in domain: {item!r}")


def _is_leaf(item: Any) -> bool:
    return isinstance(item, list | tuple) and len(item) == 3


def parse(domain: Any, series: str) -> Expression:
    """Turn a domain list into an expression tree; malformed items raise Odoo's error."""
    if domain in (None, False):
        return True
    if not isinstance(domain, list | tuple):
        raise _invalid_item(series, domain)
    items = list(domain)
    for item in reversed(items):
        if not ((isinstance(item, str) and item in LOGIC) or _is_leaf(item) or isinstance(item, bool)):
            raise _invalid_item(series, item)
    position = 0

    def parse_one() -> Expression:
        nonlocal position
        if position >= len(items):
            raise ValueError(f"Domain() invalid domain: {domain!r}")
        item = items[position]
        position += 1
        if item == "!":
            return Node("!", (parse_one(),))
        if item in ("&", "|"):
            left = parse_one()
            return Node(str(item), (left, parse_one()))
        if isinstance(item, bool):
            return item
        if tuple(item) == TRUE_LEAF:
            return True
        if tuple(item) == FALSE_LEAF:
            return False
        return Leaf(*item)

    parts: list[Expression] = []
    while position < len(items):
        parts.append(parse_one())
    if not parts:
        return True
    return parts[0] if len(parts) == 1 else Node("&", tuple(parts))


def leaves(expression: Expression) -> Iterable[Leaf]:
    if isinstance(expression, Leaf):
        yield expression
    elif isinstance(expression, Node):
        for child in expression.children:
            yield from leaves(child)


def sql_like_regex(pattern: str, wrap: bool, ignore_case: bool) -> re.Pattern[str]:
    """A regex matching what SQL (I)LIKE matches: `%` any run, `_` one character."""
    body = "".join(".*" if char == "%" else "." if char == "_" else re.escape(char) for char in pattern)
    if wrap:
        body = f".*{body}.*"
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == [] or value == ""


class DomainEvaluator:
    """Evaluates parsed domains for one series against a `DomainSource`."""

    def __init__(self, source: DomainSource, series: str) -> None:
        self.source = source
        self.series = series
        self._subqueries: dict[tuple[str, str], set[int]] = {}
        self._depth = 0

    def validate(self, model: str, expression: Expression) -> None:
        """Raise Odoo's ValueError for an unknown field or an invalid operator."""
        for leaf in leaves(expression):
            self._check_leaf(model, leaf)

    def _leaf_text(self, leaf: Leaf) -> str:
        return repr((leaf.path, leaf.operator, leaf.value))

    def _check_leaf(self, model: str, leaf: Leaf) -> None:
        """18 resolves the field before checking the operator; 19 checks the operator first."""
        if not isinstance(leaf.path, str):
            raise ValueError(f"Invalid leaf {self._leaf_text(leaf)}")
        if self.series == "18.0":
            self._check_path(model, leaf, "leaf")
            if leaf.operator not in OPERATORS:
                raise ValueError(f"Invalid leaf {self._leaf_text(leaf)}")
            return
        if leaf.operator not in OPERATORS:
            raise ValueError(f"Invalid operator in condition {self._leaf_text(leaf)}")
        self._check_path(model, leaf, "condition")

    def _check_path(self, model: str, leaf: Leaf, where: str) -> None:
        current = model
        parts = leaf.path.split(".")
        for index, part in enumerate(parts):
            field = self.source.model_fields(current).get(part)
            if field is None:
                raise ValueError(f"Invalid field {current}.{part} in {where} {self._leaf_text(leaf)}")
            if index < len(parts) - 1 and field.relation:
                current = field.relation

    def filter(self, model: str, expression: Expression, ids: Iterable[int]) -> list[int]:
        """The ids whose rows satisfy the expression (sub-searches of paths are computed once per call)."""
        rows = self.source.rows(model)
        if self._depth == 0:
            self._subqueries = {}
        self._depth += 1
        try:
            return [record_id for record_id in ids if self._matches(model, expression, rows[record_id])]
        finally:
            self._depth -= 1

    def search_all(self, model: str, expression: Expression) -> set[int]:
        key = (model, repr(expression))
        if key not in self._subqueries:
            self._subqueries[key] = set(self.filter(model, expression, list(self.source.rows(model))))
        return self._subqueries[key]

    def _matches(self, model: str, expression: Expression, row: dict[str, Any]) -> bool:
        if isinstance(expression, bool):
            return expression
        if isinstance(expression, Node):
            if expression.operator == "!":
                return not self._matches(model, expression.children[0], row)
            results = (self._matches(model, child, row) for child in expression.children)
            return all(results) if expression.operator == "&" else any(results)
        return self._leaf_matches(model, expression, row)

    def _leaf_matches(self, model: str, leaf: Leaf, row: dict[str, Any]) -> bool:
        head, _, rest = leaf.path.partition(".")
        field = self.source.model_fields(model)[head]
        value = row.get(head, field.empty_value()) if head != "id" else row["id"]
        if rest and field.relation:
            targets = value if isinstance(value, list) else ([value] if value else [])
            matching = self.search_all(field.relation, Leaf(rest, leaf.operator, leaf.value))
            if not targets:
                return leaf.operator in NEGATIVE or (leaf.operator == "=" and leaf.value is False)
            return any(target in matching for target in targets)
        if field.relation and leaf.operator in ("any", "not any"):
            sub = self.search_all(field.relation, parse(leaf.value, self.series))
            targets = value if isinstance(value, list) else ([value] if value else [])
            found = any(target in sub for target in targets)
            return found if leaf.operator == "any" else not found
        if field.relation and self._compares_names(leaf):
            return self._name_matches(field, value, leaf)
        if leaf.operator in ("child_of", "parent_of"):
            return self._hierarchy_matches(model, field, value, row, leaf)
        if field.type in X2MANY:
            return self._x2many_matches(value, leaf)
        return compare(value, leaf.operator, leaf.value, field.type)

    @staticmethod
    def _compares_names(leaf: Leaf) -> bool:
        value = leaf.value
        if isinstance(value, str):
            return True
        return isinstance(value, list) and bool(value) and all(isinstance(item, str) for item in value)

    def _name_matches(self, field: Field, value: Any, leaf: Leaf) -> bool:
        relation = field.relation or ""
        targets = value if isinstance(value, list) else ([value] if value else [])
        positive = {"!=": "=", "<>": "=", "not like": "like", "not ilike": "ilike", "not in": "in"}
        operator = positive.get(leaf.operator, leaf.operator)
        found = any(
            compare(self.source.display_name(relation, target), operator, leaf.value, "char")
            for target in targets
        )
        return not found if leaf.operator in NEGATIVE else found

    def _x2many_matches(self, value: list[int], leaf: Leaf) -> bool:
        operator, wanted = leaf.operator, leaf.value
        if wanted is False or wanted is None:
            empty = not value
            return empty if operator == "=" else not empty
        wanted_ids = set(wanted) if isinstance(wanted, list | tuple) else {wanted}
        hit = bool(wanted_ids & set(value))
        if operator in ("=", "in"):
            return hit
        if operator in ("!=", "<>", "not in"):
            return not hit
        return any(compare(item, operator, wanted, "integer") for item in value)

    def _hierarchy_matches(
        self, model: str, field: Field, value: Any, row: dict[str, Any], leaf: Leaf
    ) -> bool:
        target_model = field.relation or model
        roots = leaf.value if isinstance(leaf.value, list | tuple) else [leaf.value]
        related = self._closure(target_model, {int(root) for root in roots if root}, leaf.operator)
        if field.name == "id":
            return row["id"] in related
        targets = value if isinstance(value, list) else ([value] if value else [])
        return any(target in related for target in targets)

    def _closure(self, model: str, roots: set[int], operator: str) -> set[int]:
        """Roots plus their descendants (child_of) or ancestors (parent_of) through `_parent_name`."""
        rows = self.source.rows(model)
        parent_field = PARENT_NAMES.get(model, "parent_id")
        found = set(roots)
        if operator == "parent_of":
            frontier = list(roots)
            while frontier:
                parent = rows.get(frontier.pop(), {}).get(parent_field)
                if parent and parent not in found:
                    found.add(parent)
                    frontier.append(parent)
            return found
        changed = True
        while changed:
            changed = False
            for record_id, record in rows.items():
                if record_id not in found and record.get(parent_field) in found:
                    found.add(record_id)
                    changed = True
        return found


def _ordered(left: Any, right: Any, test: Callable[[Any, Any], bool]) -> bool:
    if _is_empty(left) or right is None or right is False:
        return False
    try:
        return test(left, right)
    except TypeError:
        return test(str(left), str(right))


def compare(value: Any, operator: str, wanted: Any, field_type: str) -> bool:
    """Whether a stored scalar (or many2one id) satisfies `operator wanted`."""
    if operator == "=?":
        return True if wanted is None or wanted is False else compare(value, "=", wanted, field_type)
    if operator in ("=", "!=", "<>"):
        if field_type == "boolean":
            equal = bool(value) == bool(wanted)
        elif wanted is False or wanted is None:
            equal = _is_empty(value)
        else:
            equal = value == wanted or (isinstance(wanted, float | int) and value == wanted)
        return equal if operator == "=" else not equal
    if operator in ("in", "not in"):
        items = wanted if isinstance(wanted, list | tuple) else [wanted]
        if field_type == "boolean":
            hit = bool(value) in [bool(item) for item in items]
        else:
            hit = value in items or (_is_empty(value) and False in items)
        return hit if operator == "in" else not hit
    if operator in ("like", "ilike", "=like", "=ilike", "not like", "not ilike"):
        if _is_empty(value):
            return operator.startswith("not")
        pattern = sql_like_regex(
            str(wanted), wrap=not operator.startswith("="), ignore_case="ilike" in operator
        )
        hit = bool(pattern.fullmatch(str(value)))
        return not hit if operator.startswith("not") else hit
    tests: dict[str, Callable[[Any, Any], bool]] = {
        "<": lambda a, b: bool(a < b),
        ">": lambda a, b: bool(a > b),
        "<=": lambda a, b: bool(a <= b),
        ">=": lambda a, b: bool(a >= b),
    }
    return _ordered(value, wanted, tests[operator])
