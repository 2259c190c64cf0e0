"""Reading records for the packs: compact cards (render.py's shape) with only fields the server has."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from mcp_odoo.odoo.pages import Related
from mcp_odoo.packs.versions import present
from mcp_odoo.policy import FieldMeta, OdooGateway
from mcp_odoo.policy.resolve import Lookup, RecordRef, Resolved, exact_search, resolve_record
from mcp_odoo.render import compact_record, record_line


class RecordCards(BaseModel):
    """A list of compact records (many2one as {id, name}, empty values left out)."""

    model: str
    records: list[dict[str, Any]] = Field(description="One compact card per record")
    total: int | None = Field(default=None, description="How many records match, when more may exist")
    closest: list[str] | None = Field(
        default=None, description="When nothing matches: the closest names, with their ids"
    )


class RecordCard(BaseModel):
    model: str
    record: dict[str, Any] = Field(description="The record, compact")


async def cards(
    gateway: OdooGateway,
    model: str,
    domain: Sequence[Any],
    wanted: Sequence[str],
    *,
    limit: int,
    order: str | None = None,
) -> list[dict[str, Any]]:
    """Compact cards of the matching records, reading only the `wanted` fields this server has."""
    names = await present(gateway, model, ["display_name", *wanted])
    rows = await gateway.search_read(model, domain, names, limit=limit, order=order)
    return _compact(rows, await gateway.fields(model))


async def cards_page(
    gateway: OdooGateway,
    model: str,
    domain: Sequence[Any],
    wanted: Sequence[str],
    *,
    limit: int,
    order: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """`cards` and the number of all matching records, in one request."""
    names = await present(gateway, model, ["display_name", *wanted])
    rows, total = await gateway.search_page(model, domain, names, limit=limit, order=order)
    return _compact(rows, await gateway.fields(model)), total


def _compact(rows: Sequence[Mapping[str, Any]], metas: Mapping[str, FieldMeta]) -> list[dict[str, Any]]:
    return [compact_record(row, metas) for row in rows]


class Document(NamedTuple):
    """A record (an order, an invoice) as a compact card, and the compact cards of its lines."""

    card: dict[str, Any]
    lines: list[dict[str, Any]]


async def documents(
    gateway: OdooGateway,
    model: str,
    domain: Sequence[Any],
    wanted: Sequence[str],
    lines: Related,
    *,
    limit: int,
) -> list[Document]:
    """The matching records with their `lines` (only the fields this server has): one request from Odoo 17."""
    names = await present(gateway, model, ["display_name", *wanted])
    line_model = (await gateway.fields(model))[lines.field].relation or ""
    line_names = await present(gateway, line_model, ["display_name", *lines.fields])
    related = dataclasses.replace(lines, fields=line_names)
    rows, _ = await gateway.search_page(model, domain, names, limit=limit, related=related)
    metas, line_metas = await gateway.fields(model), await gateway.fields(line_model)
    return [
        Document(
            compact_record({name: value for name, value in row.items() if name != lines.field}, metas),
            _compact(row.get(lines.field) or [], line_metas),
        )
        for row in rows
    ]


async def document_of(
    gateway: OdooGateway, model: str, record_id: int, wanted: Sequence[str], lines: Related
) -> Document:
    found = await documents(gateway, model, [["id", "=", record_id]], wanted, lines, limit=1)
    return found[0] if found else Document({"id": record_id}, [])


async def resolved_document(
    gateway: OdooGateway,
    lookup: Lookup,
    value: RecordRef,
    wanted: Sequence[str],
    lines: Related,
    *,
    domain: Sequence[Any] = (),
) -> tuple[Resolved, Document]:
    """The one record `value` names (see `resolve_record`) with its lines. When the id, name or reference
    matches exactly one record, that search reads the document too (one request from Odoo 17); otherwise
    `resolve_record` explains (ambiguity, closest names) or finds it, and the document is read by id."""
    found = await documents(
        gateway, lookup.model, exact_search(lookup, value, domain), wanted, lines, limit=2
    )
    if len(found) == 1:
        card = found[0].card
        return Resolved(int(card["id"]), str(card.get("display_name") or value)), found[0]
    resolved = await resolve_record(gateway, lookup, value, domain=domain)
    return resolved, await document_of(gateway, lookup.model, resolved.id, wanted, lines)


async def card_of(gateway: OdooGateway, model: str, record_id: int, wanted: Sequence[str]) -> dict[str, Any]:
    found = await cards(gateway, model, [["id", "=", record_id]], wanted, limit=1)
    return found[0] if found else {"id": record_id}


def card_lines(header: str, records: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join([header, *(record_line(record) for record in records)])
