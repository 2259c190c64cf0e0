"""Grouped totals in one shape on every series.

Odoo 19 answers ``formatted_read_group(domain, groupby, aggregates, ...)``; 16-18 only have
``read_group(domain, fields, groupby, ..., lazy)``, asked here with ``lazy=False`` so that every
groupby level is grouped at once. Both answers become a list with one dict per group holding:

* each groupby spec as given (``"partner_id"``, ``"date_order:month"``) -> the group's value as
  Odoo returns it (many2one ``[id, name]``, selection key, date label...);
* each aggregate spec as given (``"amount_total:sum"``) -> its value;
* ``"__count"`` -> the number of records in the group (always present);
* ``"__domain"`` -> a domain selecting exactly the group's records (request domain included).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcp_odoo.odoo.versions import FORMATTED_READ_GROUP_SINCE

COUNT = "__count"


def read_group_request(
    major: int,
    domain: Sequence[Any],
    groupby: Sequence[str],
    aggregates: Sequence[str],
    limit: int | None,
    offset: int,
    order: str | None,
) -> tuple[str, dict[str, Any]]:
    """The method and keyword arguments that ask this series for the groups."""
    paging = {"offset": offset or None, "limit": limit}
    if major >= FORMATTED_READ_GROUP_SINCE:
        wanted = list(aggregates) if COUNT in aggregates else [*aggregates, COUNT]
        options = {
            "domain": list(domain),
            "groupby": list(groupby),
            "aggregates": wanted,
            **paging,
            "order": order,
        }
        return "formatted_read_group", without_none(options)
    fields = [spec for spec in aggregates if spec != COUNT]
    options = {
        "domain": list(domain),
        "fields": fields,
        "groupby": list(groupby),
        "lazy": False,
        **paging,
        "orderby": read_group_order(order, fields),
    }
    return "read_group", without_none(options)


def read_group_order(order: str | None, aggregates: Sequence[str]) -> str | None:
    """`order` as 16-18's ``read_group`` takes it: an aggregate is sorted by its field's name.

    ``read_group`` names an aggregated value by its field (``amount_total``, not
    ``amount_total:sum``) in its answer and in ``orderby`` (16 refuses ``amount_total:sum`` as an
    invalid field), so ``"amount_total:sum desc"`` becomes ``"amount_total desc"``. Groupby specs
    (``date_order:month``) and ``__count`` are left as they are.
    """
    if not order:
        return order
    specs = set(aggregates)
    terms = []
    for term in order.split(","):
        name, _, direction = term.strip().partition(" ")
        field = name.split(":", 1)[0] if name in specs else name
        terms.append(f"{field} {direction.strip()}".strip())
    return ", ".join(terms)


def normalise_groups(
    major: int,
    rows: Sequence[dict[str, Any]],
    domain: Sequence[Any],
    groupby: Sequence[str],
    aggregates: Sequence[str],
) -> list[dict[str, Any]]:
    """The groups of either answer in the shape described in the module docstring."""
    formatted = major >= FORMATTED_READ_GROUP_SINCE
    groups = []
    for row in rows:
        group = {spec: row.get(spec) for spec in groupby}
        for spec in aggregates:
            if spec != COUNT:
                group[spec] = row.get(spec if formatted else spec.split(":", 1)[0])
        group[COUNT] = row.get(COUNT, 0)
        if formatted:
            group["__domain"] = [*domain, *row.get("__extra_domain", [])]
        else:
            group["__domain"] = row.get("__domain", list(domain))
        groups.append(group)
    return groups


def without_none(options: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments left out when not set, so that Odoo applies its own defaults."""
    return {name: value for name, value in options.items() if value is not None}
