"""No silent wrong answers from the business tools, names instead of ids, and the document named as it
becomes: on 18.0 and 19.0, through an MCP client."""

from __future__ import annotations

from typing import Any

from mcp_odoo.simulator.orm import Registry
from sessions import OpenSession, SessionFactory
from tool_results import error_of, structured, text_of

SAN_FRANCISCO = "My Company (San Francisco)"


def admin_read(registry: Registry, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """What Odoo holds, read as its administrator: the second path the answers are checked against."""
    admin = registry.users["admin"].uid
    rows: list[dict[str, Any]] = registry.execute_kw(
        admin, model, "search_read", [domain], {"fields": fields, "context": {"allowed_company_ids": [1]}}
    )
    return rows


async def test_an_unknown_order_state_lists_the_valid_ones_instead_of_answering_none(
    reader: OpenSession,
) -> None:
    async with reader() as s:
        error = error_of(await s.call("list_sale_orders", state="confirmed"))
    assert error["kind"] == "bad_arguments"
    assert "sale (Sales Order)" in error["message"]
    assert "draft (Quotation)" in error["message"]


async def test_an_order_state_may_be_given_by_its_label(reader: OpenSession) -> None:
    async with reader() as s:
        orders = structured(await s.call("list_sale_orders", state="Sales Order", limit=200))
    expected = admin_read(s.registry, "sale.order", [["state", "=", "sale"]], ["name"])
    assert orders["total"] == len(expected) > 0
    assert {order["state"] for order in orders["records"]} == {"sale"}


async def test_ready_transfers_are_found_by_label_and_an_unknown_state_is_refused(
    reader: OpenSession,
) -> None:
    """`ready` used to answer 0 transfers while 12 were `assigned` (Odoo's label: Ready)."""
    async with reader() as s:
        ready = structured(await s.call("list_transfers", state="ready", limit=200))
        deliveries = structured(await s.call("list_transfers", state="Ready", type="Delivery", limit=200))
        error = error_of(await s.call("list_transfers", state="shipped"))
    assigned = admin_read(s.registry, "stock.picking", [["state", "=", "assigned"]], ["picking_type_code"])
    assert ready["total"] == len(assigned) > 0
    outgoing = [row for row in assigned if row["picking_type_code"] == "outgoing"]
    assert deliveries["total"] == len(outgoing) > 0
    assert {transfer["state"] for transfer in deliveries["records"]} == {"assigned"}
    assert "assigned (Ready)" in error["message"]


async def test_selection_filters_publish_their_values_as_an_enum(reader: OpenSession) -> None:
    async with reader() as s:
        tools = {tool.name: tool.input_schema for tool in (await s.client.list_tools()).tools}
    assert tools["list_sale_orders"]["properties"]["state"]["enum"] == [
        "draft",
        "sent",
        "sale",
        "cancel",
        "locked",
    ]
    assert "assigned" in tools["list_transfers"]["properties"]["state"]["enum"]
    assert tools["list_transfers"]["properties"]["type"]["enum"] == ["incoming", "outgoing", "internal"]
    assert tools["list_crm_leads"]["properties"]["status"]["enum"] == ["open", "won", "lost"]


async def test_every_list_says_how_many_match_in_all(reader: OpenSession) -> None:
    async with reader() as s:
        partners = await s.call("find_partners", query="a", limit=2)
        leads = structured(await s.call("list_crm_leads", limit=2))
        transfers = structured(await s.call("list_transfers", limit=2))
        products = structured(await s.call("find_products", query="desk", limit=2))
    found = structured(partners)
    assert found["total"] > len(found["records"]) == 2
    assert f"2 of {found['total']} partner(s)" in text_of(partners)
    assert leads["total"] == len(admin_read(s.registry, "crm.lead", [], ["id"]))
    assert transfers["total"] == len(admin_read(s.registry, "stock.picking", [], ["id"]))
    assert products["total"] > 2


async def test_overdue_amounts_are_net_of_the_customers_open_credit_notes(reader: OpenSession) -> None:
    """INV/2026/00004 (31,750, overdue) has an open credit note of the same amount for its customer."""
    async with reader() as s:
        overdue = structured(await s.call("get_overdue_invoices"))
        text = text_of(await s.call("get_overdue_invoices"))
    invoice = next(invoice for invoice in overdue["invoices"] if invoice["number"] == "INV/2026/00004")
    customer = next(entry for entry in overdue["customers"] if entry["partner"] == invoice["partner"])
    refunds = admin_read(
        s.registry,
        "account.move",
        [
            ["move_type", "=", "out_refund"],
            ["state", "=", "posted"],
            ["partner_id.name", "=", invoice["partner"]],
        ],
        ["amount_residual"],
    )
    assert customer["open_credit_notes"] == sum(refund["amount_residual"] for refund in refunds) >= 31_750
    assert customer["net_due"] == max(customer["overdue"] - customer["open_credit_notes"], 0) == 0
    assert overdue["totals"] == {"USD": 0.0}
    assert "open credit note(s)" in text
    assert "Total net due: 0.00 USD" in text


async def test_a_mobile_number_this_odoo_cannot_store_is_an_error_naming_its_replacement(
    pack_session: SessionFactory,
) -> None:
    async with pack_session(series="19.0", allow_writes=True) as s:
        error = error_of(await s.call("create_partner", name="Mobile Person", mobile="+1 555 0100"))
        assert s.writes == 0
    assert "mobile" in error["message"]
    assert "phone" in error["hint"]


async def test_a_mobile_number_is_stored_where_odoo_has_the_field(pack_session: SessionFactory) -> None:
    async with pack_session(series="18.0", allow_writes=True) as s:
        created = structured(await s.call("create_partner", name="Mobile Person", mobile="+1 555 0100"))
    assert created["record"]["mobile"] == "+1 555 0100"


async def test_an_argument_the_tool_does_not_have_is_refused_not_dropped(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(await s.call("create_partner", name="Fax Person", fax="+1 555 0199"))
        assert s.writes == 0
    assert "'fax'" in error["message"]
    assert "phone" in error["hint"]


async def test_posting_names_the_draft_and_then_the_number_it_got(writer: OpenSession) -> None:
    async with writer() as s:
        created = structured(
            await s.call(
                "create_invoice", customer="Azure Interior", lines=[{"description": "Desk", "price_unit": 10}]
            )
        )
        move_id = created["invoice"]["id"]
        preview = structured(await s.call("post_invoice", invoice=move_id))
        done = structured(
            await s.call("post_invoice", invoice=move_id, confirmation_token=preview["confirmation_token"])
        )
    number = admin_read(s.registry, "account.move", [["id", "=", move_id]], ["name"])[0]["name"]
    assert preview["document"] not in ("/", "")
    assert "next number" in preview["preview"]
    assert number.startswith("INV/")
    assert done["document"] == number


async def test_find_products_by_name_reference_and_barcode(reader: OpenSession) -> None:
    async with reader() as s:
        product = admin_read(
            s.registry, "product.product", [["barcode", "!=", False]], ["name", "default_code", "barcode"]
        )[0]
        by_name = structured(await s.call("find_products", query=product["name"]))["records"]
        by_reference = structured(await s.call("find_products", query=f"[{product['default_code']}]"))[
            "records"
        ]
        by_barcode = structured(await s.call("find_products", query=product["barcode"]))["records"]
    assert product["id"] in {found["id"] for found in by_name}
    assert [found["id"] for found in by_reference] == [product["id"]]
    assert [found["id"] for found in by_barcode] == [product["id"]]
    assert {"lst_price", "type", "qty_available"} <= set(by_reference[0])


async def test_a_lead_takes_the_prospects_company_name(writer: OpenSession) -> None:
    async with writer() as s:
        lead = structured(
            await s.call(
                "create_crm_lead",
                name="Chairs for 40 seats",
                company_name="Blue Heron Ltd",
                contact_name="Ann",
            )
        )["record"]
    stored = admin_read(s.registry, "crm.lead", [["id", "=", lead["id"]]], ["partner_name"])
    assert stored[0]["partner_name"] == "Blue Heron Ltd"


async def test_find_partners_matches_a_contacts_full_name_and_lists_a_companys_contacts(
    reader: OpenSession,
) -> None:
    async with reader() as s:
        contact = admin_read(
            s.registry, "res.partner", [["parent_id", "!=", False]], ["display_name", "parent_id"]
        )[0]
        by_full_name = structured(await s.call("find_partners", query=contact["display_name"]))["records"]
        company = structured(await s.call("find_partners", query=contact["parent_id"][1]))["records"]
    assert contact["id"] in {found["id"] for found in by_full_name}
    card = next(found for found in company if found["id"] == contact["parent_id"][0])
    assert contact["id"] in {person["id"] for person in card["contacts"]}


async def test_a_business_tool_works_in_a_company_given_by_name(reader: OpenSession) -> None:
    async with reader() as s:
        named = structured(await s.call("list_sale_orders", company_id=SAN_FRANCISCO, limit=1))
        by_id = structured(await s.call("list_sale_orders", company_id=1, limit=1))
        refused = error_of(await s.call("list_sale_orders", company_id="My US Company"))
        refused_id = error_of(await s.call("get_overdue_invoices", company_id=2))
    assert named["total"] == by_id["total"] > 0
    assert refused["kind"] == refused_id["kind"] == "refused"
    assert "is not one of the Odoo user's companies" in refused["message"]
    assert "is not one of the Odoo user's companies" in refused_id["message"]
    assert SAN_FRANCISCO in refused["hint"]


async def test_a_misspelled_partner_gets_the_closest_names_not_just_zero(reader: OpenSession) -> None:
    async with reader() as s:
        company = admin_read(s.registry, "res.partner", [["is_company", "=", True]], ["name"])[0]
        typo = company["name"][:2] + company["name"][3:]
        result = await s.call("find_partners", query=typo)
    found = structured(result)
    assert found["total"] == 0
    assert found["closest"][0] == f"{company['name']} (#{company['id']})"
    assert f"closest: {company['name']} (#{company['id']})" in text_of(result)


async def test_a_lead_priority_is_one_of_odoos_and_may_be_given_by_label(writer: OpenSession) -> None:
    async with writer() as s:
        lead = admin_read(s.registry, "crm.lead", [], ["priority"])[0]
        error = error_of(await s.call("update_crm_lead", lead=lead["id"], priority="urgent"))
        labels = admin_read(s.registry, "crm.lead", [["id", "=", lead["id"]]], ["priority"])
        structured(await s.call("update_crm_lead", lead=lead["id"], priority="very high"))
        updated = admin_read(s.registry, "crm.lead", [["id", "=", lead["id"]]], ["priority"])
    assert "3 (Very High)" in error["message"]
    assert labels == [lead]
    assert updated[0]["priority"] == "3"
