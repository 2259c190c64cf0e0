"""The two doors into the ORM: RPC `execute_kw` and JSON-2, each binding arguments the way Odoo does.

RPC (`odoo.service.model.execute_kw` + `odoo.api.call_kw`): private check, model lookup, method lookup,
then positional/keyword binding whose failures are Python TypeErrors; a recordset returned without
`@api.returns` goes to the wire as is on 18.0 (`Recordset`), while 19.0's `call_kw` answers every
recordset with its ids. JSON-2: named arguments bound against the series' signature, failures as
werkzeug 404/422; recordsets come back as id lists.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import UserError, WerkzeugHTTPError
from ..recordset import Recordset
from .behaviours import BusinessMethod
from .behaviours.base import VAR_KEYWORD
from .database import Database
from .engine import Model
from .env import make_env
from .methods import is_private, lookup, private_method_error

NOT_FOUND = "werkzeug.exceptions.NotFound"
UNPROCESSABLE = "werkzeug.exceptions.UnprocessableEntity"


def class_name(model: str) -> str:
    return "".join(part.capitalize() for part in model.split("."))


def unknown_method_error(series: str, model: str, method: str) -> AttributeError:
    if series == "18.0":
        return AttributeError(f"The method '{method}' does not exist on the model '{model}'")
    return AttributeError(f"The method '{model}.{method}' does not exist")


def _bind_positional(
    model: str, name: str, spec: BusinessMethod, args: list[Any], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Python's binding of `method(*args, **kwargs)`, with Python's TypeError messages."""
    qualified = f"{class_name(model)}.{name}()"
    named = [parameter for parameter in spec.parameters if parameter.name != VAR_KEYWORD]
    takes_kwargs = len(named) != len(spec.parameters)
    if len(args) > len(named):
        raise TypeError(
            f"{qualified} takes {len(named) + 1} positional arguments but {len(args) + 1} were given"
        )
    bound = {parameter.name: value for parameter, value in zip(named, args, strict=False)}
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"{qualified} got multiple values for argument '{key}'")
        if not takes_kwargs and key not in {parameter.name for parameter in named}:
            raise TypeError(f"{qualified} got an unexpected keyword argument '{key}'")
        bound[key] = value
    missing = [parameter.name for parameter in named if parameter.required and parameter.name not in bound]
    if missing:
        listed = " and ".join(f"'{item}'" for item in missing)
        plural = "s" if len(missing) > 1 else ""
        raise TypeError(f"{qualified} missing {len(missing)} required positional argument{plural}: {listed}")
    return bound


def _call(model: Model, spec: BusinessMethod, ids: list[int] | None, bound: dict[str, Any]) -> Any:
    keywords = {parameter.name: parameter.keyword for parameter in spec.parameters}
    bound = {keywords.get(name, name): value for name, value in bound.items()}
    if spec.on_records:
        return spec.impl(model, model.browse_ids(ids), **bound)
    return spec.impl(model, **bound)


def _refuse_private(db: Database, model: str, method: str) -> None:
    if is_private(db.series, method):
        raise private_method_error(db.series, model, method)


def execute_kw(
    db: Database, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
) -> Any:
    _refuse_private(db, model, method)
    if not db.has_model(model):
        raise UserError(f"Object {model} doesn't exist")
    kwargs = dict(kwargs or {})
    env = make_env(db, uid, kwargs.pop("context", None))
    recordset = Model(env, model)
    spec = lookup(recordset, method)
    if spec is None:
        raise unknown_method_error(db.series, model, method)
    args = list(args or [])
    ids: list[int] | None = None
    if spec.on_records:
        if not args:
            raise TypeError(f"{class_name(model)}.{method}() missing 1 required positional argument: 'self'")
        ids = args.pop(0)
    result = _call(recordset, spec, ids, _bind_positional(model, method, spec, args, kwargs))
    if method == "create" and isinstance(args[0] if args else kwargs.get("vals_list"), dict):
        return result[0]  # RPC answers create(dict) with the new id, create([dicts]) with the ids
    if isinstance(result, Recordset) and db.series != "18.0":
        return list(result.ids)
    return result


def _bind_named(spec: BusinessMethod, body: dict[str, Any]) -> dict[str, Any]:
    named = [parameter for parameter in spec.parameters if parameter.name != VAR_KEYWORD]
    takes_kwargs = len(named) != len(spec.parameters)
    for parameter in named:
        if parameter.required and parameter.name not in body:
            raise WerkzeugHTTPError(422, UNPROCESSABLE, f"missing a required argument: '{parameter.name}'")
    known = {parameter.name for parameter in named}
    for key in body:
        if key not in known and not takes_kwargs:
            raise WerkzeugHTTPError(422, UNPROCESSABLE, f"got an unexpected keyword argument '{key}'")
    return dict(body)


def execute_json2(db: Database, uid: int, model: str, method: str, body: Any) -> Any:
    if not db.has_model(model):
        raise WerkzeugHTTPError(404, NOT_FOUND, f"the model '{model}' does not exist")
    _refuse_private(db, model, method)
    arguments = dict(body) if isinstance(body, dict) else {}
    ids = arguments.pop("ids", None)
    context = dict(arguments.pop("context", None) or {})
    env = make_env(db, uid, context)
    recordset = Model(env, model)
    spec = lookup(recordset, method)
    if spec is None:
        raise WerkzeugHTTPError(404, NOT_FOUND, f"The method '{model}.{method}' does not exist")
    if ids is not None and not spec.on_records:
        raise WerkzeugHTTPError(422, UNPROCESSABLE, f"cannot call {model}.{method} with ids")
    bound = _bind_named(spec, arguments)
    record_ids = ids if isinstance(ids, list) else [] if ids is None else [ids]
    result = _call(recordset, spec, record_ids, bound)
    if isinstance(result, Recordset):
        return list(result.ids)
    return [result] if spec.returns_record else result
