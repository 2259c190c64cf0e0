"""The audit log: every MCP tool call, secrets redacted, in a hash-chained append-only table.

Usage::

    from mcp_odoo.audit import AuditLog, AuditEntry, AuditQuery, AuditUnavailable, render_table

    audit = AuditLog.from_settings(server_settings.audit)   # SQLite at its path, or PostgreSQL at its url
    await audit.ensure_ready()
    await audit.record(AuditEntry(...))               # raises AuditUnavailable when not stored
    entries = await audit.query(AuditQuery(last=20))  # newest first
    intact = await audit.verify()
    await audit.aclose()
"""

from mcp_odoo.audit.entry import AuditEntry, AuditQuery, Outcome
from mcp_odoo.audit.errors import AuditUnavailable
from mcp_odoo.audit.log import AuditLog
from mcp_odoo.audit.redact import REDACTED, redact
from mcp_odoo.audit.settings import AuditSettings
from mcp_odoo.audit.table import render_table

__all__ = [
    "REDACTED",
    "AuditEntry",
    "AuditLog",
    "AuditQuery",
    "AuditSettings",
    "AuditUnavailable",
    "Outcome",
    "redact",
    "render_table",
]
