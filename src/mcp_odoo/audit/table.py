"""Audit entries as a plain fixed-width text table for the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mcp_odoo.audit.entry import AuditEntry

NO_ENTRIES = "(no audit entries)"
_GAP = "  "
_IDS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    cell: Callable[[AuditEntry], str]
    max_width: int
    right_aligned: bool = False


def _or_dash(value: object) -> str:
    return "-" if value is None or value == "" else str(value)


def _target(entry: AuditEntry) -> str:
    if entry.model is None and entry.method is None:
        return "-"
    return ".".join(part for part in (entry.model, entry.method) if part)


def _ids(entry: AuditEntry) -> str:
    shown = ",".join(str(record_id) for record_id in entry.record_ids[:_IDS_SHOWN])
    hidden = len(entry.record_ids) - _IDS_SHOWN
    return _or_dash(shown) + (f",+{hidden}" if hidden > 0 else "")


_COLUMNS = (
    _Column("time (UTC)", lambda entry: entry.time.strftime("%Y-%m-%d %H:%M:%S"), 19),
    _Column("subject", lambda entry: _or_dash(entry.subject), 24),
    _Column("odoo user", lambda entry: _or_dash(entry.odoo_login), 20),
    _Column("client", lambda entry: _or_dash(entry.client_id), 16),
    _Column("tool", lambda entry: entry.tool, 24),
    _Column("model.method", _target, 36),
    _Column("outcome", lambda entry: entry.outcome, 7),
    _Column("kind", lambda entry: _or_dash(entry.error_kind), 22),
    _Column("ms", lambda entry: f"{entry.duration_ms:.0f}", 8, right_aligned=True),
    _Column("ids", _ids, 30),
)


def _printable(text: str) -> str:
    """Neutralise control characters so stored text cannot drive the terminal."""
    return "".join(character if character.isprintable() else "?" for character in text)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(entries: Sequence[AuditEntry]) -> str:
    """One header line, then one line per entry in the order given; long cells end with '…'."""
    if not entries:
        return NO_ENTRIES
    cells = [
        [_fit(_printable(column.cell(entry)), column.max_width) for column in _COLUMNS] for entry in entries
    ]
    widths = [
        max(len(column.title), *(len(row[index]) for row in cells)) for index, column in enumerate(_COLUMNS)
    ]

    def line(values: Sequence[str]) -> str:
        padded = (
            value.rjust(width) if column.right_aligned else value.ljust(width)
            for value, width, column in zip(values, widths, _COLUMNS, strict=True)
        )
        return _GAP.join(padded).rstrip()

    return "\n".join([line([column.title for column in _COLUMNS]), *(line(row) for row in cells)])
