"""Positional -> named arguments for JSON-2, which has no positional arguments.

The table lists the positional parameters of the public ORM methods (after ``self`` and, for
record methods, after the recordset, which JSON-2 sends as ``ids``), written with Odoo 16-18 names;
`versions.param_names` turns them into the target series' names. Methods not in the table take
keyword arguments only over JSON-2: a call to them with positional arguments is refused before
anything is sent, except ``action_*`` / ``button_*`` methods, which take no argument at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mcp_odoo.odoo.errors import BadArguments
from mcp_odoo.odoo.versions import param_names

_POSITIONAL: dict[str, tuple[str, ...]] = {
    "search": ("domain", "offset", "limit", "order"),
    "search_read": ("domain", "fields", "offset", "limit", "order"),
    "search_count": ("domain", "limit"),
    "search_fetch": ("domain", "field_names", "offset", "limit", "order"),
    "read": ("fields", "load"),
    "create": ("vals_list",),
    "write": ("vals",),
    "unlink": (),
    "copy": ("default",),
    "exists": (),
    "fields_get": ("allfields", "attributes"),
    "name_search": ("name", "args", "operator", "limit"),
    "name_create": ("name",),
    "default_get": ("fields_list",),
    "read_group": ("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"),
    "formatted_read_group": ("domain", "groupby", "aggregates", "having", "offset", "limit", "order"),
    "check_access_rights": ("operation", "raise_exception"),
    "has_access": ("operation",),
    "check_access": ("operation",),
    "web_search_read": ("domain", "specification", "offset", "limit", "order", "count_limit"),
    "web_read": ("specification",),
    "context_get": (),
    "get_portal_url": ("suffix", "report_type", "download", "query_string", "anchor"),
    "message_post": (),
    "message_subscribe": ("partner_ids", "subtype_ids"),
    "message_unsubscribe": ("partner_ids",),
    "toggle_active": (),
}

_NO_ARGUMENT_PREFIXES = ("action_", "button_")


def positional_names(method: str, major: int) -> tuple[str, ...] | None:
    """The method's positional parameter names in this series; None when the method is unknown."""
    if method in _POSITIONAL:
        return param_names(method, _POSITIONAL[method], major)
    if method.startswith(_NO_ARGUMENT_PREFIXES):
        return ()
    return None


def to_named(method: str, args: Sequence[Any], kwargs: Mapping[str, Any], major: int) -> dict[str, Any]:
    """Named arguments equivalent to ``method(*args, **kwargs)`` (kwargs already in this series' names)."""
    named = dict(kwargs)
    if not args:
        return named
    names = positional_names(method, major)
    if names is None:
        raise BadArguments(
            f"'{method}' is not in the connector's signature table: pass its arguments by name (kwargs), "
            "positional arguments cannot be sent over JSON-2"
        )
    if len(args) > len(names):
        raise BadArguments(f"'{method}' takes at most {len(names)} positional argument(s), got {len(args)}")
    for name, value in zip(names, args, strict=False):
        if name in named:
            raise BadArguments(f"'{method}' got two values for argument '{name}'")
        named[name] = value
    return named
