"""A page of records and the number of all matches in one request: ``web_search_read``.

Odoo's web client reads its list views this way: the server searches, reads the page and, only when
the page is full, counts the matches itself, so the total costs no second round trip. Odoo 16 takes
``fields`` and answers rows shaped like ``search_read``'s; Odoo 17+ takes a ``specification`` and
answers a many2one as ``{"id", "display_name"}``, which `page_answer` turns back into ``search_read``'s
``[id, name]``: callers see one shape on every series.

From 17 the specification also reads the records of one x2many field (an order's lines) in the same
request (`Related`); Odoo 16 cannot, and its caller reads them with a second request
(`related_ids`, `attach_related`).

The answer's ``length`` is exact whenever the page holds records. An empty page past the first is
answered with 0 whatever the total (Odoo does not count then): `needs_count` says so, and the caller
counts, so that a total is never made up from a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from mcp_odoo.odoo.groups import without_none
from mcp_odoo.odoo.versions import WEB_SPECIFICATION_SINCE

FieldTypes = Mapping[str, str]
"""Field name -> Odoo field type, for the fields read."""


@dataclass(frozen=True)
class Related:
    """The records of the x2many `field` read along with each record (e.g. ``order_line``)."""

    field: str
    fields: Sequence[str]
    order: str | None = None
    limit: int | None = None


class Page(NamedTuple):
    records: list[dict[str, Any]]
    total: int


def page_request(
    major: int,
    domain: Sequence[Any],
    fields: FieldTypes,
    *,
    offset: int,
    limit: int | None,
    order: str | None,
    related: tuple[Related, FieldTypes] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``web_search_read`` on this series."""
    paging = without_none({"offset": offset or None, "limit": limit, "order": order})
    if major < WEB_SPECIFICATION_SINCE:
        names = list(fields)
        if related is not None and related[0].field not in fields:
            names.append(related[0].field)
        return {"domain": list(domain), "fields": names, **paging}
    specification = _specification(fields)
    if related is not None:
        spec, types = related
        specification[spec.field] = without_none(
            {"fields": _specification(types), "order": spec.order, "limit": spec.limit}
        )
    return {"domain": list(domain), "specification": specification, **paging}


def _specification(fields: FieldTypes) -> dict[str, Any]:
    return {
        name: {"fields": {"display_name": {}}} if kind == "many2one" else {} for name, kind in fields.items()
    }


def page_answer(
    major: int,
    answer: Mapping[str, Any],
    fields: FieldTypes,
    related: tuple[Related, FieldTypes] | None = None,
) -> Page:
    """The records in ``search_read``'s shape (related records nested on 17+) and Odoo's ``length``."""
    rows: list[dict[str, Any]] = list(answer.get("records") or [])
    total = int(answer.get("length") or 0)
    if major < WEB_SPECIFICATION_SINCE:
        return Page(rows, total)
    records = [_classic(row, fields) for row in rows]
    if related is not None:
        spec, types = related
        for record in records:
            nested = record.get(spec.field) or []
            shown = nested[: spec.limit] if spec.limit is not None else nested
            record[spec.field] = [_classic(line, types) for line in shown]
    return Page(records, total)


def _classic(row: Mapping[str, Any], fields: FieldTypes) -> dict[str, Any]:
    """A web_read row as ``read`` gives it: many2one ``{"id", "display_name"}`` -> ``[id, display_name]``."""
    return {
        name: [value["id"], value.get("display_name", False)]
        if fields.get(name) == "many2one" and isinstance(value, Mapping)
        else value
        for name, value in row.items()
    }


def needs_count(page: Page, offset: int) -> bool:
    """Whether Odoo's ``length`` may not be the total: an empty page past the first."""
    return not page.records and offset > 0


def related_ids(records: Sequence[Mapping[str, Any]], field: str) -> list[int]:
    """Ids of the related records listed by `records` (Odoo 16's x2many values), each once."""
    return list(dict.fromkeys(int(value) for record in records for value in record.get(field) or []))


def attach_related(
    records: Sequence[dict[str, Any]], related: Related, rows: Sequence[dict[str, Any]]
) -> None:
    """Replace each record's list of ids in the related field by those `rows`, in their order (Odoo 16)."""
    for record in records:
        own = set(record.get(related.field) or [])
        mine = [row for row in rows if row["id"] in own]
        record[related.field] = mine[: related.limit] if related.limit is not None else mine
