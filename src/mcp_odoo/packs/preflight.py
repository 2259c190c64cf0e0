"""Pre-flight checks shared by the packs: what must hold before a write is sent to Odoo, each failing
with a message an agent can act on instead of a deep Odoo error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from mcp_odoo.echo import echo
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.names import fold


def require_state(record: Mapping[str, Any], allowed: Iterable[str], *, label: str, action: str) -> None:
    """`InvalidRequest` unless the record's state is one of `allowed`."""
    states = tuple(allowed)
    state = record.get("state")
    if state not in states:
        raise InvalidRequest(
            f"{label} {record.get('display_name') or record.get('name')} is in state {state!r}; "
            f"only {label}s in state {' or '.join(states)} can be {action}",
            hint=f"nothing was changed; {action} applies to {' / '.join(states)} records only",
        )


def require_text(value: str, argument: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidRequest(f"{argument} must not be empty", hint=f"give a value for {argument}")
    return text


def check_date(value: str, argument: str) -> str | None:
    """An ISO date (YYYY-MM-DD) or None when empty; `InvalidRequest` otherwise."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidRequest(f"{argument} {value!r} is not a date", hint="use YYYY-MM-DD") from None


async def selection_key(
    gateway: OdooGateway, model: str, field: str, value: str, *, extra: Mapping[str, str] | None = None
) -> str:
    """The key of `model.field`'s selection that `value` names: the key itself, or its label (any case,
    accents ignored) when only one key has it, e.g. "Ready" -> assigned. `extra` are keys the tool knows
    besides Odoo's. Any other value is an `InvalidRequest` listing the valid keys with their labels."""
    meta = (await gateway.fields(model)).get(field)
    options = {**((meta.selection if meta is not None else None) or {}), **(extra or {})}
    if value in options:
        return value
    named = {key for key, label in options.items() if fold(value) in (fold(key), fold(label))}
    if len(named) == 1:
        return named.pop()
    listed = ", ".join(
        f"{key} ({label})" if label and label != key else key for key, label in options.items()
    )
    raise InvalidRequest(
        f"{field} {echo(value)} is not one of: {listed}",
        hint=f"give one of these keys (or its label); leave {field} out for any",
    )
