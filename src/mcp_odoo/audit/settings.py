"""The audit log's settings: where it is kept, and whether a write may run when it cannot be recorded.

Configured as ``MCP_ODOO_AUDIT_PATH``, ``MCP_ODOO_AUDIT_URL`` and ``MCP_ODOO_AUDIT_REQUIRED_FOR_WRITES``
(``audit_path`` ... under ``[server]`` in the TOML file); `mcp_odoo.settings` files them here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class AuditSettings(BaseModel):
    """Where the audit log is kept (a SQLite file, or PostgreSQL when `url` is set)."""

    model_config = ConfigDict(extra="forbid")

    path: Path = Field(default=Path("mcp-odoo-audit.sqlite3"), description="SQLite audit file")
    url: str | None = Field(default=None, description="postgresql://... to audit into PostgreSQL")
    required_for_writes: bool = Field(
        default=False, description="Refuse a write when its audit entry cannot be stored first"
    )
