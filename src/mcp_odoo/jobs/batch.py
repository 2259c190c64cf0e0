"""update_records_batch: the same values written on every record a domain matches, after one preview and one
confirmation for the whole batch, a page of ids per Odoo ``write``.

Odoo runs each ``write`` in one transaction: a page Odoo refuses changed nothing, and the batch stops there,
answering exactly which ids were updated, the page refused with Odoo's message, and how many were not tried.
The confirmation token is bound to the records the preview showed (`mcp_odoo.calls.kit`): when the domain
matches other records by the time it is confirmed, nothing is written and the user is asked again, on
whichever replica the token comes back to. (No ``from __future__ import annotations``: the kit reads the tool
signatures.)"""

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import anyio
from pydantic import BaseModel, Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.bounds import IDENTIFIER_SCHEMA
from mcp_odoo.calls.confirm import GuardFn, Preview
from mcp_odoo.calls.kit import Kit, not_done
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import UPDATES, ToolCall
from mcp_odoo.jobs.pages import id_ranges, matching_ids, pages
from mcp_odoo.jobs.running import Jobs
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.json_text import decoded
from mcp_odoo.policy.values import VALUES_EXAMPLE

SHOWN_NAMES = 5
"""Records named in the preview; the others are counted."""

BatchDomainArg = Annotated[
    list[Any] | str,
    Field(
        min_length=1,
        description='Odoo domain as JSON, e.g. [["state", "=", "draft"]]; required',
    ),
]
BatchValuesArg = Annotated[
    dict[str, Any] | str,
    Field(description='Values as a JSON object, e.g. {"user_id": "Marc Demo"}; many2one by id or exact name'),
]


class RefusedPage(BaseModel):
    ids: list[str] = Field(description="Ids of the page Odoo refused, as runs: none of them changed")
    message: str = Field(description="Odoo's message")


class BatchOutcome(BaseModel):
    status: Literal["done", "stopped", "declined", "confirmation_required"] = Field(
        description="done = every record updated; stopped = see refused_page / stopped_because; "
        "declined or confirmation_required = nothing changed"
    )
    model: str
    matched: int = Field(description="Records in the batch (as previewed)")
    updated: int = 0
    updated_ids: list[str] = Field(
        default_factory=list, description='Updated ids as runs, e.g. ["7-506", "731"]'
    )
    refused_page: RefusedPage | None = None
    not_attempted: int = Field(default=0, description="Records of the batch not tried (after the stop)")
    stopped_because: str | None = None
    preview: str | None = None
    confirmation_token: str | None = Field(default=None, description="Pass it back to confirm (single use)")


async def batch_preview(
    gateway: OdooGateway, model: str, ids: Sequence[int], values: Mapping[str, Any] | str
) -> Preview:
    written = decoded(values, "values", dict, VALUES_EXAMPLE)
    rows = await gateway.read(model, list(ids[:SHOWN_NAMES]), ["display_name"])
    names = ", ".join(
        f"{' '.join(str(row.get('display_name') or model).split())} (#{row['id']})" for row in rows
    )
    more = len(ids) - len(rows)
    changes = ", ".join(f"{name} = {value!r}" for name, value in written.items())
    return Preview(
        action="Update records in one batch",
        model=model,
        record_id=ids[0] if ids else 0,
        record_ids=tuple(ids),
        document=f"{len(ids)} {model} record(s): {names}" + (f" and {more} more" if more > 0 else ""),
        details=(
            f"Values set on each: {changes}",
            "Written a page at a time; if Odoo refuses a page, that page changes nothing and the batch "
            "stops there",
        ),
    )


_DESCRIPTION = """Set the same values on every record a domain matches (at most {settings.job_max_rows:,}).

Values are checked as in update_record. The first call changes nothing: it previews the batch for the user
and gives a confirmation_token to send back with the same arguments. Writes page by page; a page Odoo
refuses changes nothing and stops the batch, and the answer says which ids were updated and why it stopped.
Cannot be undone; does not create or delete."""


def register_batch(kit: Kit, jobs: Jobs) -> None:
    settings = jobs.settings

    def preview(model: str, domain: list[Any] | str, values: dict[str, Any] | str) -> GuardFn:
        async def build(gateway: OdooGateway) -> Preview:
            ids = await matching_ids(
                gateway, model, domain, order=None, cap=settings.job_max_rows, verb="batch"
            )
            return await batch_preview(gateway, model, ids, values)

        return build

    @kit.tool(UPDATES, preview=preview, description=_DESCRIPTION.format(settings=settings))
    async def update_records_batch(
        call: ToolCall,
        model: Annotated[
            str, Field(description="Technical model name, e.g. crm.lead", json_schema_extra=IDENTIFIER_SCHEMA)
        ],
        domain: BatchDomainArg,
        values: BatchValuesArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, BatchOutcome]:
        gateway = call.gateway
        prepared = await gateway.values_checker().prepare(model, values, creating=False)
        ids = await matching_ids(gateway, model, domain, order=None, cap=settings.job_max_rows, verb="batch")
        if not ids:
            raise InvalidRequest(
                f"no {model} record matches this domain; nothing was changed",
                hint="check the domain with count_records or search_records",
            )
        shown = await batch_preview(gateway, model, ids, values)
        stopped = await call.confirm(shown)
        if stopped is not None:
            status, flow = not_done(stopped)
            data = BatchOutcome(
                status=status,
                model=model,
                matched=len(ids),
                preview=flow.preview,
                confirmation_token=flow.confirmation_token,
            )
            return ToolOutput(data, stopped.text, completed=False)
        return await _run(call, jobs, model, ids, prepared)


async def _run(call: ToolCall, jobs: Jobs, model: str, ids: list[int], values: dict[str, Any]) -> ToolOutput:
    """Write `values` on `ids` a page at a time; stop at Odoo's first refusal, a cancel or the run time."""
    job = await jobs.begin(call, "update_records_batch")
    done: list[int] = []
    call.record_ids = done
    refused: RefusedPage | None = None
    refused_size = 0
    stopped: str | None = None
    try:
        for page in pages(ids, jobs.settings.job_page_size):
            stopped = job.stopping()
            if stopped is not None:
                break
            try:
                with anyio.CancelScope(shield=True):
                    await call.gateway.write(model, page, values)
            except OdooError as exc:
                refused, refused_size = RefusedPage(ids=id_ranges(page), message=exc.message), len(page)
                break
            done += page
            await job.advance(len(done), len(ids), f"{len(done)} of {len(ids)} records updated")
    finally:
        jobs.finished(job)
    data = BatchOutcome(
        status="done" if refused is None and stopped is None else "stopped",
        model=model,
        matched=len(ids),
        updated=len(done),
        updated_ids=id_ranges(done),
        refused_page=refused,
        not_attempted=len(ids) - len(done) - refused_size,
        stopped_because=stopped,
    )
    return ToolOutput(data, _summary(data, ", ".join(values)))


def _summary(data: BatchOutcome, fields: str) -> str:
    updated = f"Updated {fields} on {data.updated} of {data.matched} {data.model} records"
    if data.updated:
        updated += f" (ids {', '.join(data.updated_ids)})"
    if data.refused_page is not None:
        return (
            f"STOPPED: {updated}. Odoo refused the next page (ids {', '.join(data.refused_page.ids)}): "
            f"{data.refused_page.message} That page changed nothing (one transaction); "
            f"{data.not_attempted} record(s) after it were not attempted."
        )
    if data.stopped_because is not None:
        return (
            f"STOPPED ({data.stopped_because}): {updated}; {data.not_attempted} record(s) were not attempted."
        )
    return updated + "."
