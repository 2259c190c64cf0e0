"""Converting client values to stored values: scalars (with selection checks) and x2many commands."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .fields import Field

if TYPE_CHECKING:
    from .engine import Model

CREATE, UPDATE, DELETE, UNLINK, LINK, CLEAR, SET = range(7)


def convert_scalar(model: str, field: Field, value: Any) -> Any:
    """The stored form of a non-x2many value; a selection value outside the list is Odoo's ValueError."""
    if value is None:
        return False
    if field.type == "selection":
        keys = field.selection_keys
        if value is not False and keys is not None and value not in keys:
            raise ValueError(f"Wrong value for {model}.{field.name}: {value!r}")
        return value
    if field.type == "many2one":
        if isinstance(value, list | tuple):
            value = value[0] if value else False
        if (isinstance(value, str) and not value.isdigit()) or isinstance(value, dict | float):
            raise ValueError(f"Wrong value for {model}.{field.name}: {value!r}")
        return int(value) if value else False
    if field.type in ("float", "monetary"):
        return float(value or 0.0)
    if field.type == "integer":
        return int(value or 0)
    if field.type == "boolean":
        return bool(value)
    if field.type in ("date", "datetime") and value is not False:
        return _parse_date(field.type, value)
    return value


def _parse_date(field_type: str, value: Any) -> str:
    """Odoo's Date/Datetime.to_date/to_datetime: truncate, complete a bare date, then strptime."""
    text = str(value)
    if field_type == "date":
        return dt.datetime.strptime(text[:10], "%Y-%m-%d").strftime("%Y-%m-%d")
    text = text[:19]
    if len(text) == 10:
        text += " 00:00:00"
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M:%S")


def apply_x2many_commands(
    owner: Model, record_id: int, field: Field, current: list[int], commands: Any
) -> list[int]:
    """Apply Odoo's x2many commands ([0, 0, vals], [4, id], [6, 0, ids], ...) or a plain id list."""
    if commands is False or commands is None:
        return []
    comodel = owner.sibling(field.relation or "")
    inverse = owner.db.inverse_field(owner.name, field) if field.type == "one2many" else None
    result = list(current)
    for command in commands:
        if isinstance(command, int):
            result = [*result, command] if command not in result else result
            continue
        code = command[0]
        if code == CREATE:
            values = dict(command[2] or {})
            if inverse:
                values[inverse] = record_id
            new_id = comodel.create([values])[0]
            if new_id not in result:
                result.append(new_id)
        elif code == UPDATE:
            comodel.write([command[1]], dict(command[2] or {}))
        elif code == DELETE:
            result = [item for item in result if item != command[1]]
            comodel.unlink([command[1]])
        elif code == UNLINK:
            result = [item for item in result if item != command[1]]
        elif code == LINK:
            if command[1] not in result:
                result.append(int(command[1]))
        elif code == CLEAR:
            result = []
        elif code == SET:
            result = [int(item) for item in (command[2] or [])]
    return result
