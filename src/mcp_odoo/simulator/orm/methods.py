"""The public methods every model answers (search, read, create, ...), with each series' signature.

A method is a `BusinessMethod`: its implementation takes the `Model` (and the ids for record methods)
followed by named arguments; `parameters` is the Python signature of that series, used to bind
XML-RPC positional arguments and JSON-2 named arguments exactly as Odoo does.
"""

from __future__ import annotations

import functools
from typing import Any

from ..exceptions import AccessError
from . import grouping
from .behaviours import BusinessMethod, Parameter, behaviour_for
from .behaviours.base import VAR_KEYWORD
from .behaviours.chatter import CHATTER_METHODS
from .engine import Model
from .fields import fields_get as describe_fields


def search(model: Model, domain: Any, offset: Any = 0, limit: Any = None, order: Any = None) -> list[int]:
    return model.search(domain, offset, limit, order)


def search_count(model: Model, domain: Any, limit: Any = None) -> int:
    return len(model.search(domain, 0, limit, None))


def read(
    model: Model, ids: list[int], fields: Any = None, load: Any = "_classic_read"
) -> list[dict[str, Any]]:
    return model.read(ids, fields or None, load)


def search_read(
    model: Model,
    domain: Any = None,
    fields: Any = None,
    offset: Any = 0,
    limit: Any = None,
    order: Any = None,
    **read_kwargs: Any,
) -> list[dict[str, Any]]:
    ids = model.search(domain or [], offset, limit, order)
    records = model.read(ids, fields or None, read_kwargs.pop("load", "_classic_read"))
    if read_kwargs:
        unexpected = next(iter(read_kwargs))
        raise TypeError(f"BaseModel._read_format() got an unexpected keyword argument '{unexpected}'")
    return records


def create(model: Model, vals_list: Any) -> list[int]:
    return model.create(vals_list if isinstance(vals_list, list) else [vals_list])


def write(model: Model, ids: list[int], vals: Any) -> bool:
    return model.write(ids, vals)


def unlink(model: Model, ids: list[int]) -> bool:
    return model.unlink(ids)


def fields_get(model: Model, allfields: Any = None, attributes: Any = None) -> dict[str, Any]:
    return describe_fields(model.fields, allfields, attributes)


def name_search(
    model: Model, name: Any = "", domain: Any = None, operator: Any = "ilike", limit: Any = 100
) -> list[list[Any]]:
    search_domain = list(domain or [])
    if name:
        rec_name = "complete_name" if "complete_name" in model.fields else "name"
        search_domain = (
            ["&", (rec_name, operator, name), *search_domain]
            if search_domain
            else [(rec_name, operator, name)]
        )
    ids = model.search(search_domain, 0, limit, None)
    return [[record_id, model.db.display_name(model.name, record_id)] for record_id in ids]


def default_get(model: Model, fields: Any) -> dict[str, Any]:
    """The defaults a new record would get, for the requested fields that have one."""
    model.check_acl("read")
    context_defaults = model.context_defaults()
    defaults = {
        key: value
        for key, value in model.behaviour.defaults(model, context_defaults).items()
        if key in model.behaviour.default_fields and key in model.fields
    }
    defaults.update(model.behaviour.constant_defaults)
    if model.company_field() and model.fields["company_id"].required:
        defaults["company_id"] = model.env.company_id
    if "active" in model.fields:
        defaults["active"] = True
    defaults.update(context_defaults)
    return {
        name: defaults[name]
        for name in fields or []
        if name in defaults and name in model.fields and defaults[name] is not False
    }


def check_access_rights(model: Model, operation: Any, raise_exception: Any = True) -> bool | None:
    if raise_exception:
        model.check_acl(operation)
        return None
    return model.has_acl(operation)


def check_access(model: Model, ids: list[int], operation: Any) -> None:
    model.check_acl(operation)
    model.check_rules(ids, operation)


def has_access(model: Model, ids: list[int], operation: Any) -> bool:
    try:
        check_access(model, ids, operation)
    except AccessError:
        return False
    return True


def context_get(model: Model) -> dict[str, Any]:
    user = model.env.user
    return {"lang": user.lang, "tz": user.tz or False, "uid": user.uid}


def copy(model: Model, ids: list[int], default: Any = None) -> int:
    """Duplicate one record: stored values (x2many links kept, one2many lines not), `default` on top."""
    model.check_acl("read")
    model.check_rules(ids, "read")
    source = model.rows[model.existing_or_missing(ids)[0]]
    skipped = {"id", "display_name", "create_date", "create_uid", "write_date", "write_uid"}
    vals: dict[str, Any] = {}
    for name, field in model.fields.items():
        if (
            name in skipped
            or not field.store
            or field.readonly
            or field.type == "one2many"
            or name not in source
        ):
            continue
        vals[name] = [[6, 0, source[name]]] if field.type == "many2many" else source[name]
    if isinstance(vals.get("name"), str):
        vals["name"] = f"{vals['name']} (copy)"
    vals.update(default or {})
    return model.create([vals])[0]


def exists(model: Model, ids: list[int]) -> list[int]:
    return [record_id for record_id in ids if record_id in model.rows]


def web_search_read(
    model: Model,
    domain: Any,
    specification: Any,
    offset: Any = 0,
    limit: Any = None,
    order: Any = None,
    count_limit: Any = None,
) -> dict[str, Any]:
    ids = model.search(domain, offset, limit, order)
    records = web_read(model, ids, specification)
    length = len(records) + int(offset or 0)
    if limit and len(ids) >= int(limit):
        length = len(model.search(domain, 0, count_limit, None))
    return {"length": length, "records": records}


