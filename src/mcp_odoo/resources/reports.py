"""PDF reports: the `get_report_pdf` and `get_invoice_pdf` tools and ``odoo://report/{report_name}/{id}``.

The PDF comes freshly rendered from Odoo by whatever the connected Odoo allows, in this order:
the portal URL of a portal document (an API key is enough), a web session (needs a password),
then, for a document's usual report, the PDF already stored on the record
(``message_main_attachment_id``, read only when the policy exposes ``ir.attachment``). When
nothing works the error lists why each way failed and what to configure. The policy is checked
before any request: the model must be exposed and the record readable by the Odoo user. PDFs
above ``pdf_inline_max_bytes`` are answered by a ``resource_link`` to the report resource
instead of being inlined.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp_types import BlobResourceContents, EmbeddedResource, ResourceLink
from pydantic import BaseModel, Field

from mcp_odoo.calls.arguments import CompanyArg
from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import READS, ToolCall
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.calls.served import served
from mcp_odoo.calls.uris import REPORT_TEMPLATE, TARGET_REPORT_TEMPLATE, report_uri
from mcp_odoo.icons import icons_for
from mcp_odoo.odoo.errors import AuthenticationFailed, NotOdoo
from mcp_odoo.odoo.reports import PdfEngineMissing, PdfFetcher, PdfFile, PdfUnavailable
from mcp_odoo.policy import InvalidRequest, OdooGateway, PolicyError
from mcp_odoo.policy.resolve import resolve_document
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.resources.completion import MAX_VALUES, completions, record_ids
from mcp_odoo.resources.serving import parse_id

PDF = "application/pdf"
DEFAULT_REPORTS = {
    "account.move": "account.report_invoice",
    "sale.order": "sale.report_saleorder",
    "stock.picking": "stock.report_deliveryslip",
}
PORTAL_REPORTS = {
    "account.move": frozenset({"account.report_invoice", "account.report_invoice_with_payments"}),
    "sale.order": frozenset({"sale.report_saleorder"}),
    "stock.picking": frozenset({"stock.report_deliveryslip"}),
}
"""The reports a portal document's PDF link renders, per model."""
STANDARD_REPORTS = {
    "account.report_invoice": "account.move",
    "account.report_invoice_with_payments": "account.move",
    "sale.report_saleorder": "sale.order",
    "stock.report_deliveryslip": "stock.picking",
    "stock.report_picking": "stock.picking",
}
"""The standard document reports and their models, for servers whose report actions are not readable."""
STORED_PDF_FIELD = "message_main_attachment_id"
NO_STORED_PDF = "a stored PDF is used only when the record has one and ir.attachment is exposed"


class ReportPdf(BaseModel):
    model: str
    record_id: int
    record_name: str
    report: str
    size: int = Field(description="PDF size in bytes")
    file_name: str
    obtained_via: str = Field(description="portal, web_session or attachment")
    uri: str = Field(description="Resource URI of this PDF (read it to get the bytes)")
    inlined: bool = Field(description="True when the PDF is embedded in this answer; else linked")


@dataclass
class RenderedPdf:
    pdf: PdfFile
    report: str
    record_name: str


async def report_model(gateway: OdooGateway, report_name: str) -> str:
    """The model a report prints, from Odoo's report actions (or the standard document reports)."""
    rows = await gateway.search_read(
        "ir.actions.report", [["report_name", "=", report_name]], ["model"], limit=1
    )
    if rows:
        return str(rows[0]["model"])
    if report_name in STANDARD_REPORTS:
        return STANDARD_REPORTS[report_name]
    raise InvalidRequest(
        f"Odoo has no report named {report_name!r}",
        hint="use a report name such as account.report_invoice or sale.report_saleorder",
    )


async def default_report(gateway: OdooGateway, model: str) -> str:
    if model in DEFAULT_REPORTS:
        return DEFAULT_REPORTS[model]
    rows = await gateway.search_read(
        "ir.actions.report",
        [["model", "=", model], ["report_type", "=", "qweb-pdf"]],
        ["report_name"],
        limit=1,
    )
    if not rows:
        raise InvalidRequest(f"Odoo has no PDF report for {model}", hint="give the report name explicitly")
    return str(rows[0]["report_name"])


async def _portal(gateway: OdooGateway, fetcher: PdfFetcher, model: str, record_id: int) -> PdfFile:
    rule = MethodRule(model=model, method="get_portal_url", writes=False)
    url = await gateway.call_allowed(rule, [record_id], [], {"report_type": "pdf", "download": True})
    return await fetcher.portal_pdf(str(url))


