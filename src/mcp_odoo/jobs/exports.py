"""export_records: a large query written to a CSV or XLSX file a page at a time, answered with a summary and a
link to ``odoo://exports/{id}.{csv|xlsx}``, a resource only the Odoo user who made it can read. (No ``from
__future__ import annotations``: the kit reads the tool signatures.)"""

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp_types import ResourceLink
from pydantic import BaseModel, Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.bounds import IDENTIFIER_SCHEMA, ORDER_MAX_CHARS
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import READS, ToolCall
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.calls.served import served
from mcp_odoo.echo import echo
from mcp_odoo.icons import RESOURCES, icons_for
from mcp_odoo.jobs.files import MIME_TYPES, Cell, ExportStore, Format
from mcp_odoo.jobs.pages import matching_ids, pages
from mcp_odoo.jobs.running import Jobs, caller_owners
from mcp_odoo.policy import FieldMeta, InvalidRequest
from mcp_odoo.policy.domain import checked_order
from mcp_odoo.render import compact_value, text_value

ExportFieldsArg = Annotated[
    list[Annotated[str, Field(json_schema_extra=IDENTIFIER_SCHEMA)]],
    Field(
        min_length=1,
        max_length=200,
        description='Columns, e.g. ["name", "partner_id"] (id comes first)',
    ),
]
ExportDomainArg = Annotated[
    list[Any] | str,
    Field(
        default_factory=list,
        description="Odoo domain as JSON; empty = all",
    ),
]
FormatArg = Annotated[Literal["csv", "xlsx"], Field(default="csv", description="File format")]
ExportOrderArg = Annotated[
    str,
    Field(default="", max_length=ORDER_MAX_CHARS, description='e.g. "date desc"; empty = by id'),
]


class ExportOutcome(BaseModel):
    status: Literal["complete", "stopped"] = Field(
        description="complete = every matching record is in the file; stopped = no file is offered"
    )
    model: str
    domain: list[Any] | str
    format: str
    columns: list[str]
    matched: int = Field(description="Records matching the domain when the export started")
    rows: int = Field(description="Rows written (without the header)")
    uri: str | None = Field(default=None, description="The file's resource (read it to get the file)")
    mime_type: str | None = None
    bytes: int | None = None
    expires_in_seconds: int | None = Field(default=None, description="The file is deleted after this")
    stopped_because: str | None = None


def cell(meta: FieldMeta | None, value: Any) -> Cell:
    """A value as the other tools show it (many2one ``Name (#id)``, dates ISO); numbers stay numbers."""
    shown = compact_value(meta, value)
    if shown is None:
        return ""
    if isinstance(shown, int | float) and not isinstance(shown, bool):
        return shown
    return text_value(shown)


_DESCRIPTION = """Write every matching record to a CSV or XLSX file (at most {settings.job_max_rows:,} rows).

For a file, or more rows than search_records pages. Answers a summary and a link, odoo://exports/<id> (kept
{retention} min, for this Odoo user only), never the rows. Stopped or cancelled: no file. Changes nothing."""


def register_export(kit: Kit, jobs: Jobs, store: ExportStore) -> None:
    settings = jobs.settings
    retention = int(settings.export_retention_seconds)

    @kit.tool(READS, description=_DESCRIPTION.format(settings=settings, retention=retention // 60))
    async def export_records(
        call: ToolCall,
        model: Annotated[
            str,
            Field(description="Technical model name, e.g. account.move", json_schema_extra=IDENTIFIER_SCHEMA),
        ],
        fields: ExportFieldsArg,
        domain: ExportDomainArg,
        format: FormatArg,
        order: ExportOrderArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, ExportOutcome]:
        gateway = call.gateway
        columns = ["id", *await gateway.check_fields(model, [name for name in fields if name != "id"])]
        meta = await gateway.fields(model)
        sort = await checked_order(model, order, gateway.fields)
        ids = await matching_ids(gateway, model, domain, order=sort, cap=settings.job_max_rows, verb="export")
        job = await jobs.begin(call, "export_records")
        room = store.room(job.owner)
        file = store.open(job.owner, format)
        stopped: str | None = None
        done = 0
        try:
            file.sheet.row(columns)
            for page in pages(ids, settings.job_page_size):
                stopped = job.stopping()
                if stopped is None and file.sheet.size() > room:
                    stopped = (
                        f"the files this Odoo user keeps would exceed {settings.export_max_bytes:,} bytes"
                    )
                if stopped is not None:
                    break
                rows = await gateway.search_read(model, [["id", "in", page]], columns, limit=len(page))
                found = {int(row["id"]): row for row in rows}
                for record_id in page:
                    if record_id in found:
                        file.sheet.row([cell(meta.get(name), found[record_id].get(name)) for name in columns])
                        file.rows += 1
                done += len(page)
                await job.advance(done, len(ids), f"{file.rows} of {len(ids)} rows written")
        except BaseException:
            file.discard()
            raise
        finally:
            jobs.finished(job)
        outcome = ExportOutcome(
            status="complete",
            model=model,
            domain=domain,
            format=format,
            columns=columns,
            matched=len(ids),
            rows=file.rows,
        )
        if stopped is not None:
            file.discard()
            outcome.status, outcome.stopped_because = "stopped", stopped
            text = (
                f"Export STOPPED after {file.rows} of {len(ids)} rows: {stopped}. No file is offered "
                "(the partial file was deleted); nothing changed in Odoo."
            )
            return ToolOutput(outcome, text)
        export = store.keep(file)
        outcome.uri, outcome.mime_type, outcome.bytes = export.uri, MIME_TYPES[format], export.size
        outcome.expires_in_seconds = retention
        link = ResourceLink(
            type="resource_link",
            uri=export.uri,
            name=f"{model} export ({export.rows} rows)",
            mime_type=MIME_TYPES[format],
            size=export.size,
        )
        text = (
            f"Exported {export.rows} {model} records ({len(columns)} columns: {', '.join(columns)}) to "
            f"{format.upper()}, {export.size:,} bytes: {export.uri} (read it to get the file; kept "
            f"{retention // 60} min, for this Odoo user only). The rows are not in this answer."
        )
        return ToolOutput(outcome, text, attachments=[link])

    for format in MIME_TYPES:
        _register_resource(kit, store, format)  # type: ignore[arg-type]


def _register_resource(kit: Kit, store: ExportStore, format: Format) -> None:
    @kit.mcp.resource(
        f"odoo://exports/{{export_id}}.{format}",
        name=f"odoo_export_{format}",
        title=f"Export file ({format.upper()})",
        description=f"A {format.upper()} file made by export_records, readable only by the Odoo user who "
        "made it, while it is kept.",
        mime_type=MIME_TYPES[format],
        icons=icons_for(RESOURCES),
    )
    async def read_export(export_id: str, ctx: Context[Runtime, Any]) -> str | bytes:
        runtime = ctx.request_context.lifespan_context

        async def read(call: ToolCall) -> str | bytes:
            for owner in await caller_owners(runtime):
                export = store.read(export_id, format, owner)
                if export is not None:
                    content = export.path.read_bytes()
                    return content.decode() if format == "csv" else content
            raise InvalidRequest(
                f"there is no export {echo(export_id)}.{format} for this Odoo user: it expired, or was never "
                "made by this user",
                hint="run export_records again",
            )

        return await served(
            runtime,
            "read_resource",
            {"uri": f"odoo://exports/{export_id}.{format}"},
            read,
            request_id=str(ctx.request_id),
        )
