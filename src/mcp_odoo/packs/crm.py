"""CRM pack: leads and opportunities (crm.lead), chatter notes and activities on any document.

(No ``from __future__ import annotations``: the SDK reads the tool signatures.)
"""

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import Field

from mcp_odoo.calls.kit import CREATES, READ_ONLY, UPDATES, IdempotencyKeyArg, PackKit, PackOutput, RecordLink
from mcp_odoo.calls.runner import CompanyArg, Runtime, ToolCall
from mcp_odoo.odoo.errors import BusinessRuleError
from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.pipeline import Pipeline, pipeline_body
from mcp_odoo.packs.preflight import check_date, require_text, selection_key
from mcp_odoo.packs.records import RecordCard, RecordCards, card_lines, card_of, cards_page
from mcp_odoo.packs.resolve import (
    ACTIVITY_TYPE,
    LEAD,
    PARTNER,
    STAGE,
    USER,
    Lookup,
    RecordRef,
    Resolved,
    resolve_document,
    resolve_record,
)
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.gateway import single_id
from mcp_odoo.settings import MethodRule

LEAD_MODEL = "crm.lead"
LEAD_FIELDS = (
    "name",
    "type",
    "partner_id",
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "stage_id",
    "user_id",
    "expected_revenue",
    "probability",
    "priority",
    "date_deadline",
    "active",
)
PRIORITIES = ("0", "1", "2", "3")
NOTE_SUBTYPE = "mail.mt_note"
POSTS_WITHOUT_EMAIL_SINCE = 19
"""Before 19.0 Odoo refuses ``message_post`` from a user without an email address."""
ACTIVITY_MODEL = "mail.activity"
Status = Literal["open", "won", "lost"] | None

ModelArg = Annotated[
    str, Field(description="Technical model of the document, e.g. crm.lead, sale.order, res.partner")
]
RecordArg = Annotated[RecordRef, Field(description='The document: its id or its name, e.g. "27" or "S00012"')]
UserArg = Annotated[RecordRef, Field(default="", description="Salesperson / user: id, name or login")]
PartnerFilterArg = Annotated[
    RecordRef, Field(default="", description="Customer id or name (includes its contacts)")
]
StatusArg = Annotated[Status, Field(default=None, description="open, won or lost; absent = open and won")]


async def _optional(
    gateway: OdooGateway, lookup: Lookup, value: RecordRef, *, domain: Sequence[Any] = ()
) -> Resolved | None:
    return None if value in ("", 0) else await resolve_record(gateway, lookup, value, domain=domain)


def _status_domain(status: Status) -> list[Any]:
    if status == "won":
        return [["stage_id.is_won", "=", True]]
    if status == "lost":
        return [["active", "=", False], ["probability", "=", 0]]
    if status == "open":
        return [["stage_id.is_won", "=", False]]
    return []


async def lead_domain(
    gateway: OdooGateway, stage: RecordRef, salesperson: RecordRef, partner: RecordRef, status: Status
) -> list[Any]:
    """The leads matching these filters, each given by id or name (empty = any)."""
    domain = _status_domain(status)
    for field, lookup, value in (("stage_id", STAGE, stage), ("user_id", USER, salesperson)):
        found = await _optional(gateway, lookup, value)
        if found is not None:
            domain.append([field, "=", found.id])
    customer = await _optional(gateway, PARTNER, partner)
    if customer is not None:
        domain.append(["partner_id", "child_of", customer.id])
    return domain


async def list_leads_body(
    call: ToolCall, stage: RecordRef, salesperson: RecordRef, partner: RecordRef, status: Status, limit: int
) -> PackOutput:
    call.model, call.method = LEAD_MODEL, "search_read"
    gateway = call.gateway
    domain = await lead_domain(gateway, stage, salesperson, partner, status)
    leads, total = await cards_page(gateway, LEAD_MODEL, domain, LEAD_FIELDS, limit=limit)
    return PackOutput(
        RecordCards(model=LEAD_MODEL, records=leads, total=total),
        card_lines(f"{len(leads)} of {total} lead(s)", leads),
    )


async def _lead_output(call: ToolCall, lead_id: int, verb: str) -> PackOutput:
    call.record_ids = [lead_id]
    card = await card_of(call.gateway, LEAD_MODEL, lead_id, LEAD_FIELDS)
    name = str(card.get("display_name") or card.get("name") or lead_id)
    return PackOutput(
        RecordCard(model=LEAD_MODEL, record=card),
        card_lines(f"{verb} lead {name} (#{lead_id})", [card]),
        [RecordLink(LEAD_MODEL, lead_id, name)],
    )