async def _stored(gateway: OdooGateway, model: str, record_id: int) -> PdfFile:
    fields = await gateway.fields(model)
    if STORED_PDF_FIELD not in fields:
        raise PdfUnavailable(f"{model} has no stored PDF field", hint=NO_STORED_PDF)
    record = await gateway.read_one(model, record_id, [STORED_PDF_FIELD])
    attachment = record.get(STORED_PDF_FIELD)
    if not attachment:
        raise PdfUnavailable("no PDF is stored on this record", hint=NO_STORED_PDF)
    gateway.policy.require_model("ir.attachment")
    rows = await gateway.read("ir.attachment", [int(attachment[0])], ["name", "mimetype", "datas"])
    if not rows or rows[0].get("mimetype") != PDF or not rows[0].get("datas"):
        raise PdfUnavailable("the stored attachment is not a readable PDF", hint=NO_STORED_PDF)
    return PdfFile(base64.b64decode(rows[0]["datas"]), str(rows[0]["name"]), "attachment")


async def render_pdf(
    gateway: OdooGateway, model: str, record_id: int, report: str | None, *, record_name: str | None = None
) -> RenderedPdf:
    """The PDF of one record, by the first way the connected Odoo allows. The record is read first (it
    must be readable), unless the caller just found it and passes its `record_name`."""
    gateway.policy.require_model(model)
    if record_name is None:
        record_name = str(
            (await gateway.read_one(model, record_id, ["display_name"])).get("display_name") or ""
        )
    report_name = report or await default_report(gateway, model)
    if report and await report_model(gateway, report) != model:
        raise InvalidRequest(
            f"report {report} does not print {model} records", hint="omit report for the default"
        )
    fetcher = gateway.pdf_fetcher(model)
    ways: list[tuple[str, Callable[[], Awaitable[PdfFile]]]] = []
    if report_name in PORTAL_REPORTS.get(model, frozenset()):
        ways.append(("portal link", lambda: _portal(gateway, fetcher, model, record_id)))
    if fetcher.can_open_web_session:
        ways.append(("web session", lambda: fetcher.session_pdf(report_name, [record_id])))
    if report_name == DEFAULT_REPORTS.get(model):
        ways.append(("stored attachment", lambda: _stored(gateway, model, record_id)))
    if not ways:
        raise PdfUnavailable(
            f"report {report_name} can only be rendered through an Odoo web session",
            hint=_configuration_hint(model, fetcher),
        )
    failures: list[str] = []
    engine: PdfEngineMissing | None = None
    for label, attempt in ways:
        try:
            pdf = await attempt()
        except (PdfUnavailable, AuthenticationFailed, NotOdoo, PolicyError) as exc:
            engine = exc if isinstance(exc, PdfEngineMissing) else engine
            failures.append(f"{label}: {exc.message}")
            continue
        return RenderedPdf(pdf, report_name, record_name or str(record_id))
    raise PdfUnavailable(
        f"no PDF of {model} #{record_id} could be obtained ({'; '.join(failures)})",
        hint=engine.hint if engine is not None else _configuration_hint(model, fetcher),
    )


def _configuration_hint(model: str, fetcher: PdfFetcher) -> str:
    if fetcher.can_open_web_session:
        return "check that the report exists and that the Odoo user may print it"
    portal = ", ".join(PORTAL_REPORTS)
    return (
        f"with an API key only, PDFs come from portal documents ({portal}); set ODOO_PASSWORD so that "
        f"{model} reports can be rendered through a web session"
    )


def pdf_content(rendered: RenderedPdf, uri: str, budget: int) -> EmbeddedResource | ResourceLink:
    """The PDF inlined as a blob, or a link to its resource when it exceeds `budget` bytes."""
    size = len(rendered.pdf.content)
    if size > budget:
        return ResourceLink(
            type="resource_link",
            name=rendered.pdf.file_name or uri.rsplit("/", 2)[-2],
            uri=uri,
            mime_type=PDF,
            size=size,
            description=f"PDF of {rendered.record_name}, {size} bytes (above the inline budget): read it",
        )
    blob = BlobResourceContents(uri=uri, mime_type=PDF, blob=base64.b64encode(rendered.pdf.content).decode())
    return EmbeddedResource(type="resource", resource=blob)


async def report_names(gateway: OdooGateway, value: str, _: Mapping[str, str]) -> list[str]:
    """Report names containing `value`: Odoo's PDF report actions and the standard document reports."""
    rows = await gateway.search_read(
        "ir.actions.report",
        [["report_name", "ilike", value], ["report_type", "=", "qweb-pdf"]],
        ["report_name"],
        limit=MAX_VALUES,
    )
    found = {str(row["report_name"]) for row in rows} | {name for name in STANDARD_REPORTS if value in name}
    return sorted(found, key=lambda name: (not name.startswith(value), name))


async def report_record_ids(gateway: OdooGateway, value: str, given: Mapping[str, str]) -> list[str]:
    """Ids of records the chosen ``report_name`` prints, matched by name."""
    report_name = given.get("report_name")
    if not report_name:
        return []
    model = await report_model(gateway, report_name)
    return await record_ids(gateway, value, {"model": model})


