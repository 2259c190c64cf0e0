"""CRM pack: leads and opportunities (crm.lead), chatter notes and activities on any document.

(No ``from __future__ import annotations``: the SDK reads the tool signatures.)
"""

import asyncio
import datetime as dt
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import Field

from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.kit import CREATES, READ_ONLY, UPDATES, IdempotencyKeyArg, PackKit, PackOutput, RecordLink
from mcp_odoo.packs.preflight import check_date, require_text
from mcp_odoo.packs.records import RecordCard, RecordCards, card_lines, card_of, cards
from mcp_odoo.packs.resolve import (
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
from mcp_odoo.settings import MethodRule
from mcp_odoo.tools import Runtime, ToolCall

LEAD_MODEL = "crm.lead"
LEAD_FIELDS = (
    "name",
    "type",
    "partner_id",
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
NOTE_SUBTYPE = "mail.mt_note"
TO_DO_TYPE_XMLID = "mail.mail_activity_data_todo"
ACTIVITY_MODEL = "mail.activity"
Status = Literal["", "open", "won", "lost"]

ModelArg = Annotated[
    str, Field(description="Technical model of the document, e.g. crm.lead, sale.order, res.partner")
]
RecordArg = Annotated[RecordRef, Field(description='The document: its id or its name, e.g. 27 or "S00012"')]
UserArg = Annotated[RecordRef, Field(default="", description="Salesperson / user: id, name or login")]


async def _optional(gateway: OdooGateway, lookup: Lookup, value: RecordRef) -> Resolved | None:
    return None if value in ("", 0) else await resolve_record(gateway, lookup, value)


def _status_domain(status: Status) -> list[Any]:
    if status == "won":
        return [["stage_id.is_won", "=", True]]
    if status == "lost":
        return [["active", "=", False], ["probability", "=", 0]]
    if status == "open":
        return [["stage_id.is_won", "=", False]]
    return []


async def list_leads_body(
    call: ToolCall, stage: RecordRef, salesperson: RecordRef, partner: RecordRef, status: Status, limit: int
) -> PackOutput:
    call.model, call.method = LEAD_MODEL, "search_read"
    gateway = call.gateway
    domain = _status_domain(status)
    for field, lookup, value in (("stage_id", STAGE, stage), ("user_id", USER, salesperson)):
        found = await _optional(gateway, lookup, value)
        if found is not None:
            domain.append([field, "=", found.id])
    customer = await _optional(gateway, PARTNER, partner)
    if customer is not None:
        domain.append(["partner_id", "child_of", customer.id])
    leads = await cards(gateway, LEAD_MODEL, domain, LEAD_FIELDS, limit=limit)
    return PackOutput(
        RecordCards(model=LEAD_MODEL, records=leads), card_lines(f"{len(leads)} lead(s)", leads)
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
    found = await resolve_document(call.gateway, model, record)
    call.record_ids = [found.id]
    rule = MethodRule(model=model, method="message_post", writes=True)
    kwargs = {"body": text, "message_type": "comment", "subtype_xmlid": NOTE_SUBTYPE}
    message_id = await call.gateway.call_allowed(rule, [found.id], [], kwargs)
    data = RecordCard(
        model=model, record={"id": found.id, "display_name": found.name, "message_id": message_id}
    )
    return PackOutput(
        data, f"Logged a note on {found.name} (#{found.id})", [RecordLink(model, found.id, found.name)]
    )


async def _model_id(gateway: OdooGateway, model: str) -> int:
    """The ir.model id of `model`, which a mail.activity points to."""
    rows = await gateway.search_read("ir.model", [["model", "=", model]], ["id"], limit=1)
    if not rows:
        raise InvalidRequest(
            f"Odoo does not list the model {model!r}", hint="check the model's technical name"
        )
    return int(rows[0]["id"])


async def _to_do_type(gateway: OdooGateway) -> int | None:
    """The To-Do activity type by its external id; None when it was deleted (Odoo then picks its default)."""
    module, name = TO_DO_TYPE_XMLID.split(".")
    domain = [["module", "=", module], ["name", "=", name], ["model", "=", "mail.activity.type"]]
    rows = await gateway.search_read("ir.model.data", domain, ["res_id"], limit=1)
    return int(rows[0]["res_id"]) if rows else None


async def schedule_activity_body(
    call: ToolCall, model: str, record: RecordRef, summary: str, due_date: str, assignee: RecordRef
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
    model_id, todo, info = await asyncio.gather(
        gateway.remembered(f"ir.model:{model}", lambda: _model_id(gateway, model)),
        gateway.remembered(TO_DO_TYPE_XMLID, lambda: _to_do_type(gateway)),
        gateway.info(),
    )
    values: dict[str, Any] = {
        "res_model_id": model_id,
        "res_id": found.id,
        "summary": title,
        "date_deadline": deadline,
        "user_id": user.id if user is not None else info.uid,
    }
    if todo is not None:
        values["activity_type_id"] = todo
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
    return PackOutput(
        data,
        f"Scheduled {title!r} on {found.name} (#{found.id}) for {who}, due {deadline}",
        [RecordLink(model, found.id, found.name)],
    )


def register(kit: PackKit) -> None:
    limit_default = kit.settings.default_limit

    @kit.tool(annotations=READ_ONLY)
    async def list_crm_leads(
        ctx: Context[Runtime, Any],
        stage: Annotated[RecordRef, Field(default="", description="Stage id or name, e.g. Qualified")],
        salesperson: UserArg,
        partner: Annotated[
            RecordRef, Field(default="", description="Customer id or name (includes its contacts)")
        ],
        status: Annotated[Status, Field(default="", description="open, won or lost; empty = open and won")],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many leads")],
    ) -> Annotated[CallToolResult, RecordCards]:
        """List CRM leads and opportunities, highest priority first: name, customer, contact, stage,
        salesperson, expected revenue and probability.

        Filter by stage (id or name), salesperson (id, name or login), partner (id or name, including
        its contacts) and status (open, won or lost); limit caps the list. Use it to review a pipeline
        or to find a lead before update_crm_lead. Does not change anything and does not list notes or
        activities.
        """
        arguments = {
            "stage": stage,
            "salesperson": salesperson,
            "partner": partner,
            "status": status,
            "limit": limit,
        }
        return await kit.run(
            ctx,
            "list_crm_leads",
            arguments,
            lambda call: list_leads_body(call, stage, salesperson, partner, status, kit.policy.limit(limit)),
        )

    if not kit.writes_enabled:
        return

    @kit.tool(annotations=CREATES)
    async def create_crm_lead(
        ctx: Context[Runtime, Any],
        name: Annotated[
            str, Field(min_length=1, description="Title of the lead, e.g. 'Office chairs for 40 seats'")
        ],
        contact_name: Annotated[str, Field(default="", description="Name of the person to contact")],
        email: Annotated[str, Field(default="", description="Email of the contact")],
        phone: Annotated[str, Field(default="", description="Phone of the contact")],
        partner: Annotated[
            RecordRef, Field(default="", description="Existing customer (id or name), if known")
        ],
        description: Annotated[str, Field(default="", description="Notes: what the customer needs")],
        expected_revenue: Annotated[float, Field(default=0, ge=0, description="Expected revenue")],
        salesperson: UserArg,
        idempotency_key: IdempotencyKeyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Create a CRM lead (or an opportunity, as the CRM is configured) for a prospect or an
        existing customer.

        name is the lead's title; contact_name, email and phone describe the person to contact; partner
        links an existing customer (id or name); description says what they need; expected_revenue and
        salesperson (id, name or login) are optional. An idempotency_key makes retries safe. Does not
        create a partner, send an email or schedule an activity.
        """
        values: dict[str, Any] = {"name": name.strip()}
        optional = {
            "contact_name": contact_name,
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
            str, Field(default="", description="0 (normal) to 3 (very high); empty = unchanged")
        ],
    ) -> Annotated[CallToolResult, RecordCard]:
        """Change an existing CRM lead: move it to another stage, or set its probability, expected
        revenue, salesperson or priority.

        lead is the lead's id or exact name; every other argument is optional and leaves the value
        unchanged when empty (probability and expected_revenue: -1). Use list_crm_leads to find the
        lead first. Does not archive or delete the lead, change its customer or log a note.
        """
        values: dict[str, Any] = {}
        if probability >= 0:
            values["probability"] = probability
        if expected_revenue >= 0:
            values["expected_revenue"] = expected_revenue
        if priority:
            values["priority"] = priority
        arguments = {"lead": lead, "stage": stage, "salesperson": salesperson, **values}
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
    ) -> Annotated[CallToolResult, RecordCard]:
        """Log an internal note in the chatter of any document (lead, sales order, invoice, partner ...).

        model is the document's technical model, record its id or name, body the note in plain text.
        Use it to record what was agreed or done. The note is internal: it is not emailed to the
        customer or to followers. An idempotency_key makes retries safe. Does not send messages and
        does not change the document itself.
        """
        arguments = {"model": model, "record": record, "body": body, "idempotency_key": idempotency_key}
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
        idempotency_key: IdempotencyKeyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Schedule a to-do activity on any document (lead, sales order, invoice, partner ...) for a
        user, with a due date.

        model is the document's technical model, record its id or name, summary what to do, due_date
        the deadline (YYYY-MM-DD) and assignee the user who should do it (id, name or login; empty = the
        user this server acts as). Use it for follow-ups such as "call the customer back on Friday". An
        idempotency_key makes retries safe. Does not send an email or a calendar invitation and does not
        complete or cancel existing activities.
        """
        arguments = {
            "model": model,
            "record": record,
            "summary": summary,
            "due_date": due_date,
            "assignee": assignee,
            "idempotency_key": idempotency_key,
        }
        return await kit.run(
            ctx,
            "schedule_activity",
            arguments,
            lambda call: schedule_activity_body(call, model, record, summary, due_date, assignee),
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
            ("res_model_id", "res_id", "activity_type_id", "summary", "date_deadline", "user_id"),
            ("create",),
        ),
        Requirement("ir.model", ("model",)),
        Requirement("ir.model.data", ("module", "name", "model", "res_id")),
    ),
)
