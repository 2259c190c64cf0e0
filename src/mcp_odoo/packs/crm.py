"""CRM pack: leads and opportunities (crm.lead), chatter notes and activities on any document.

(No ``from __future__ import annotations``: the kit reads the tool signatures.)
"""

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field

from mcp_odoo.odoo.errors import BusinessRuleError
from mcp_odoo.packs import (
    CREATES,
    READS,
    UPDATES,
    CompanyArg,
    IdempotencyKeyArg,
    InvalidRequest,
    Kit,
    MethodRule,
    OdooGateway,
    Pack,
    RecordLink,
    Requirement,
    ToolCall,
    ToolOutput,
)
from mcp_odoo.packs.lookups import ACTIVITY_TYPE, LEAD, PARTNER, STAGE, USER
from mcp_odoo.packs.pipeline import Pipeline, crm_pipeline
from mcp_odoo.packs.preflight import check_date, require_text, selection_key
from mcp_odoo.packs.records import RecordCard, RecordCards, card_lines, card_of, cards_page
from mcp_odoo.policy.gateway import single_id
from mcp_odoo.policy.resolve import Lookup, RecordRef, Resolved, resolve_document, resolve_record

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


async def _lead_output(call: ToolCall, lead_id: int, verb: str) -> ToolOutput:
    call.record_ids = [lead_id]
    card = await card_of(call.gateway, LEAD_MODEL, lead_id, LEAD_FIELDS)
    name = str(card.get("display_name") or card.get("name") or lead_id)
    return ToolOutput(
        RecordCard(model=LEAD_MODEL, record=card),
        card_lines(f"{verb} lead {name} (#{lead_id})", [card]),
        [RecordLink(LEAD_MODEL, lead_id, name)],
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


def _types_for(model: str) -> list[Any]:
    """Activity types usable on a document of `model`: the generic ones and those of that model."""
    return ["|", ["res_model", "=", False], ["res_model", "=", model]]


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def list_crm_leads(
        call: ToolCall,
        stage: Annotated[RecordRef, Field(default="", description="Stage id or name, e.g. Qualified")],
        salesperson: UserArg,
        partner: PartnerFilterArg,
        status: StatusArg,
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many leads")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCards]:
        """List CRM leads and opportunities, highest priority first: name, customer, contact, stage,
        salesperson, expected revenue and probability, and how many match in all.

        Use it to review leads or to find one before update_crm_lead; get_crm_pipeline gives totals per
        stage. Does not list notes or activities.
        """
        gateway = call.gateway
        domain = await lead_domain(gateway, stage, salesperson, partner, status)
        leads, total = await cards_page(
            gateway, LEAD_MODEL, domain, LEAD_FIELDS, limit=gateway.policy.limit(limit)
        )
        return ToolOutput(
            RecordCards(model=LEAD_MODEL, records=leads, total=total),
            card_lines(f"{len(leads)} of {total} lead(s)", leads),
        )

    @kit.tool(READS)
    async def get_crm_pipeline(
        call: ToolCall,
        salesperson: UserArg,
        partner: PartnerFilterArg,
        status: StatusArg,
        leads_per_stage: Annotated[
            int, Field(default=5, ge=0, le=50, description="Leads listed per stage; the totals cover all")
        ],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, Pipeline]:
        """The CRM pipeline by stage: per stage, how many leads and their expected revenue (Odoo's own
        sums over every matching lead), and its first leads with customer, salesperson and probability.

        Use it for a pipeline review or a forecast; list_crm_leads lists leads with more detail.
        """
        domain = await lead_domain(call.gateway, "", salesperson, partner, status)
        return await crm_pipeline(call.gateway, domain, leads_per_stage)

    if not kit.writes_enabled:
        return

    @kit.tool(CREATES)
    async def create_crm_lead(
        call: ToolCall,
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
    ) -> Annotated[ToolOutput, RecordCard]:
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
        gateway = call.gateway
        for field, lookup, value in (("partner_id", PARTNER, partner), ("user_id", USER, salesperson)):
            resolved = await _optional(gateway, lookup, value)
            if resolved is not None:
                values[field] = resolved.id
        lead_id = await gateway.create(LEAD_MODEL, values)
        return await _lead_output(call, lead_id, "Created")

    @kit.tool(UPDATES)
    async def update_crm_lead(
        call: ToolCall,
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
    ) -> Annotated[ToolOutput, RecordCard]:
        """Change an existing CRM lead: move it to another stage, or set its probability, expected revenue,
        salesperson or priority.

        Arguments left empty keep their value (probability and expected_revenue: -1). Does not archive or
        delete the lead, change its customer or log a note.
        """
        gateway = call.gateway
        found = await resolve_record(gateway, LEAD, lead)
        values: dict[str, Any] = {}
        if probability >= 0:
            values["probability"] = probability
        if expected_revenue >= 0:
            values["expected_revenue"] = expected_revenue
        if priority:
            values["priority"] = await selection_key(gateway, LEAD_MODEL, "priority", priority)
        for field, lookup, value in (("stage_id", STAGE, stage), ("user_id", USER, salesperson)):
            resolved = await _optional(gateway, lookup, value)
            if resolved is not None:
                values[field] = resolved.id
        if not values:
            raise InvalidRequest("nothing to update", hint="give at least one of stage, probability, ...")
        await gateway.write(LEAD_MODEL, [found.id], values)
        return await _lead_output(call, found.id, "Updated")

    @kit.tool(CREATES)
    async def log_note(
        call: ToolCall,
        model: ModelArg,
        record: RecordArg,
        body: Annotated[
            str, Field(min_length=1, description="The note (plain text); internal, not sent to customers")
        ],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCard]:
        """Log an internal note in the chatter of any document (lead, sales order, invoice, partner ...).

        The note is not emailed to the customer or to followers and does not change the document. Odoo
        16-18 posts notes only from an Odoo user with an email address.
        """
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
        data = RecordCard(
            model=model, record={"id": found.id, "display_name": found.name, "message_id": single_id(posted)}
        )
        return ToolOutput(
            data, f"Logged a note on {found.name} (#{found.id})", [RecordLink(model, found.id, found.name)]
        )

    @kit.tool(CREATES)
    async def schedule_activity(
        call: ToolCall,
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
    ) -> Annotated[ToolOutput, RecordCard]:
        """Schedule an activity (a to-do, a call, a meeting ...) on any document (lead, sales order,
        invoice, partner ...) for a user, with a due date.

        assignee defaults to the user this server acts as, activity_type (by name, e.g. Call) to Odoo's
        default (To-Do). Does not send an email or a calendar invitation.
        """
        # The mail.activity is created as Odoo's web client does. Not via `activity_schedule`: it returns a
        # recordset without `@api.returns`, which XML-RPC cannot marshal (after committing) and JSON-RPC
        # stringifies; `create` answers an id on every protocol.
        title = require_text(summary, "summary")
        deadline = check_date(due_date, "due_date") or dt.date.today().isoformat()
        gateway = call.gateway
        found = await resolve_document(gateway, model, record)
        user = await _optional(gateway, USER, assignee)
        kind = await _optional(gateway, ACTIVITY_TYPE, activity_type, domain=_types_for(model))
        (model_id, default_type), info = await asyncio.gather(
            gateway.remembered(
                f"{ACTIVITY_MODEL}:defaults:{model}", lambda: _activity_defaults(gateway, model)
            ),
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
        return ToolOutput(
            data,
            f"Scheduled {what}{title!r} on {found.name} (#{found.id}) for {who}, due {deadline}",
            [RecordLink(model, found.id, found.name)],
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