async def _pdf_answer(call: ToolCall, model: str, record: str, report: str | None, budget: int) -> ToolOutput:
    found = await resolve_document(call.gateway, model, record)
    record_id, name = found.id, found.name
    call.record_ids = [record_id]
    rendered = await render_pdf(call.gateway, model, record_id, report or None, record_name=name)
    uri = report_uri(rendered.report, record_id)
    size = len(rendered.pdf.content)
    data = ReportPdf(
        model=model,
        record_id=record_id,
        record_name=rendered.record_name,
        report=rendered.report,
        size=size,
        file_name=rendered.pdf.file_name or f"{rendered.record_name.replace('/', '_')}.pdf",
        obtained_via=rendered.pdf.source,
        uri=uri,
        inlined=size <= budget,
    )
    where = "attached" if data.inlined else f"too large to inline, read {uri}"
    text = f"PDF of {data.record_name} ({data.report}, {size} bytes, via {data.obtained_via}): {where}"
    return ToolOutput(data, text, attachments=[pdf_content(rendered, uri, budget)])


async def _read_report(
    ctx: Context[Runtime, Any], report_name: str, text_id: str, target: str | None
) -> bytes:
    record_id = parse_id(text_id)

    async def fetch(call: ToolCall) -> bytes:
        call.record_ids = [record_id]
        model = await report_model(call.gateway, report_name)
        return (await render_pdf(call.gateway, model, record_id, report_name)).pdf.content

    return await served(
        ctx.request_context.lifespan_context,
        "read_resource",
        {"uri": report_uri(report_name, record_id)},
        fetch,
        request_id=str(ctx.request_id),
        target=target,
    )


def register_reports(kit: Kit) -> None:
    """Add get_report_pdf, get_invoice_pdf and the report resource (with completion of its arguments)."""
    mcp = kit.mcp
    budget = kit.surface.pdf_inline_max_bytes
    icons = icons_for("reports")
    reports = kit.with_icons(icons)

    @reports.tool(READS)
    async def get_report_pdf(
        call: ToolCall,
        model: Annotated[
            str, Field(description="Model of the record, e.g. sale.order, account.move, stock.picking")
        ],
        record: Annotated[str, Field(description='Record id or exact name, e.g. "42" or "S00042"')],
        report: Annotated[
            str,
            Field(
                default="",
                description="Report technical name, e.g. sale.report_saleorder; empty = the usual one",
            ),
        ],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, ReportPdf]:
        """Get a freshly rendered PDF of an Odoo record (quotation, order, invoice, delivery slip ...).

        The PDF is attached to the answer, or linked as a resource when large. When Odoo allows no
        way to fetch it (portal link, web session, stored PDF), the error says what to configure.
        Does not send anything or change the record.
        """
        return await _pdf_answer(call, model, record, report, budget)

    @reports.tool(READS)
    async def get_invoice_pdf(
        call: ToolCall,
        invoice: Annotated[str, Field(description='Invoice id or number, e.g. "72" or "INV/2026/00025"')],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, ReportPdf]:
        """Get the PDF of a customer invoice, bill or credit note, as Odoo prints it.

        Shortcut for get_report_pdf on account.move with the standard invoice report. Does not
        send the invoice or mark it as sent.
        """
        return await _pdf_answer(call, "account.move", invoice, None, budget)

    @mcp.resource(
        REPORT_TEMPLATE,
        name="odoo_report_pdf",
        title="Odoo PDF report",
        description="A PDF report of one record, freshly rendered by Odoo, e.g. "
        "odoo://report/account.report_invoice/72 or odoo://report/sale.report_saleorder/7.",
        mime_type=PDF,
        icons=icons,
    )
    async def odoo_report_pdf(report_name: str, id: str, ctx: Context[Runtime, Any]) -> bytes:
        return await _read_report(ctx, report_name, id, None)

    if len(kit.targets) > 1:

        @mcp.resource(
            TARGET_REPORT_TEMPLATE,
            name="odoo_target_report_pdf",
            title="Odoo PDF report, on a named Odoo target",
            description="A PDF report of one record, freshly rendered by the Odoo target named in the URI, "
            f"e.g. odoo://{kit.targets[-1]}/report/account.report_invoice/72.",
            mime_type=PDF,
            icons=icons,
        )
        async def odoo_target_report_pdf(
            target: str, report_name: str, id: str, ctx: Context[Runtime, Any]
        ) -> bytes:
            return await _read_report(ctx, report_name, id, target)

    router = completions(mcp)
    router.add("resource", REPORT_TEMPLATE, "report_name", report_names)
    router.add("resource", REPORT_TEMPLATE, "id", report_record_ids)
