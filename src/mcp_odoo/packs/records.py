"""Reading records for the packs: compact cards (render.py's shape) with only fields the server has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from mcp_odoo.packs.versions import present
from mcp_odoo.policy import OdooGateway
from mcp_odoo.render import compact_record, record_line


class RecordCards(BaseModel):
    """A list of compact records (many2one as {id, name}, empty values left out)."""

    model: str
    records: list[dict[str, Any]] = Field(description="One compact card per record")
    total: int | None = Field(default=None, description="How many records match, when more may exist")


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
    metas = await gateway.fields(model)
    return [compact_record(row, metas) for row in rows]


async def card_of(gateway: OdooGateway, model: str, record_id: int, wanted: Sequence[str]) -> dict[str, Any]:
    found = await cards(gateway, model, [["id", "=", record_id]], wanted, limit=1)
    return found[0] if found else {"id": record_id}


def card_lines(header: str, records: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join([header, *(record_line(record) for record in records)])
