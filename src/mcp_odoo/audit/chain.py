"""The tamper-evident hash chain over audit rows.

Each row stores ``sha256(previous row's hash + this entry's canonical JSON)``; the first row links
to ``GENESIS``. Editing, reordering or deleting a row breaks every later link, so `verify` finds
it. Truncating the newest rows leaves a valid shorter chain: anchor the head hash elsewhere (a
ticket, a signed log line) when that matters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from mcp_odoo.audit.entry import AuditEntry

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainedRow:
    """A stored entry with its position and the chain hash stored beside it."""

    row_id: int
    entry: AuditEntry
    chain_hash: str


def link(previous_hash: str, entry: AuditEntry) -> str:
    """The chain hash of `entry` stored right after a row whose hash is `previous_hash`."""
    return hashlib.sha256((previous_hash + entry.canonical_json()).encode("ascii")).hexdigest()


def continue_chain(previous_hash: str, rows: Iterable[ChainedRow]) -> str | None:
    """Walk `rows` (in storage order) from `previous_hash`; the last hash, or None at the first bad link."""
    current = previous_hash
    for row in rows:
        if link(current, row.entry) != row.chain_hash:
            return None
        current = row.chain_hash
    return current
