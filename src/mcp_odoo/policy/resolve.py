"""Relations given by id or by name/reference, resolved to one record id with one search.

42, "#42", "42", "Azure Interior", "[FURN_8888]", "[FURN_8888] Office Chair", "S00012",
"INV/2026/00003" all work. A number and ``"#42"`` are ids. Tool schemas publish these arguments
as strings, so an id often arrives as ``"42"``: that is record 42 only when no record of the model
is named (or referenced) ``"42"``, else the answer lists both. A name matches exactly, ignoring case
(and accents, see `mcp_odoo.policy.names`); no match or several matches is an `InvalidRequest` listing
the closest candidates with their ids (by similarity, so a typo still finds its record), so the agent
can pick one and call again with the id. Nothing is guessed.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.echo import echo
from mcp_odoo.policy.gateway import OdooGateway
from mcp_odoo.policy.names import Named, closest, listing, same_name, search_texts
from mcp_odoo.policy.rules import InvalidRequest

CANDIDATES = 5
_POOL = 20
CODE = re.compile(r"^\[([^\]]+)\]\s*(.*)$")

RecordRef = int | str
"""How a tool argument names a record: its id, or its name / reference."""


@dataclass(frozen=True)
class Lookup:
    """How to find records of one model by text: the fields compared, exactly then loosely."""

    model: str
    label: str
    fields: tuple[str, ...] = ("name",)
    code_field: str | None = None
    """Field matched by a leading ``[CODE]`` (products: default_code)."""


@dataclass(frozen=True)
class Resolved:
    id: int
    name: str


def _any_of(conditions: Sequence[list[Any]]) -> list[Any]:
    return ["|"] * (len(conditions) - 1) + list(conditions)


def _as_id(value: RecordRef) -> int | None:
    """The id `value` gives explicitly (a number or ``"#42"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    return int(text[1:]) if text.startswith("#") and _is_ascii_number(text[1:]) else None


def _id_or_text(value: RecordRef) -> int | None:
    """The id a text of digits (``"42"``) may stand for, besides being a name or reference."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if _is_ascii_number(text) else None


def _is_ascii_number(text: str) -> bool:
    """Only 0-9: str.isdigit() is also true for '¹' or '٣', which int() refuses or reads differently."""
    return text.isascii() and text.isdigit()


def _exact_domain(lookup: Lookup, text: str) -> list[Any]:
    code = CODE.match(text)
    if code is not None and lookup.code_field is not None:
        return [[lookup.code_field, "=ilike", code[1].strip()]]
    conditions = [[field, "=ilike", text] for field in lookup.fields]
    if lookup.code_field is not None:
        conditions.append([lookup.code_field, "=ilike", text])
    return _any_of(conditions)


def _loose_domain(lookup: Lookup, text: str) -> list[Any]:
    code = CODE.match(text)
    words = code[1] if code is not None else text
    fields = [*lookup.fields, *([lookup.code_field] if lookup.code_field else [])]
    return _any_of([[field, "ilike", words] for field in fields])


def _named(rows: Sequence[dict[str, Any]]) -> list[Named]:
    return [(int(row["id"]), str(row.get("display_name") or row.get("name") or "")) for row in rows]


def exact_search(lookup: Lookup, value: RecordRef, domain: Sequence[Any] = ()) -> list[Any]:
    """The domain `resolve_record` searches first: the id `value` gives, or its exact name or reference
    (or the id its digits may stand for), within `domain`."""
    record_id = _as_id(value)
    text = str(value).strip()
    if record_id is not None:
        search: list[Any] = [["id", "=", record_id]]
    elif text:
        search = _exact_domain(lookup, text)
        digits = _id_or_text(value)
        if digits is not None:
            search = ["|", ["id", "=", digits], *search]
    else:
        raise InvalidRequest(f"no {lookup.label} given", hint=f"give the {lookup.label}'s id or name")
    return [*search, *domain] if domain else search


async def resolve_record(
    gateway: OdooGateway, lookup: Lookup, value: RecordRef, *, domain: Sequence[Any] = ()
) -> Resolved:
    """The one record of `lookup.model` that `value` names (within `domain`), or `InvalidRequest`."""
    full = exact_search(lookup, value, domain)
    record_id = _as_id(value)
    text = str(value).strip()
    rows = await gateway.search_read(lookup.model, full, ["display_name"], limit=CANDIDATES + 1)
    if len(rows) == 1:
        return Resolved(int(rows[0]["id"]), str(rows[0].get("display_name") or text))
    if len(rows) > 1:
        raise InvalidRequest(
            f"{echo(text)} matches several {lookup.label}s: {listing(_named(rows[:CANDIDATES]))}",
            hint=f'call again with the id of the {lookup.label} you mean, as a number (e.g. 42) or as "#42"',
        )
    if record_id is not None:
        raise InvalidRequest(
            f"{lookup.label} #{record_id} does not exist or is not visible to this Odoo user"
            + (" in the state this action needs" if domain else ""),
            hint=f"check the id, or give the {lookup.label}'s name instead",
        )
    near = await _closest(gateway, lookup, text, domain)
    same = same_name(text, near)
    if len(same) == 1:
        return Resolved(*same[0])
    digits = _id_or_text(value)
    if digits is not None and not near:
        raise InvalidRequest(
            f"{lookup.label} #{digits} does not exist or is not visible to this Odoo user, "
            f"and no {lookup.label} is named {echo(text)}",
            hint=f"check the id, or give the {lookup.label}'s name instead",
        )
    raise _not_found(lookup, text, near)


async def _closest(gateway: OdooGateway, lookup: Lookup, text: str, domain: Sequence[Any]) -> list[Named]:
    """The records most like `text`: searched by the whole text and by the start of each word."""
    found = await asyncio.gather(
        *(
            gateway.search_read(
                lookup.model, [*_loose_domain(lookup, part), *domain], ["display_name"], limit=_POOL
            )
            for part in search_texts(text)
        )
    )
    return closest(text, (pair for rows in found for pair in _named(rows)), CANDIDATES)


def _not_found(lookup: Lookup, text: str, near: list[Named]) -> InvalidRequest:
    if near:
        return InvalidRequest(
            f"no {lookup.label} named {echo(text)}; closest: {listing(near)}",
            hint=f"call again with the id of one of these, or the exact {lookup.label} name",
        )
    return InvalidRequest(
        f"no {lookup.label} matches {echo(text)}",
        hint=f"check the spelling, or search for the {lookup.label} first",
    )


async def resolve_document(gateway: OdooGateway, model: str, record: RecordRef) -> Resolved:
    """A record of any exposed model, by id or by its name (``name`` or ``complete_name``)."""
    fields = await gateway.fields(model)
    names = tuple(name for name in ("name", "complete_name") if name in fields)
    if not names:
        record_id = _as_id(record)
        if record_id is None:
            record_id = _id_or_text(record)
        if record_id is None:
            raise InvalidRequest(f"{model} records have no name to search by", hint="give the record id")
        record = record_id
    return await resolve_record(gateway, Lookup(model, model, names or ("display_name",)), record)
