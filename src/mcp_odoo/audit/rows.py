"""The mapping between an AuditEntry and a table row, shared by every sink.

`arguments` and `record_ids` are stored as JSON text, exactly as hashed, so that a row read
back gives the same canonical JSON it was chained with.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from mcp_odoo.audit.chain import ChainedRow
from mcp_odoo.audit.entry import AuditEntry, AuditQuery, parse_time

ENTRY_COLUMNS = (
    "time",
    "client_id",
    "odoo_login",
    "odoo_uid",
    "tool",
    "model",
    "method",
    "arguments",
    "outcome",
    "error_kind",
    "duration_ms",
    "record_ids",
    "subject",
    "request_id",
)
_JSON_COLUMNS = ("arguments", "record_ids")


class CorruptRow(Exception):
    """A stored row that no longer describes a valid entry (edited by hand, or damaged)."""


def entry_values(entry: AuditEntry) -> dict[str, Any]:
    """Column values for `entry`, JSON columns serialised; `time` stays a datetime."""
    values = entry.model_dump(mode="python")
    for column in _JSON_COLUMNS:
        values[column] = json.dumps(values[column], ensure_ascii=False, allow_nan=False)
    return {column: values[column] for column in ENTRY_COLUMNS}


def entry_from_values(values: Mapping[str, Any]) -> AuditEntry:
    """The entry a row describes; `time` may be stored text or a datetime."""
    fields = {column: values[column] for column in ENTRY_COLUMNS}
    try:
        if not isinstance(fields["time"], datetime):
            fields["time"] = parse_time(fields["time"])
        for column in _JSON_COLUMNS:
            fields[column] = json.loads(fields[column])
        return AuditEntry.model_validate(fields)
    except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
        raise CorruptRow(str(exc)) from None


def entry_from_row(row: Sequence[Any]) -> AuditEntry:
    """The entry of a row selected as ``ENTRY_COLUMNS`` in that order."""
    return entry_from_values(dict(zip(ENTRY_COLUMNS, row, strict=True)))


def chained_row(row: Sequence[Any]) -> ChainedRow:
    """A row selected as ``id, *ENTRY_COLUMNS, chain_hash``."""
    return ChainedRow(row[0], entry_from_row(row[1:-1]), row[-1])


def query_filter(query: AuditQuery, placeholder: str) -> tuple[str, list[Any]]:
    """The WHERE clause (possibly empty) and its parameters for `query`, in a driver's placeholder style."""
    conditions: list[str] = []
    parameters: list[Any] = []
    for column, wanted in (
        ("tool", query.tool),
        ("subject", query.subject),
        ("odoo_login", query.odoo_login),
    ):
        if wanted is not None:
            conditions.append(f"{column} = {placeholder}")
            parameters.append(wanted)
    if query.errors_only:
        conditions.append("outcome <> 'ok'")
    clause = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return clause, parameters
