"""Values for create/update checked and converted before Odoo sees them.

Unknown, sensitive, privileged and readonly fields are refused; each value must fit its field's
type (selection values by key or label); required fields without a default must be present on
create (not on new one2many lines: Odoo fills most line fields from the product and the parent,
and reports anything still missing itself).

Relations may be given by name: a many2one as an id or a display name, resolved as `names` says
(an unknown or ambiguous name lists the closest candidates with their ids); a many2many as a list of
ids or names (it replaces the set); a one2many as a list of dicts, each a new line checked against
the line model.
Dates are ``YYYY-MM-DD``; datetimes ISO 8601 (UTC unless an offset is given).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from mcp_odoo.policy.domain import FieldsOf, suggest
from mcp_odoo.policy.json_text import decoded
from mcp_odoo.policy.metadata import FieldMeta, replacement_note
from mcp_odoo.policy.names import NameSearch, candidates, listing, same_name
from mcp_odoo.policy.rules import InvalidRequest, Policy

NameLookup = Callable[[str, str], Awaitable[Sequence[tuple[int, str]]]]
"""(model, exact name) -> matching (id, display name) pairs, a few at most."""

DefaultsOf = Callable[[str, Sequence[str]], Awaitable[Mapping[str, Any]]]
"""(model, field names) -> the defaults Odoo would use for them."""

MAX_NESTING = 2
VALUES_EXAMPLE = '{"name": "Acme", "email": "info@acme.example"}'
ODOO_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _bad(model: str, name: str, problem: str, example: str) -> InvalidRequest:
    return InvalidRequest(f"{model}.{name}: {problem}", hint=f'example: {{"{name}": {example}}}')


class ValuesChecker:
    """Turns the model's `values` into what Odoo's create/write expect, or raises `InvalidRequest`."""

    def __init__(
        self,
        policy: Policy,
        fields_of: FieldsOf,
        find_by_name: NameLookup,
        search_names: NameSearch,
        defaults_of: DefaultsOf,
    ):
        self._policy = policy
        self._fields_of = fields_of
        self._find_by_name = find_by_name
        self._search_names = search_names
        self._defaults_of = defaults_of

    async def prepare(
        self,
        model: str,
        values: Mapping[str, Any] | str,
        *,
        creating: bool,
        depth: int = 0,
    ) -> dict[str, Any]:
        """Checked and converted values; `creating` also checks that required fields are given.

        `values` may come as JSON text (tools publish it so, see `mcp_odoo.policy.json_text`)."""
        if isinstance(values, str):
            values = decoded(values, "values", dict, VALUES_EXAMPLE)
        if not isinstance(values, Mapping) or not values:
            raise InvalidRequest(
                f"values for {model} must be a non-empty object of field: value",
                hint=f"example: {VALUES_EXAMPLE}",
            )
        self._policy.require_writable_fields(model, values)
        fields = await self._fields_of(model)
        prepared: dict[str, Any] = {}
        for name, value in values.items():
            meta = fields.get(name)
            if meta is None:
                close = suggest(name, fields)
                guess = f"; did you mean {', '.join(close)}?" if close else ""
                guess = f"; {replacement_note(model, name)}" if replacement_note(model, name) else guess
                raise InvalidRequest(
                    f"{model} has no field {name!r}{guess}",
                    hint=f"list the fields of {model} to see which exist and their types",
                )
            if meta.readonly:
                raise InvalidRequest(
                    f"{model}.{name} is read-only and cannot be set",
                    hint="leave it out; Odoo computes or manages it",
                )
            prepared[name] = await self._convert(model, meta, value, depth)
        if creating:
            await self._require_mandatory(model, fields, prepared)
        return prepared

    async def _require_mandatory(
        self, model: str, fields: Mapping[str, FieldMeta], given: Mapping[str, Any]
    ) -> None:
        missing = [
            name
            for name, meta in fields.items()
            if meta.required and not meta.readonly and not meta.computed and name not in given
        ]
        if not missing:
            return
        defaults = await self._defaults_of(model, missing)
        still_missing = [name for name in missing if defaults.get(name) in (None, False)]
        if still_missing:
            labels = ", ".join(f"{name} ({fields[name].label})" for name in still_missing)
            raise InvalidRequest(
                f"{model} needs a value for required field(s): {labels}",
                hint=f"add them to values; the fields of {model} give their types",
            )

    async def _convert(self, model: str, meta: FieldMeta, value: Any, depth: int) -> Any:
        if value is None or (value is False and meta.type != "boolean"):
            if meta.required:
                raise _bad(model, meta.name, "is required and cannot be emptied", _example(meta))
            return False
        converter = _CONVERTERS.get(meta.type)
        if converter is not None:
            return converter(model, meta, value)
        if meta.type == "many2one":
            return await self._many2one(model, meta, value)
        if meta.type == "many2many":
            return await self._many2many(model, meta, value)
        if meta.type == "one2many":
            return await self._one2many(model, meta, value, depth)
        return value

    async def _many2one(self, model: str, meta: FieldMeta, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip():
            return await self._resolve(model, meta, value.strip())
        raise _bad(model, meta.name, f"expects an id or the exact name of a {meta.relation}", _example(meta))

    async def _resolve(self, model: str, meta: FieldMeta, name: str) -> int:
        assert meta.relation is not None
        matches = list(await self._find_by_name(meta.relation, name))
        if not matches:
            near = await candidates(self._search_names, meta.relation, name)
            matches = same_name(name, near)
            if not matches and near:
                raise InvalidRequest(
                    f"{model}.{meta.name}: no {meta.relation} is named {name!r}; closest: {listing(near)}",
                    hint="pass the id of the one you mean, or its exact name",
                )
        if len(matches) == 1:
            return matches[0][0]
        if not matches:
            raise InvalidRequest(
                f"{model}.{meta.name}: no {meta.relation} is named {name!r}, nor anything like it",
                hint=f"search {meta.relation} with the domain "
                f"{json.dumps([['display_name', 'ilike', name]])}, then pass the id found",
            )
        raise InvalidRequest(
            f"{model}.{meta.name}: {name!r} matches several {meta.relation} records: {listing(matches)}",
            hint="pass the id of the one you mean",
        )

    async def _many2many(self, model: str, meta: FieldMeta, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise _bad(
                model, meta.name, "expects a list of ids or names (it replaces the current set)", "[1, 2]"
            )
        ids = [await self._many2one(model, meta, item) for item in value]
        return [[6, 0, ids]]

    async def _one2many(self, model: str, meta: FieldMeta, value: Any, depth: int) -> list[Any]:
        if not isinstance(value, list) or not all(isinstance(line, Mapping) for line in value):
            raise _bad(
                model, meta.name, "expects a list of new lines, each an object of field: value", "[{...}]"
            )
        if depth >= MAX_NESTING:
            raise _bad(model, meta.name, "lines nested this deep are not accepted", "[]")
        assert meta.relation is not None
        return [
            [0, 0, await self.prepare(meta.relation, line, creating=False, depth=depth + 1)] for line in value
        ]


def _example(meta: FieldMeta) -> str:
    examples = {
        "char": '"text"',
        "text": '"text"',
        "html": '"<p>text</p>"',
        "integer": "3",
        "float": "2.5",
        "monetary": "100.0",
        "boolean": "true",
        "date": '"2026-11-24"',
        "datetime": '"2026-11-24T14:30:00Z"',
        "many2one": '12 or "Exact Name"',
        "many2many": "[1, 2]",
        "one2many": "[{...}]",
    }
    if meta.type == "selection" and meta.selection:
        return f'"{next(iter(meta.selection))}"'
    return examples.get(meta.type, "...")


def _text(model: str, meta: FieldMeta, value: Any) -> str:
    if not isinstance(value, str):
        raise _bad(model, meta.name, f"expects text, got {type(value).__name__}", _example(meta))
    return value


def _integer(model: str, meta: FieldMeta, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(model, meta.name, f"expects a whole number, got {value!r}", _example(meta))
    return value


def _number(model: str, meta: FieldMeta, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(model, meta.name, f"expects a number, got {value!r}", _example(meta))
    return float(value)


def _boolean(model: str, meta: FieldMeta, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _bad(model, meta.name, f"expects true or false, got {value!r}", _example(meta))
    return value


def _date(model: str, meta: FieldMeta, value: Any) -> str:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _bad(model, meta.name, f"expects a date YYYY-MM-DD, got {value!r}", _example(meta))


def _datetime(model: str, meta: FieldMeta, value: Any) -> str:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            return moment.strftime(ODOO_DATETIME_FORMAT)
    raise _bad(model, meta.name, f"expects an ISO 8601 date and time, got {value!r}", _example(meta))


def _selection(model: str, meta: FieldMeta, value: Any) -> str:
    options = meta.selection or {}
    if isinstance(value, str):
        if value in options:
            return value
        by_label = [key for key, label in options.items() if label.casefold() == value.casefold()]
        if len(by_label) == 1:
            return by_label[0]
    allowed = ", ".join(f"{key} ({label})" for key, label in options.items())
    raise _bad(model, meta.name, f"{value!r} is not one of: {allowed}", _example(meta))


_CONVERTERS: dict[str, Callable[[str, FieldMeta, Any], Any]] = {
    "char": _text,
    "text": _text,
    "html": _text,
    "integer": _integer,
    "float": _number,
    "monetary": _number,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "selection": _selection,
}
