"""read_group (16-19) and formatted_read_group (19): groups, counts, aggregates, date granularities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .fields import Field
from .ordering import default_order, sort_ids

if TYPE_CHECKING:
    from .engine import Model

GroupKey = tuple[Any, ...]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def _bucket(day: dt.date, granularity: str) -> tuple[dt.date, dt.date, str]:
    """(start, end, label) of the period containing `day`."""
    if granularity == "day":
        return day, day + dt.timedelta(days=1), day.strftime("%d %b %Y")
    if granularity == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7), f"W{day.isocalendar()[1]} {day.isocalendar()[0]}"
    if granularity == "quarter":
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return start, _add_months(start, 3), f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if granularity == "year":
        start = day.replace(month=1, day=1)
        return start, start.replace(year=day.year + 1), str(day.year)
    start = _month_start(day)
    return start, _add_months(start, 1), day.strftime("%B %Y")


class GroupSpec:
    """One `groupby` term: a field, optionally with a date granularity (`date_order:month`)."""

    def __init__(self, model: Model, term: str) -> None:
        self.term = term
        name, _, granularity = term.partition(":")
        if name not in model.fields:
            raise ValueError(f"Invalid field {name!r} on model {model.name!r}")
        self.field: Field = model.fields[name]
        self.granularity = granularity or ("month" if self.field.type in ("date", "datetime") else "")
        self.model = model
        self._rank: dict[Any, int] = {}
        if self.field.type == "many2one" and self.field.relation:
            self._rank = _comodel_ranks(model, self.field.relation)

    def key(self, row: dict[str, Any]) -> Any:
        value = row.get(self.field.name, self.field.empty_value())
        if self.granularity and value:
            return _bucket(dt.date.fromisoformat(str(value)[:10]), self.granularity)[0]
        if isinstance(value, list):
            return tuple(value)
        return value

    def _format(self, day: dt.date) -> str:
        return f"{day.isoformat()} 00:00:00" if self.field.type == "datetime" else day.isoformat()

    def value(self, key: Any) -> Any:
        if self.granularity and key:
            return _bucket(key, self.granularity)[2]
        if self.field.type == "many2one" and key:
            return [key, self.model.db.display_name(self.field.relation or "", key)]
        return key if key is not None else False

    def leaves(self, key: Any) -> list[Any]:
        if self.granularity and key:
            start, end, _label = _bucket(key, self.granularity)
            return [
                "&",
                [self.field.name, ">=", self._format(start)],
                [self.field.name, "<", self._format(end)],
            ]
        return [[self.field.name, "=", key if key is not None else False]]

    def range(self, key: Any) -> dict[str, Any]:
        if not key:
            return {"from": False, "to": False}
        start, end, _label = _bucket(key, self.granularity)
        return {"from": self._format(start), "to": self._format(end)}

    def sort_key(self, key: Any) -> Any:
        if key in (None, False):
            return (1, "")
        if self.field.type == "many2one":
            return (0, self._rank.get(key, len(self._rank)))
        return (0, key)


def _comodel_ranks(model: Model, comodel: str) -> dict[Any, int]:
    """Position of every comodel record in the comodel's order (groups of a many2one follow it)."""
    db = model.db
    ids = sort_ids(
        list(db.rows(comodel)),
        default_order(comodel, db.fields[comodel]),
        lambda record_id, name: db.sort_value(comodel, record_id, name),
    )
    return {record_id: position for position, record_id in enumerate(ids)}


def and_domains(parts: list[list[Any]]) -> list[Any]:
    parts = [part for part in parts if part]
    if not parts:
        return []
    flat: list[Any] = ["&"] * (len(parts) - 1)
    for part in parts:
        flat.extend(part)
    return flat


Aggregate = tuple[str, str, str]  # (result key, field name, function)


def _aggregate(values: list[Any], function: str) -> Any:
    numbers = [value for value in values if isinstance(value, int | float) and not isinstance(value, bool)]
    functions: dict[str, Callable[[list[Any]], Any]] = {
        "sum": lambda items: round(sum(items), 2) if items else 0,
        "avg": lambda items: sum(items) / len(items) if items else False,
        "min": lambda items: min(items) if items else False,
        "max": lambda items: max(items) if items else False,
        "count": lambda items: len(values),
        "count_distinct": lambda items: len(set(map(repr, values))),
    }
    return functions.get(function, functions["sum"])(numbers)


def _groups(model: Model, domain: Any, specs: list[GroupSpec]) -> dict[GroupKey, list[int]]:
    ids = model.search(domain or [], 0, None, None)
    groups: dict[GroupKey, list[int]] = {}
    for record_id in ids:
        row = model.rows[record_id]
        groups.setdefault(tuple(spec.key(row) for spec in specs), []).append(record_id)
    return dict(
        sorted(
            groups.items(),
            key=lambda item: [spec.sort_key(k) for spec, k in zip(specs, item[0], strict=True)],
        )
    )


def _parse_aggregates(
    model: Model, terms: list[str], result_key: Callable[[str, str, str], str]
) -> list[Aggregate]:
    aggregates: list[Aggregate] = []
    for term in terms:
        if term == "__count":
            continue
        name, _, function = term.partition(":")
        if name not in model.fields:
            raise ValueError(f"Invalid field {name!r} on model {model.name!r}")
        function = function or str(model.fields[name].description.get("aggregator") or "sum")
        aggregates.append((result_key(term, name, function), name, function))
    return aggregates


