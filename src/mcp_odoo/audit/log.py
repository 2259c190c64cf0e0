"""AuditLog: the one object the server and the CLI use to record and read audit entries."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from mcp_odoo.audit.chain import GENESIS, continue_chain
from mcp_odoo.audit.entry import AuditEntry, AuditQuery
from mcp_odoo.audit.errors import AuditUnavailable
from mcp_odoo.audit.redact import redact
from mcp_odoo.audit.rows import CorruptRow
from mcp_odoo.audit.settings import AuditSettings
from mcp_odoo.audit.sink import AuditSink

_VERIFY_PAGE_SIZE = 1_000
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class AuditLog:
    """Records every tool call, redacted and hash-chained, into one sink (SQLite or PostgreSQL)."""

    def __init__(self, sink: AuditSink) -> None:
        self._sink = sink

    @classmethod
    def from_settings(cls, settings: AuditSettings) -> AuditLog:
        """PostgreSQL when `url` is set, else the SQLite file at `path`. Nothing is opened yet."""
        if settings.url is None:
            from mcp_odoo.audit.sqlite import SqliteAuditSink

            return cls(SqliteAuditSink(settings.path))
        if not settings.url.startswith(_POSTGRES_SCHEMES):
            raise AuditUnavailable(
                "MCP_ODOO_AUDIT_URL: must start with postgresql:// (only PostgreSQL is supported)"
            )
        from mcp_odoo.audit.postgres import PostgresAuditSink

        return cls(PostgresAuditSink(settings.url))

    async def ensure_ready(self) -> None:
        """Open the sink and create its table if missing; raises AuditUnavailable with the reason."""
        await self._sink.ensure_ready()

    async def record(self, entry: AuditEntry) -> None:
        """Redact `entry.arguments` and append the entry; raises AuditUnavailable if it was not stored."""
        await self._sink.append(entry.model_copy(update={"arguments": redact(entry.arguments)}))

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        """Entries matching `query`, newest first."""
        try:
            return await self._sink.query(query)
        except CorruptRow as exc:
            raise AuditUnavailable(f"the audit log holds a damaged row: {exc}") from None

    async def verify(self) -> bool:
        """Whether every stored row still matches the hash chain (no row edited, reordered or removed)."""
        head, after_id = GENESIS, 0
        while True:
            try:
                page = await self._sink.chain_page(after_id, _VERIFY_PAGE_SIZE)
            except CorruptRow:
                return False
            if not page:
                return True
            next_head = continue_chain(head, page)
            if next_head is None:
                return False
            head, after_id = next_head, page[-1].row_id

    async def aclose(self) -> None:
        await self._sink.aclose()

    async def __aenter__(self) -> Self:
        await self.ensure_ready()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