async def create_lead_body(
    call: ToolCall, values: dict[str, Any], partner: RecordRef, salesperson: RecordRef
) -> PackOutput:
    call.model, call.method = LEAD_MODEL, "create"
    gateway = call.gateway
    customer = await _optional(gateway, PARTNER, partner)
    if customer is not None:
        values["partner_id"] = customer.id
    user = await _optional(gateway, USER, salesperson)
    if user is not None:
        values["user_id"] = user.id
    lead_id = await gateway.create(LEAD_MODEL, values)
    return await _lead_output(call, lead_id, "Created")


async def update_lead_body(
    call: ToolCall, lead: RecordRef, values: dict[str, Any], stage: RecordRef, salesperson: RecordRef
) -> PackOutput:
    call.model, call.method = LEAD_MODEL, "write"
    gateway = call.gateway
    found = await resolve_record(gateway, LEAD, lead)
    if "priority" in values:
        values["priority"] = await selection_key(gateway, LEAD_MODEL, "priority", values["priority"])
    for field, lookup, value in (("stage_id", STAGE, stage), ("user_id", USER, salesperson)):
        resolved = await _optional(gateway, lookup, value)
        if resolved is not None:
            values[field] = resolved.id
    if not values:
        raise InvalidRequest("nothing to update", hint="give at least one of stage, probability, ...")
    await gateway.write(LEAD_MODEL, [found.id], values)
    return await _lead_output(call, found.id, "Updated")


async def log_note_body(call: ToolCall, model: str, record: RecordRef, body: str) -> PackOutput:
    call.model, call.method = model, "message_post"
    text = require_text(body, "body")
    gateway = call.gateway
    found = await resolve_document(gateway, model, record)
    call.record_ids = [found.id]
    rule = MethodRule(model=model, method="message_post", writes=True)
    kwargs = {"body": text, "message_type": "comment", "subtype_xmlid": NOTE_SUBTYPE}
    try:
        posted = await gateway.call_allowed(rule, [found.id], [], kwargs)
    except BusinessRuleError as exc:
        explained = await _sender_without_email(gateway)
        if explained is None:
            raise
        raise explained from exc
    message_id = single_id(posted)
    data = RecordCard(
        model=model, record={"id": found.id, "display_name": found.name, "message_id": message_id}
    )
    return PackOutput(
        data, f"Logged a note on {found.name} (#{found.id})", [RecordLink(model, found.id, found.name)]
    )


async def _sender_without_email(gateway: OdooGateway) -> BusinessRuleError | None:
    """What to say when Odoo 16-18 refused a note because the acting user has no email address (Odoo's
    message, "please configure the sender's email address", names no user and is translated); None
    when the user has one, so that Odoo's own refusal stands."""
    info = await gateway.info()
    if info.major >= POSTS_WITHOUT_EMAIL_SINCE:
        return None
    users = await gateway.read("res.users", [info.uid], ["email"])
    if users and users[0].get("email"):
        return None
    return BusinessRuleError(
        f"Odoo refuses to post messages from the Odoo user {info.login!r}: it has no email address. "
        f"An Odoo administrator must set an email address on the user {info.login!r} "
        "(Settings > Users), then the note can be logged."
    )


async def _activity_defaults(gateway: OdooGateway, model: str) -> tuple[int, int | None]:
    """(the ir.model id of `model`, Odoo's default activity type for it), as the web client gets them:
    ``mail.activity.default_get`` for a document of `model` (reading ir.model or ir.model.data needs the
    Administration rights). The default type is To-Do unless the database changed it."""
    defaults = await gateway.defaults(
        ACTIVITY_MODEL, ["res_model", "res_model_id", "activity_type_id"], given={"res_model": model}
    )
    if not defaults.get("res_model_id"):
        raise InvalidRequest(
            f"Odoo does not list the model {model!r}", hint="check the model's technical name"
        )
    return int(defaults["res_model_id"]), int(defaults.get("activity_type_id") or 0) or None