def _normalize_groupby(groupby: Any) -> list[str]:
    return [groupby] if isinstance(groupby, str) else list(groupby or [])


def read_group(
    model: Model,
    domain: Any,
    fields: Any,
    groupby: Any,
    offset: Any = 0,
    limit: Any = None,
    orderby: Any = False,
    lazy: Any = True,
) -> list[dict[str, Any]]:
    terms = _normalize_groupby(groupby)
    used = terms[:1] if lazy else terms
    specs = [GroupSpec(model, term) for term in used]
    aggregate_terms = [
        term for term in (fields or []) if term.partition(":")[0] not in used and term != "__count"
    ]
    aggregates = _parse_aggregates(model, aggregate_terms, lambda term, name, function: name)
    count_key = "__count" if not lazy or not specs else f"{specs[0].field.name}_count"
    entries: list[Entry] = []
    for key, ids in _groups(model, domain, specs).items():
        group: dict[str, Any] = {spec.term: spec.value(k) for spec, k in zip(specs, key, strict=True)}
        group[count_key] = len(ids)
        for result_key, name, function in aggregates:
            group[result_key] = _aggregate([model.rows[i].get(name) for i in ids], function)
        leaves = [spec.leaves(k) for spec, k in zip(specs, key, strict=True)]
        group["__domain"] = and_domains([*leaves, list(domain or [])])
        dated = {spec.term: spec.range(k) for spec, k in zip(specs, key, strict=True) if spec.granularity}
        if dated:
            group["__range"] = dated
        if lazy and len(terms) > 1:
            group["__context"] = {"group_by": terms[1:]}
        entries.append((_sort_values(specs, key, len(ids), aggregates, group), group))
    return _page(_ordered_groups(entries, orderby), offset, limit)


def formatted_read_group(
    model: Model,
    domain: Any = None,
    groupby: Any = (),
    aggregates: Any = (),
    having: Any = (),
    offset: Any = 0,
    limit: Any = None,
    order: Any = None,
) -> list[dict[str, Any]]:
    specs = [GroupSpec(model, term) for term in _normalize_groupby(groupby)]
    parsed = _parse_aggregates(model, list(aggregates or []), lambda term, name, function: term)
    entries: list[Entry] = []
    for key, ids in _groups(model, domain, specs).items():
        group: dict[str, Any] = {spec.term: spec.value(k) for spec, k in zip(specs, key, strict=True)}
        group["__extra_domain"] = and_domains([spec.leaves(k) for spec, k in zip(specs, key, strict=True)])
        for term in aggregates or []:
            if term == "__count":
                group["__count"] = len(ids)
                continue
            result_key, name, function = next(item for item in parsed if item[0] == term)
            group[result_key] = _aggregate([model.rows[i].get(name) for i in ids], function)
        entries.append((_sort_values(specs, key, len(ids), parsed, group), group))
    return _page(_ordered_groups(entries, order), offset, limit)


#: (what each orderable name sorts by, None when empty; the group as answered)
Entry = tuple[dict[str, Any], dict[str, Any]]


def _sort_values(
    specs: list[GroupSpec], key: GroupKey, count: int, aggregates: list[Aggregate], group: dict[str, Any]
) -> dict[str, Any]:
    """The values an order spec may name: groupby terms (and their field), `__count`, aggregates in
    both spellings (`amount_total` and `amount_total:sum`)."""
    values: dict[str, Any] = {"__count": count}
    for result_key, name, function in aggregates:
        value = group.get(result_key)
        value = None if value is False else value
        for alias in (result_key, name, f"{name}:{function}"):
            values.setdefault(alias, value)
    for spec, part in zip(specs, key, strict=True):
        empty, value = spec.sort_key(part)
        value = value.casefold() if isinstance(value, str) else value
        for alias in (spec.term, spec.field.name):
            values[alias] = None if empty else value
    return values


def _ordered_groups(entries: list[Entry], order: Any) -> list[dict[str, Any]]:
    """Groups sorted by an `orderby`/`order` spec ("amount_total desc", "__count desc", "partner_id").

    Groupby terms sort as Odoo sorts them (a many2one by its comodel's order, dates by period); empty
    values come last ascending and first descending, as in PostgreSQL. A term naming nothing the
    groups have is ignored.
    """
    terms = [part.split() for part in order.split(",") if part.strip()] if isinstance(order, str) else []
    for term in reversed(terms):
        name, descending = term[0], len(term) > 1 and term[1].lower() == "desc"
        if not entries or name not in entries[0][0]:
            continue
        present = [entry for entry in entries if entry[0][name] is not None]
        empty = [entry for entry in entries if entry[0][name] is None]
        present.sort(key=lambda entry: entry[0][name], reverse=descending)
        entries = empty + present if descending else present + empty
    return [group for _values, group in entries]


def _page(groups: list[dict[str, Any]], offset: Any, limit: Any) -> list[dict[str, Any]]:
    start = int(offset or 0)
    return groups[start : start + int(limit)] if limit else groups[start:]
