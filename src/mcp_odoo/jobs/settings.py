"""How long jobs are bounded: rows per Odoo request, rows per job, run time, jobs one Odoo identity may run at
once, and how long and how large the export files are kept.

Configured as ``MCP_ODOO_JOB_PAGE_SIZE``, ``MCP_ODOO_JOB_MAX_ROWS``, ``MCP_ODOO_JOB_MAX_SECONDS``,
``MCP_ODOO_JOB_CONCURRENCY``, ``MCP_ODOO_EXPORT_RETENTION_SECONDS`` and ``MCP_ODOO_EXPORT_MAX_BYTES`` (the
same names under ``[server]`` in the TOML file); `mcp_odoo.settings` files them here."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

XLSX_MAX_ROWS = 1_048_575
"""A worksheet holds 1,048,576 rows, the header included."""


class JobSettings(BaseModel):
    """Long jobs (exports, batch updates): their bounds."""

    model_config = ConfigDict(extra="forbid")

    job_page_size: int = Field(
        default=500, ge=10, le=5_000, description="Records read or written per Odoo request of a long job"
    )
    job_max_rows: int = Field(
        default=100_000, ge=1, le=XLSX_MAX_ROWS, description="Records one export or batch update may cover"
    )
    job_max_seconds: float = Field(
        default=900, ge=1, le=86_400, description="Run time after which a long job stops cleanly"
    )
    job_concurrency: int = Field(
        default=2, ge=1, le=100, description="Long jobs one Odoo identity may run at the same time"
    )
    export_retention_seconds: float = Field(
        default=3_600, ge=60, le=604_800, description="How long an export file (and a finished task) is kept"
    )
    export_max_bytes: int = Field(
        default=100_000_000,
        ge=10_000,
        le=10_000_000_000,
        description="Bytes of export files one Odoo identity may keep",
    )
