"""Relations given by id or by name/reference, resolved to one record id with one search.

42, "#42", "42", "Azure Interior", "[FURN_8888]", "[FURN_8888] Office Chair", "S00012",
"INV/2026/00003" all work. A number and ``"#42"`` are ids. Tool schemas publish these arguments
as strings, so an id often arrives as ``"42"``: that is record 42 only when no record of the model
is named (or referenced) ``"42"``, else the answer lists both. No match or several matches is an
`InvalidRequest` listing the closest candidates with their ids, so the agent can pick one and
call again with the id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.policy import InvalidRequest, OdooGateway

CANDIDATES = 5
_CODE = re.compile(r"^\[([^\]]+)\]\s*(.*)$")

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
    code = _CODE.match(text)
    if code is not None and lookup.code_field is not None:
        return [[lookup.code_field, "=ilike", code[1].strip()]]
    conditions = [[field, "=ilike", text] for field in lookup.fields]
    if lookup.code_field is not None:
        conditions.append([lookup.code_field, "=ilike", text])
    return _any_of(conditions)


def _loose_domain(lookup: Lookup, text: str) -> list[Any]:
    code = _CODE.match(text)
    words = code[1] if code is not None else text
    fields = [*lookup.fields, *([lookup.code_field] if lookup.code_field else [])]
    return _any_of([[field, "ilike", words] for field in fields])


def _listing(rows: Sequence[dict[str, Any]]) -> str:
    return "; ".join(f"{row.get('display_name') or row.get('name')} (#{row['id']})" for row in rows)


async def resolve_record(
    gateway: OdooGateway, lookup: Lookup, value: RecordRef, *, domain: Sequence[Any] = ()
) -> Resolved:
    """The one record of `lookup.model` that `value` names (within `domain`), or `InvalidRequest`."""
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
    full = [*search, *domain] if domain else search
    rows = await gateway.search_read(lookup.model, full, ["display_name"], limit=CANDIDATES + 1)
    if len(rows) == 1:
        return Resolved(int(rows[0]["id"]), str(rows[0].get("display_name") or text))
    if len(rows) > 1:
        raise InvalidRequest(
            f"{text!r} matches several {lookup.label}s: {_listing(rows[:CANDIDATES])}",
            hint=f'call again with the id of the {lookup.label} you mean, as a number (e.g. 42) or as "#42"',
        )
    raise await _not_found(gateway, lookup, text, record_id, domain)


async def _not_found(
    gateway: OdooGateway, lookup: Lookup, text: str, record_id: int | None, domain: Sequence[Any]
) -> InvalidRequest:
    if record_id is not None:
        return InvalidRequest(
            f"no {lookup.label} with id {record_id}" + (" in the state this action needs" if domain else ""),
            hint=f"check the id, or give the {lookup.label}'s name instead",
        )
    loose = [*_loose_domain(lookup, text), *domain]
    near = await gateway.search_read(lookup.model, loose, ["display_name"], limit=CANDIDATES)
    if near:
        return InvalidRequest(
            f"no {lookup.label} named exactly {text!r}; closest: {_listing(near)}",
            hint=f"call again with the id of one of these, or the exact {lookup.label} name",
        )
    return InvalidRequest(
        f"no {lookup.label} matches {text!r}",
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


PARTNER = Lookup("res.partner", "partner", ("name", "email", "ref", "vat"))
PRODUCT = Lookup("product.product", "product", ("name",), code_field="default_code")
SALE_ORDER = Lookup("sale.order", "sales order", ("name", "client_order_ref"))
INVOICE = Lookup("account.move", "invoice", ("name", "ref"))
TRANSFER = Lookup("stock.picking", "transfer", ("name", "origin"))
LEAD = Lookup("crm.lead", "lead", ("name", "email_from"))
USER = Lookup("res.users", "user", ("name", "login"))
STAGE = Lookup("crm.stage", "stage", ("name",))
JOURNAL = Lookup("account.journal", "journal", ("name", "code"))
WAREHOUSE = Lookup("stock.warehouse", "warehouse", ("name", "code"))
LOCATION = Lookup("stock.location", "location", ("complete_name", "name"))