def web_read(model: Model, ids: list[int], specification: Any) -> list[dict[str, Any]]:
    """Read with a specification: relational fields expand into nested records."""
    names = list(specification)
    plain = model.read(ids, names)
    for record in plain:
        for name, spec in specification.items():
            field = model.fields[name]
            nested = (spec or {}).get("fields")
            if field.relation is None or nested is None:
                continue
            comodel = model.sibling(field.relation)
            if field.type == "many2one":
                value = record[name]
                if value:
                    found = _nested(comodel, [value[0]], nested)
                    # A target the user may not read (e.g. a company-dependent account) keeps read's name.
                    record[name] = found[0] if found else {"id": value[0], "display_name": value[1]}
            else:
                limit = spec.get("limit")
                shown = record[name][:limit] if limit else record[name]
                rows = _nested(comodel, shown, nested)
                record[name] = rows + [{"id": record_id} for record_id in record[name][len(shown) :]]
    return plain


def _nested(comodel: Model, ids: list[int], specification: dict[str, Any]) -> list[dict[str, Any]]:
    rows = comodel.read(ids, list(specification))
    return [dict(sorted(row.items(), key=lambda item: (item[0] != "id", item[0]))) for row in rows]


@functools.cache
def _generic_methods(series: str) -> dict[str, BusinessMethod]:
    new = series != "18.0"
    methods = {
        "search": BusinessMethod(
            search,
            (
                Parameter("domain", required=True),
                Parameter("offset", default=0),
                Parameter("limit"),
                Parameter("order"),
            ),
            on_records=False,
        ),
        "search_count": BusinessMethod(
            search_count, (Parameter("domain", required=True), Parameter("limit")), on_records=False
        ),
        "search_read": BusinessMethod(
            search_read,
            (
                Parameter("domain"),
                Parameter("fields"),
                Parameter("offset", default=0),
                Parameter("limit"),
                Parameter("order"),
                Parameter(VAR_KEYWORD),
            ),
            on_records=False,
        ),
        "read": BusinessMethod(read, (Parameter("fields"), Parameter("load", default="_classic_read"))),
        "create": BusinessMethod(create, (Parameter("vals_list", required=True),), on_records=False),
        "write": BusinessMethod(write, (Parameter("vals", required=True),)),
        "unlink": BusinessMethod(unlink),
        "exists": BusinessMethod(exists),
        "copy": BusinessMethod(copy, (Parameter("default"),), returns_record=True),
        "fields_get": BusinessMethod(
            fields_get, (Parameter("allfields"), Parameter("attributes")), on_records=False
        ),
        "name_search": BusinessMethod(
            name_search,
            (
                Parameter("name", default=""),
                Parameter("domain" if new else "args", target="domain"),
                Parameter("operator", default="ilike"),
                Parameter("limit", default=100),
            ),
            on_records=False,
        ),
        "default_get": BusinessMethod(
            default_get,
            (Parameter("fields" if new else "fields_list", required=True, target="fields"),),
            on_records=False,
        ),
        "read_group": BusinessMethod(
            grouping.read_group,
            (
                Parameter("domain", required=True),
                Parameter("fields", required=True),
                Parameter("groupby", required=True),
                Parameter("offset", default=0),
                Parameter("limit"),
                Parameter("orderby", default=False),
                Parameter("lazy", default=True),
            ),
            on_records=False,
        ),
        "web_search_read": BusinessMethod(
            web_search_read,
            (
                Parameter("domain", required=True),
                Parameter("specification", required=True),
                Parameter("offset", default=0),
                Parameter("limit"),
                Parameter("order"),
                Parameter("count_limit"),
            ),
            on_records=False,
        ),
        "web_read": BusinessMethod(web_read, (Parameter("specification", required=True),)),
        "check_access_rights": BusinessMethod(
            check_access_rights,
            (Parameter("operation", required=True), Parameter("raise_exception", default=True)),
            on_records=False,
        ),
        "has_access": BusinessMethod(has_access, (Parameter("operation", required=True),)),
        "check_access": BusinessMethod(check_access, (Parameter("operation", required=True),)),
    }
    if new:
        methods["formatted_read_group"] = BusinessMethod(
            grouping.formatted_read_group,
            (
                Parameter("domain"),
                Parameter("groupby", default=()),
                Parameter("aggregates", default=()),
                Parameter("having", default=()),
                Parameter("offset", default=0),
                Parameter("limit"),
                Parameter("order"),
            ),
            on_records=False,
        )
    return methods


#: Methods that are private (refused remotely) although their name has no underscore.
PRIVATE_METHODS: dict[str, frozenset[str]] = {"18.0": frozenset(), "19.0": frozenset({"check_access"})}


def lookup(model: Model, method: str) -> BusinessMethod | None:
    """The method as the series defines it on this model, or None."""
    series = model.env.series
    specific = behaviour_for(model.name).methods()
    if method in specific:
        found = specific[method]
        return found if series in found.series else None
    if method == "context_get" and model.name == "res.users":
        return BusinessMethod(context_get, on_records=False)
    if method in CHATTER_METHODS and "message_ids" in model.fields:
        return CHATTER_METHODS[method]
    return _generic_methods(series).get(method)


def is_private(series: str, method: str) -> bool:
    return method.startswith("_") or method in PRIVATE_METHODS[series]


def private_method_error(series: str, model: str, method: str) -> AccessError:
    shown = method if series == "18.0" else f"'{model}.{method}'"
    return AccessError(f"Private methods (such as {shown}) cannot be called remotely.")
