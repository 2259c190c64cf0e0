"""What changes between Odoo series 16-19: parameter names, field names, method availability.

Callers of the connector speak Odoo 16-18 names; the tables here say what a given series calls
the same thing. Versions are compared by major number (``saas~18.3`` counts as 18).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Parameter aliases accepted on every series: the name some callers use -> Odoo's name.
_PARAM_ALIASES: dict[str, dict[str, str]] = {
    "write": {"values": "vals"},
    "create": {"vals": "vals_list"},
}

# Parameters renamed in a series (applies from that major on): method -> {old: new}.
_PARAM_RENAMES: dict[int, dict[str, dict[str, str]]] = {
    19: {
        "name_search": {"args": "domain"},
        "default_get": {"fields_list": "fields"},
    },
}

# Fields renamed in a series (applies from that major on): (model, old) -> new.
_FIELD_RENAMES: dict[int, dict[tuple[str, str], str]] = {
    19: {
        ("res.users", "groups_id"): "group_ids",
        ("sale.order.line", "tax_id"): "tax_ids",
        ("sale.order.line", "product_uom"): "product_uom_id",
        ("account.move", "stock_move_id"): "stock_move_ids",
    },
}


@dataclass(frozen=True)
class MethodSpan:
    """The majors in which a public ORM method exists (``until`` inclusive; None = still there)."""

    since: int = 16
    until: int | None = None
    instead: str = ""

    def covers(self, major: int) -> bool:
        return self.since <= major and (self.until is None or major <= self.until)


_METHOD_SPANS: dict[str, MethodSpan] = {
    "name_get": MethodSpan(until=17, instead="read the display_name field"),
    "check_access_rule": MethodSpan(until=17, instead="has_access(ids, operation)"),
    "has_access": MethodSpan(since=18, instead="check_access_rights(operation, raise_exception=False)"),
    "check_access": MethodSpan(since=18, until=18, instead="has_access(ids, operation)"),
    "formatted_read_group": MethodSpan(since=19, instead="read_group"),
}

JSON2_SINCE = 19
FORMATTED_READ_GROUP_SINCE = 19
WEB_SPECIFICATION_SINCE = 17
"""``web_search_read`` / ``web_read`` take a field specification (16: a list of fields)."""

_MAJOR = re.compile(r"(\d+)")


def major_of(version_info: object, server_version: str) -> int:
    """The major number from ``server_version_info[0]`` (19, or 'saas~18') or the version string."""
    for candidate in (version_info, server_version):
        found = _MAJOR.search(str(candidate))
        if found:
            return int(found.group(1))
    raise ValueError(f"cannot read a major version from {server_version!r}")


def series_of(major: int, server_serie: str | None) -> str:
    """The series label ("19.0", "saas~18.3"), as Odoo names it when it says so."""
    return server_serie or f"{major}.0"


def rename_params(method: str, kwargs: Mapping[str, object], major: int) -> dict[str, object]:
    """Keyword arguments with 16-18 names (and aliases) turned into this series' names."""
    renames = dict(_PARAM_ALIASES.get(method, {}))
    for since, table in _PARAM_RENAMES.items():
        if major >= since:
            renames.update(table.get(method, {}))
    return {renames.get(key, key): value for key, value in kwargs.items()}


def param_names(method: str, names: tuple[str, ...], major: int) -> tuple[str, ...]:
    """Positional parameter names written with 16-18 names, as this series spells them."""
    renamed = rename_params(method, dict.fromkeys(names), major)
    return tuple(renamed)


def field_name(model: str, field: str, major: int) -> str:
    """The name a 16-18 field has in this series (unchanged when it was not renamed)."""
    for since, table in sorted(_FIELD_RENAMES.items()):
        if major >= since:
            field = table.get((model, field), field)
    return field


def method_span(method: str) -> MethodSpan | None:
    """When the method is known to exist only in some series; None for methods of every series."""
    return _METHOD_SPANS.get(method)