async def schedule_activity_body(
    call: ToolCall,
    model: str,
    record: RecordRef,
    summary: str,
    due_date: str,
    assignee: RecordRef,
    activity_type: RecordRef,
) -> PackOutput:
    """Creates the mail.activity as Odoo's web client does. Not via `activity_schedule`: it returns a
    recordset without `@api.returns`, which XML-RPC cannot marshal (after committing) and JSON-RPC
    stringifies; `create` answers an id on every protocol."""
    call.model, call.method = ACTIVITY_MODEL, "create"
    title = require_text(summary, "summary")
    deadline = check_date(due_date, "due_date") or dt.date.today().isoformat()
    gateway = call.gateway
    found = await resolve_document(gateway, model, record)
    user = await _optional(gateway, USER, assignee)
    kind = await _optional(gateway, ACTIVITY_TYPE, activity_type, domain=_types_for(model))
    (model_id, default_type), info = await asyncio.gather(
        gateway.remembered(f"{ACTIVITY_MODEL}:defaults:{model}", lambda: _activity_defaults(gateway, model)),
        gateway.info(),
    )
    values: dict[str, Any] = {
        "res_model_id": model_id,
        "res_id": found.id,
        "summary": title,
        "date_deadline": deadline,
        "user_id": user.id if user is not None else info.uid,
    }
    type_id = kind.id if kind is not None else default_type
    if type_id is not None:
        values["activity_type_id"] = type_id
    activity_id = await gateway.create(ACTIVITY_MODEL, values)
    call.record_ids = [activity_id]
    who = user.name if user is not None else "you"
    data = RecordCard(
        model=model,
        record={
            "id": found.id,
            "display_name": found.name,
            "activity_ids": [activity_id],
            "date_deadline": deadline,
        },
    )
    what = f"{kind.name} " if kind is not None else ""
    return PackOutput(
        data,
        f"Scheduled {what}{title!r} on {found.name} (#{found.id}) for {who}, due {deadline}",
        [RecordLink(model, found.id, found.name)],
    )


def _types_for(model: str) -> list[Any]:
    """Activity types usable on a document of `model`: the generic ones and those of that model."""
    return ["|", ["res_model", "=", False], ["res_model", "=", model]]


