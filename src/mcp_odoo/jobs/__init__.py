"""Long jobs: export_records (a large query to a CSV or XLSX file) and, with writes enabled,
update_records_batch, run as MCP tasks for the clients that take them and as bounded synchronous calls for
the others (`mcp_odoo.jobs.tasks`), with progress per page and a clean stop.

`build_server` makes one `LongJobs` from the settings, passes its `extension` to the `MCPServer`, declares the
tools through the kit (`register`) and runs it in its lifespan (`running`).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from mcp_odoo.calls.kit import Kit
from mcp_odoo.icons import RECORDS, icons_for
from mcp_odoo.jobs.batch import register_batch
from mcp_odoo.jobs.exports import register_export
from mcp_odoo.jobs.files import ExportStore
from mcp_odoo.jobs.running import Jobs
from mcp_odoo.jobs.settings import JobSettings
from mcp_odoo.jobs.tasks import TASKS_EXTENSION, TasksExtension

JOB_TOOLS = ("export_records", "update_records_batch")


@dataclass
class LongJobs:
    jobs: Jobs
    exports: ExportStore
    extension: TasksExtension

    @classmethod
    def from_settings(cls, settings: JobSettings, clock: Callable[[], float] = time.time) -> LongJobs:
        jobs = Jobs(settings, clock)
        return cls(jobs, ExportStore(settings, clock), TasksExtension(jobs, JOB_TOOLS))

    def register(self, kit: Kit) -> None:
        """Declare export_records, and update_records_batch when the server allows writes."""
        kit = kit.with_icons(icons_for(RECORDS))
        register_export(kit, self.jobs, self.exports)
        if kit.writes_enabled:
            register_batch(kit, self.jobs)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """While the server runs; then running jobs are cancelled and the export files deleted."""
        try:
            async with self.jobs.running():
                yield
        finally:
            self.exports.close()


__all__ = ["JOB_TOOLS", "TASKS_EXTENSION", "JobSettings", "LongJobs"]
