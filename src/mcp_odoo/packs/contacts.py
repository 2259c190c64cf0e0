"""Contacts pack: find partners (companies and people) and create one without duplicating.

(No ``from __future__ import annotations``: the kit reads the tool signatures.)
"""

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from mcp_odoo.echo import echo
from mcp_odoo.odoo.pages import Related
from mcp_odoo.packs import (
    CREATES,
    QUERY_MAX_CHARS,
    READS,
    CompanyArg,
    IdempotencyKeyArg,
    InvalidRequest,
    Kit,
    Pack,
    RecordLink,
    Requirement,
    ToolCall,
    ToolOutput,
)
from mcp_odoo.packs.lookups import PARTNER
from mcp_odoo.packs.records import RecordCard, RecordCards, card_lines, card_of, cards
from mcp_odoo.packs.versions import partner_phone_fields, present
from mcp_odoo.policy import FieldMeta
from mcp_odoo.policy.metadata import replacement_note
from mcp_odoo.policy.names import candidates, listing
from mcp_odoo.policy.resolve import RecordRef, resolve_record
from mcp_odoo.render import compact_record

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


CONTACTS = Related("child_ids", ("name",), order="name, id", limit=10)
"""A company's contacts, listed on its card (read in the same request from Odoo 17)."""


def _partner_card(row: dict[str, Any], metas: Mapping[str, FieldMeta]) -> dict[str, Any]:
    """The compact card of a partner; a company's card lists its contacts (id and name)."""
    card = compact_record({name: value for name, value in row.items() if name != CONTACTS.field}, metas)
    contacts = [{"id": contact["id"], "name": contact["name"]} for contact in row.get(CONTACTS.field) or []]
    if contacts:
        card["contacts"] = contacts
    return card


def _already_there(call: ToolCall, partner: dict[str, Any], field: str, value: str) -> ToolOutput:
    """The answer when a partner already has this email or VAT: nothing is created."""
    call.record_ids = [partner["id"]]
    text = (
        f"Not created: {partner.get('display_name')} (#{partner['id']}) already has {field} "
        f"{value}. Use this partner, or change the {field} if it is really someone else."
    )
    link = RecordLink(PARTNER_MODEL, partner["id"], str(partner.get("display_name") or ""))
    return ToolOutput(RecordCard(model=PARTNER_MODEL, record=partner), text, [link])


def register(kit: Kit) -> None:
    limit_default = kit.policy.settings.default_limit

    @kit.tool(READS)
    async def find_partners(
        call: ToolCall,
        query: Annotated[
            str,
            Field(
                max_length=QUERY_MAX_CHARS,
                description="Part of a name, email, phone, VAT number or reference",
            ),
        ],
        limit: Annotated[int, Field(default=limit_default, ge=1, description="At most this many partners")],
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCards]:
        """Find contacts (companies and people) by part of their name (a contact's full name "Company,
        Person" too), email, phone, VAT number or reference; a company's card lists its contacts.

        Use it to get a customer's or supplier's id. Says how many match in all. Does not create or change
        partners (see create_partner).
        """
        text = query.strip()
        if not text:
            raise InvalidRequest(
                "query must not be empty", hint="give a name, email, phone, VAT or reference"
            )
        gateway = call.gateway
        searched = ["complete_name", "name", "email", "vat", "ref", *await partner_phone_fields(gateway)]
        searched = await present(gateway, PARTNER_MODEL, searched)
        domain: list[Any] = ["|"] * (len(searched) - 1) + [[name, "ilike", text] for name in searched]
        names = await present(gateway, PARTNER_MODEL, ["display_name", *CARD_FIELDS])
        rows, total = await gateway.search_page(
            PARTNER_MODEL, domain, names, limit=gateway.policy.limit(limit), related=CONTACTS
        )
        metas = await gateway.fields(PARTNER_MODEL)
        found = [_partner_card(row, metas) for row in rows]
        data = RecordCards(model=PARTNER_MODEL, records=found, total=total)
        header = f"{len(found)} of {total} partner(s) matching {echo(text)}"
        if not found:
            near = await candidates(gateway.names_like, PARTNER_MODEL, text)
            data.closest = [f"{name} (#{record_id})" for record_id, name in near] or None
            header += f"; closest: {listing(near)}" if near else ""
        return ToolOutput(data, card_lines(header, found))

    if not kit.writes_enabled:
        return

    @kit.tool(CREATES)
    async def create_partner(
        call: ToolCall,
        name: Annotated[str, Field(min_length=1, description="Full name of the person or company")],
        is_company: Annotated[
            bool, Field(default=False, description="True for a company, False for a person")
        ],
        company: Annotated[
            RecordRef, Field(default="", description="For a person: the company they work for (id or name)")
        ],
        email: Annotated[str, Field(default="", description="Email address")],
        phone: Annotated[str, Field(default="", description="Phone number")],
        mobile: Annotated[
            str, Field(default="", description="Mobile number (Odoo 16-18; 19 has phone only)")
        ],
        vat: Annotated[str, Field(default="", description="Tax id / VAT number")],
        street: Annotated[str, Field(default="", description="Street and number")],
        city: Annotated[str, Field(default="", description="City")],
        zip: Annotated[str, Field(default="", description="Postal code")],
        idempotency_key: IdempotencyKeyArg,
        company_id: CompanyArg,
    ) -> Annotated[ToolOutput, RecordCard]:
        """Create a contact: a company or a person (optionally linked to its company).

        Use it when find_partners found nothing. If a partner with the same email or VAT exists, nothing is
        created and that partner is returned, saying so. Does not update or merge partners.
        """
        fields = {
            "email": email,
            "phone": phone,
            "mobile": mobile,
            "vat": vat,
            "street": street,
            "city": city,
            "zip": zip,
        }
        values: dict[str, Any] = {"name": name.strip(), "is_company": is_company}
        values.update({key: value.strip() for key, value in fields.items() if value.strip()})
        gateway = call.gateway
        for field in ("email", "vat"):
            if values.get(field):
                existing = await cards(
                    gateway, PARTNER_MODEL, [[field, "=ilike", values[field]]], CARD_FIELDS, limit=1
                )
                if existing:
                    return _already_there(call, existing[0], field, values[field])
        if company not in ("", 0):
            values["parent_id"] = (
                await resolve_record(gateway, PARTNER, company, domain=[["is_company", "=", True]])
            ).id
        known = set(await present(gateway, PARTNER_MODEL, list(values)))
        unknown = [key for key in values if key not in known]
        if unknown:
            notes = [replacement_note(PARTNER_MODEL, key) for key in unknown]
            raise InvalidRequest(
                f"this Odoo has no {PARTNER_MODEL} field for {', '.join(unknown)}: the value would be lost",
                hint="; ".join(note for note in notes if note) or f"leave {', '.join(unknown)} out",
            )
        partner_id = await gateway.create(PARTNER_MODEL, values)
        call.record_ids = [partner_id]
        card = await card_of(gateway, PARTNER_MODEL, partner_id, CARD_FIELDS)
        partner_name = str(card.get("display_name") or values["name"])
        return ToolOutput(
            RecordCard(model=PARTNER_MODEL, record=card),
            f"Created partner {partner_name} (#{partner_id})",
            [RecordLink(PARTNER_MODEL, partner_id, partner_name)],
        )


PACK = Pack(
    name="contacts",
    register=register,
    description="Companies and people (res.partner)",
    requirements=(
        Requirement(PARTNER_MODEL, ("name", "email", "phone", "vat", "ref", "is_company", "parent_id")),
    ),
)