def register(kit: PackKit) -> None:
    limit_default = kit.settings.default_limit

    @kit.tool(annotations=READ_ONLY)
    async def list_crm_leads(
        ctx: Context[Runtime, Any],
        stage: Annotated[RecordRef, Field(default="", description="Stage id or name, e.g. Qualified")],
        salesperson: UserArg,
        partner: PartnerFilterArg,
        status: StatusArg,
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many leads")],
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCards]:
        """List CRM leads and opportunities, highest priority first: name, customer, contact, stage,
        salesperson, expected revenue and probability, and how many match in all.

        Use it to review leads or to find one before update_crm_lead; get_crm_pipeline gives totals per
        stage. Does not list notes or activities.
        """
        arguments = {
            "stage": stage,
            "salesperson": salesperson,
            "partner": partner,
            "status": status,
            "limit": limit,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "list_crm_leads",
            arguments,
            lambda call: list_leads_body(call, stage, salesperson, partner, status, kit.policy.limit(limit)),
        )

    @kit.tool(annotations=READ_ONLY)
    async def get_crm_pipeline(
        ctx: Context[Runtime, Any],
        salesperson: UserArg,
        partner: PartnerFilterArg,
        status: StatusArg,
        leads_per_stage: Annotated[
            int, Field(default=5, ge=0, le=50, description="Leads listed per stage; the totals cover all")
        ],
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, Pipeline]:
        """The CRM pipeline by stage: per stage, how many leads and their expected revenue (Odoo's own
        sums over every matching lead), and its first leads with customer, salesperson and probability.

        Use it for a pipeline review or a forecast; list_crm_leads lists leads with more detail.
        """
        arguments = {
            "salesperson": salesperson,
            "partner": partner,
            "status": status,
            "leads_per_stage": leads_per_stage,
            "company_id": company_id,
        }

        async def body(call: ToolCall) -> PackOutput:
            domain = await lead_domain(call.gateway, "", salesperson, partner, status)
            return await pipeline_body(call, domain, leads_per_stage)

        return await kit.run(ctx, "get_crm_pipeline", arguments, body)

    if not kit.writes_enabled:
        return

    @kit.tool(annotations=CREATES)
    async def create_crm_lead(
        ctx: Context[Runtime, Any],
        name: Annotated[
            str, Field(min_length=1, description="Title of the lead, e.g. 'Office chairs for 40 seats'")
        ],
        contact_name: Annotated[str, Field(default="", description="Name of the person to contact")],
        company_name: Annotated[
            str, Field(default="", description="The prospect's company, when it is not a customer yet")
        ],
        email: Annotated[str, Field(default="", description="Email of the contact")],
        phone: Annotated[str, Field(default="", description="Phone of the contact")],
        partner: Annotated[
            RecordRef, Field(default="", description="Existing customer (id or name), if known")
        ],
        description: Annotated[str, Field(default="", description="Notes: what the customer needs")],
        expected_revenue: Annotated[float, Field(default=0, ge=0, description="Expected revenue")],
        salesperson: UserArg,
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Create a CRM lead (or an opportunity, as the CRM is configured) for a prospect (contact and
        company names) or an existing customer (partner).

        Does not create a partner, send an email or schedule an activity.
        """
        values: dict[str, Any] = {"name": name.strip()}
        optional = {
            "contact_name": contact_name,
            "partner_name": company_name,
            "email_from": email,
            "phone": phone,
            "description": description,
        }
        values.update({key: value.strip() for key, value in optional.items() if value.strip()})
        if expected_revenue:
            values["expected_revenue"] = expected_revenue
        arguments = {
            **values,
            "partner": partner,
            "salesperson": salesperson,
            "idempotency_key": idempotency_key,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "create_crm_lead",
            arguments,
            lambda call: create_lead_body(call, values, partner, salesperson),
            writes=True,
        )

    @kit.tool(annotations=UPDATES)
    async def update_crm_lead(
        ctx: Context[Runtime, Any],
        lead: Annotated[RecordRef, Field(description="The lead: id or exact name")],
        stage: Annotated[RecordRef, Field(default="", description="New stage: id or name")],
        probability: Annotated[
            float, Field(default=-1, ge=-1, le=100, description="New probability 0-100; -1 = unchanged")
        ],
        expected_revenue: Annotated[
            float, Field(default=-1, ge=-1, description="New expected revenue; -1 = unchanged")
        ],
        salesperson: UserArg,
        priority: Annotated[
            str | None,
            Field(
                default=None,
                description="0 (low) to 3 (very high), or its label; absent = unchanged",
                json_schema_extra={"enum": list(PRIORITIES)},
            ),
        ],
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Change an existing CRM lead: move it to another stage, or set its probability, expected revenue,
        salesperson or priority.

        Arguments left empty keep their value (probability and expected_revenue: -1). Does not archive or
        delete the lead, change its customer or log a note.
        """
        values: dict[str, Any] = {}
        if probability >= 0:
            values["probability"] = probability
        if expected_revenue >= 0:
            values["expected_revenue"] = expected_revenue
        if priority:
            values["priority"] = priority
        arguments = {
            "lead": lead,
            "stage": stage,
            "salesperson": salesperson,
            **values,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "update_crm_lead",
            arguments,
            lambda call: update_lead_body(call, lead, values, stage, salesperson),
            writes=True,
        )

    @kit.tool(annotations=CREATES)
    async def log_note(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        record: RecordArg,
        body: Annotated[
            str, Field(min_length=1, description="The note (plain text); internal, not sent to customers")
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Log an internal note in the chatter of any document (lead, sales order, invoice, partner ...).

        The note is not emailed to the customer or to followers and does not change the document. Odoo
        16-18 posts notes only from an Odoo user with an email address.
        """
        arguments = {
            "model": model,
            "record": record,
            "body": body,
            "idempotency_key": idempotency_key,
            "company_id": company_id,
        }
        return await kit.run(
            ctx, "log_note", arguments, lambda call: log_note_body(call, model, record, body), writes=True
        )

    @kit.tool(annotations=CREATES)
    async def schedule_activity(
        ctx: Context[Runtime, Any],
        model: ModelArg,
        record: RecordArg,
        summary: Annotated[
            str, Field(min_length=1, description="What to do, e.g. 'Call back about the quote'")
        ],
        due_date: Annotated[str, Field(description="Due date YYYY-MM-DD")],
        assignee: Annotated[
            RecordRef, Field(default="", description="User to do it: id, name or login; empty = you")
        ],
        activity_type: Annotated[
            RecordRef,
            Field(
                default="",
                description="Activity type as this Odoo names it (id or name), e.g. Call, Meeting, Email; "
                "empty = Odoo's default type (To-Do)",
            ),
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Schedule an activity (a to-do, a call, a meeting ...) on any document (lead, sales order,
        invoice, partner ...) for a user, with a due date.

        assignee defaults to the user this server acts as, activity_type (by name, e.g. Call) to Odoo's
        default (To-Do). Does not send an email or a calendar invitation.
        """
        arguments = {
            "model": model,
            "record": record,
            "summary": summary,
            "due_date": due_date,
            "assignee": assignee,
            "activity_type": activity_type,
            "idempotency_key": idempotency_key,
            "company_id": company_id,
        }
        return await kit.run(
            ctx,
            "schedule_activity",
            arguments,
            lambda call: schedule_activity_body(
                call, model, record, summary, due_date, assignee, activity_type
            ),
            writes=True,
        )


PACK = Pack(
    name="crm",
    register=register,
    description="Leads, opportunities, chatter notes and activities",
    requirements=(
        Requirement(LEAD_MODEL, LEAD_FIELDS[:-1], ("message_post",)),
        Requirement("crm.stage", ("name", "is_won")),
        Requirement(
            ACTIVITY_MODEL,
            (
                "res_model",
                "res_model_id",
                "res_id",
                "activity_type_id",
                "summary",
                "date_deadline",
                "user_id",
            ),
            ("create",),
        ),
        Requirement(ACTIVITY_TYPE.model, ("name", "res_model")),
    ),
)
