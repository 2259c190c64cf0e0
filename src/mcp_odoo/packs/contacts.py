"""Contacts pack: find partners (companies and people) and create one without duplicating.

(No ``from __future__ import annotations``: the SDK reads the tool signatures.)
"""

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import Field

from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.kit import CREATES, READ_ONLY, IdempotencyKeyArg, PackKit, PackOutput, RecordLink
from mcp_odoo.packs.records import RecordCard, RecordCards, card_lines, card_of, cards
from mcp_odoo.packs.resolve import PARTNER, RecordRef, resolve_record
from mcp_odoo.packs.versions import partner_phone_fields, present
from mcp_odoo.policy import InvalidRequest
from mcp_odoo.tools import Runtime, ToolCall

PARTNER_MODEL = "res.partner"
CARD_FIELDS = (
    "name",
    "is_company",
    "parent_id",
    "email",
    "phone",
    "mobile",
    "vat",
    "ref",
    "city",
    "country_id",
)


async def find_partners_body(call: ToolCall, query: str, limit: int) -> PackOutput:
    call.model, call.method = PARTNER_MODEL, "search_read"
    text = query.strip()
    if not text:
        raise InvalidRequest("query must not be empty", hint="give a name, email, phone, VAT or reference")
    gateway = call.gateway
    searched = ["name", "email", "vat", "ref", *await partner_phone_fields(gateway)]
    searched = await present(gateway, PARTNER_MODEL, searched)
    domain: list[Any] = ["|"] * (len(searched) - 1) + [[name, "ilike", text] for name in searched]
    found = await cards(gateway, PARTNER_MODEL, domain, CARD_FIELDS, limit=limit)
    data = RecordCards(model=PARTNER_MODEL, records=found)
    return PackOutput(data, card_lines(f"{len(found)} partner(s) matching {text!r}", found))


async def create_partner_body(call: ToolCall, values: dict[str, Any], company: RecordRef) -> PackOutput:
    call.model, call.method = PARTNER_MODEL, "create"
    gateway = call.gateway
    for field in ("email", "vat"):
        if values.get(field):
            existing = await cards(
                gateway, PARTNER_MODEL, [[field, "=ilike", values[field]]], CARD_FIELDS, limit=1
            )
            if existing:
                partner = existing[0]
                call.record_ids = [partner["id"]]
                text = (
                    f"Not created: {partner.get('display_name')} (#{partner['id']}) already has {field} "
                    f"{values[field]}. Use this partner, or change the {field} if it is really someone else."
                )
                link = RecordLink(PARTNER_MODEL, partner["id"], str(partner.get("display_name") or ""))
                return PackOutput(RecordCard(model=PARTNER_MODEL, record=partner), text, [link])
    if company not in ("", 0):
        values["parent_id"] = (
            await resolve_record(gateway, PARTNER, company, domain=[["is_company", "=", True]])
        ).id
    known = set(await present(gateway, PARTNER_MODEL, list(values)))
    partner_id = await gateway.create(
        PARTNER_MODEL, {key: value for key, value in values.items() if key in known}
    )
    call.record_ids = [partner_id]
    card = await card_of(gateway, PARTNER_MODEL, partner_id, CARD_FIELDS)
    name = str(card.get("display_name") or values["name"])
    return PackOutput(
        RecordCard(model=PARTNER_MODEL, record=card),
        f"Created partner {name} (#{partner_id})",
        [RecordLink(PARTNER_MODEL, partner_id, name)],
    )


def register(kit: PackKit) -> None:
    limit_default = kit.settings.default_limit

    @kit.tool(annotations=READ_ONLY)
    async def find_partners(
        ctx: Context[Runtime, Any],
        query: Annotated[str, Field(description="Part of a name, email, phone, VAT number or reference")],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many partners")],
    ) -> Annotated[CallToolResult, RecordCards]:
        """Find contacts (companies and people) by part of their name, email, phone, VAT number or
        internal reference.

        Use it to look up a customer or supplier, or to get a partner's id, before quoting, invoicing or
        logging a note. query is matched loosely (case-insensitive, partial); limit caps the number of
        cards. Returns compact cards: name, company, email, phone, VAT, reference, city and country.
        Does not create or change partners (see create_partner).
        """
        return await kit.run(
            ctx,
            "find_partners",
            {"query": query, "limit": limit},
            lambda call: find_partners_body(call, query, kit.policy.limit(limit)),
        )

    if not kit.writes_enabled:
        return

    @kit.tool(annotations=CREATES)
    async def create_partner(
        ctx: Context[Runtime, Any],
        name: Annotated[str, Field(min_length=1, description="Full name of the person or company")],
        is_company: Annotated[
            bool, Field(default=False, description="True for a company, False for a person")
        ],
        company: Annotated[
            RecordRef, Field(default="", description="For a person: the company they work for (id or name)")
        ],
        email: Annotated[str, Field(default="", description="Email address")],
        phone: Annotated[str, Field(default="", description="Phone number")],
        vat: Annotated[str, Field(default="", description="Tax id / VAT number")],
        street: Annotated[str, Field(default="", description="Street and number")],
        city: Annotated[str, Field(default="", description="City")],
        zip: Annotated[str, Field(default="", description="Postal code")],
        idempotency_key: IdempotencyKeyArg,
    ) -> Annotated[CallToolResult, RecordCard]:
        """Create a contact: a company or a person (optionally linked to its company).

        Use it when find_partners found nothing. name is required; is_company, company (id or name),
        email, phone, vat, street, city and zip are optional. If a partner with the same email or VAT
        already exists, nothing is created and that partner is returned instead, saying so. An
        idempotency_key makes retries safe. Does not update existing partners or merge duplicates.
        """
        fields = {"email": email, "phone": phone, "vat": vat, "street": street, "city": city, "zip": zip}
        values: dict[str, Any] = {"name": name.strip(), "is_company": is_company}
        values.update({key: value.strip() for key, value in fields.items() if value.strip()})
        arguments = {**values, "company": company, "idempotency_key": idempotency_key}
        return await kit.run(
            ctx,
            "create_partner",
            arguments,
            lambda call: create_partner_body(call, values, company),
            writes=True,
        )


PACK = Pack(
    name="contacts",
    register=register,
    description="Companies and people (res.partner)",
    requirements=(
        Requirement(PARTNER_MODEL, ("name", "email", "phone", "vat", "ref", "is_company", "parent_id")),
    ),
)
