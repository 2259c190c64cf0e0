"""What a storage backend of the audit log provides."""

from __future__ import annotations

from typing import Protocol

from mcp_odoo.audit.chain import ChainedRow
from mcp_odoo.audit.entry import AuditEntry, AuditQuery


class AuditSink(Protocol):
    """Append-only storage of entries, each chained to the previous one.

    Every method opens the storage first when needed, and raises `AuditUnavailable` when it cannot
    be reached; reading rows may raise `CorruptRow`.
    """

    async def ensure_ready(self) -> None:
        """Open the storage and create the table if missing; idempotent."""

    async def append(self, entry: AuditEntry) -> None:
        """Store `entry` with its chain hash, reading the previous hash in the same transaction."""

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        """Matching entries, newest first."""

    async def chain_page(self, after_id: int, limit: int) -> list[ChainedRow]:
        """Up to `limit` rows with a row id above `after_id`, in storage order."""

    async def aclose(self) -> None:
        """Release the connection; the sink may be made ready again later."""
