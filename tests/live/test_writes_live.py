"""Every write tool against a real Odoo with the stock demo data (skipped without one).

This module CREATES ITS OWN RECORDS on the demo database and changes only those: partners named
"mcp-odoo live <random hex>", their leads (with a note and an activity), their quotations, the delivery
of the confirmed one, an invoice and its payments. Nothing that was there before is modified, except
what Odoo itself does to validate that delivery (one demo product's stock goes down by one unit) and
to number the documents. Irreversible tools are confirmed as a client without elicitation does: the
first call returns a preview with a single-use confirmation_token, the second call presents it.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections import defaultdict
from typing import Any

from live_support import Live, OpenLive

from mcp_odoo.settings import MethodRule

WRITES: dict[str, Any] = {
    "allow_writes": True,
    "methods": [MethodRule(model="crm.lead", method="action_set_won", writes=True, irreversible=True)],
}


def unique_name() -> str:
    return f"mcp-odoo live {secrets.token_hex(4)}"


async def new_partner(live: Live) -> dict[str, Any]:
    name = unique_name()
    card: dict[str, Any] = (await live.ok("create_partner", name=name, is_company=True))["record"]
    assert card["name"] == name
    return card


async def confirmed(live: Live, tool: str, **arguments: Any) -> dict[str, Any]:
    """An irreversible tool run to the end: the preview's token is presented by a second call."""
    preview = await live.ok(tool, **arguments)
    assert preview["status"] == "confirmation_required", preview
    done = await live.ok(tool, **arguments, confirmation_token=preview["confirmation_token"])
    assert done["status"] == "done", done
    return done


async def read_one(live: Live, model: str, record_id: int, fields: list[str]) -> dict[str, Any]:
    records: list[dict[str, Any]] = (
        await live.ok("read_records", model=model, ids=[record_id], fields=fields)
    )["records"]
    return records[0]


async def any_sellable_product(live: Live) -> int:
    product = await live.first("product.product", [["sale_ok", "=", True]], ["name"], order="id")
    return int(product["id"])


async def stocked_product(live: Live) -> int:
    """A sellable, untracked product with at least one free unit in the user's main warehouse."""
    user = await live.first("res.users", [["login", "=", os.environ["ODOO_USER"]]], ["company_id"])
    warehouse = await live.first(
        "stock.warehouse",
        [["company_id", "=", user["company_id"]["id"]]],
        ["lot_stock_id"],
        order="sequence, id",
    )
    quants = await live.records(
        "stock.quant",
        [
            ["location_id", "child_of", warehouse["lot_stock_id"]["id"]],
            ["product_id.sale_ok", "=", True],
            ["product_id.tracking", "=", "none"],
            ["quantity", ">", 1],
        ],
        ["product_id", "quantity", "reserved_quantity"],
        limit=100,
    )
    free: dict[int, float] = defaultdict(float)
    for quant in quants:
        free[quant["product_id"]["id"]] += quant["quantity"] - quant["reserved_quantity"]
    product = max(free, key=lambda product_id: free[product_id], default=None)
    assert product is not None, "the demo database has no sellable product in stock"
    assert free[product] >= 1, "every unit in stock is reserved"
    return product


async def new_quotation(live: Live, partner_id: int, product_id: int) -> dict[str, Any]:
    lines = [{"product": product_id, "quantity": 1}]
    order: dict[str, Any] = (await live.ok("create_quotation", customer=partner_id, lines=lines))["order"]
    assert order["state"] == "draft"
    return order


async def posted_invoice(live: Live, partner_id: int) -> dict[str, Any]:
    lines = [{"description": "mcp-odoo live test service", "quantity": 2, "price_unit": 50}]
    invoice: dict[str, Any] = (await live.ok("create_invoice", customer=partner_id, lines=lines))["invoice"]
    assert invoice["state"] == "draft"
    assert (await confirmed(live, "post_invoice", invoice=invoice["id"]))["state"] == "posted"
    return invoice


async def test_create_partner_creates_a_new_company(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        stored = await read_one(live, "res.partner", partner["id"], ["name", "is_company"])
    assert stored["name"] == partner["name"]
    assert stored["is_company"] is True


async def test_create_partner_retried_with_the_same_key_creates_one_partner(open_live: OpenLive) -> None:
    name, key = unique_name(), secrets.token_hex(8)
    async with open_live(**WRITES) as live:
        first = await live.ok("create_partner", name=name, idempotency_key=key)
        retry = await live.ok("create_partner", name=name, idempotency_key=key)
        count = await live.ok("count_records", model="res.partner", domain=[["name", "=", name]])
    assert retry["record"]["id"] == first["record"]["id"]
    assert count["count"] == 1


async def test_create_partner_with_a_known_email_returns_the_existing_partner(open_live: OpenLive) -> None:
    email = f"{secrets.token_hex(6)}@mcp-odoo-live.example"
    async with open_live(**WRITES) as live:
        first = await live.ok("create_partner", name=unique_name(), email=email)
        second = await live.ok("create_partner", name=unique_name(), email=email)
    assert second["record"]["id"] == first["record"]["id"]


async def test_create_record_then_update_record_change_only_the_new_partner(open_live: OpenLive) -> None:
    name = unique_name()
    async with open_live(**WRITES) as live:
        created = await live.ok("create_record", model="res.partner", values={"name": name})
        partner_id = created["ids"][0]
        await live.ok("update_record", model="res.partner", ids=[partner_id], values={"city": "Liveville"})
        stored = await read_one(live, "res.partner", partner_id, ["name", "city"])
    assert created["display_name"] == name
    assert (stored["name"], stored["city"]) == (name, "Liveville")


async def test_lead_is_created_for_the_partner_and_updated(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        lead = (
            await live.ok("create_crm_lead", name=unique_name(), partner=partner["id"], expected_revenue=1000)
        )["record"]
        updated = (await live.ok("update_crm_lead", lead=lead["id"], probability=42, priority="2"))["record"]
    assert lead["partner_id"]["id"] == partner["id"]
    assert updated["id"] == lead["id"]
    assert (updated["probability"], updated["priority"]) == (42, "2")


async def test_note_and_activity_land_on_the_new_lead(open_live: OpenLive) -> None:
    due = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    async with open_live(**WRITES) as live:
        lead = (await live.ok("create_crm_lead", name=unique_name()))["record"]
        note = await live.ok("log_note", model="crm.lead", record=lead["id"], body="Called, wants a quote.")
        activity = await live.ok(
            "schedule_activity", model="crm.lead", record=lead["id"], summary="Send the quote", due_date=due
        )
        call = await live.ok(
            "schedule_activity",
            model="crm.lead",
            record=lead["id"],
            summary="Call about the quote",
            due_date=due,
            activity_type="Call",
        )
        stored = await read_one(live, "crm.lead", lead["id"], ["message_ids", "activity_ids"])
        created = activity["record"]["activity_ids"] + call["record"]["activity_ids"]
        typed = await live.records("mail.activity", [["id", "in", created]], ["activity_type_id"], limit=2)
    kinds = {row["id"]: row["activity_type_id"]["name"] for row in typed}
    assert isinstance(note["record"]["message_id"], int)
    assert note["record"]["message_id"] in stored["message_ids"]
    assert set(created) <= set(stored["activity_ids"])
    assert activity["record"]["date_deadline"] == due
    assert [kinds[activity_id] for activity_id in created] in (["To-Do", "Call"], ["To Do", "Call"])


async def test_call_method_marks_the_new_lead_won_after_confirmation(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        lead = (await live.ok("create_crm_lead", name=unique_name()))["record"]
        done = await confirmed(
            live, "call_method", model="crm.lead", method="action_set_won", ids=[lead["id"]]
        )
        stored = await read_one(live, "crm.lead", lead["id"], ["probability"])
    assert done["id"] == lead["id"]
    assert stored["probability"] == 100


async def test_quotation_is_cancelled_after_confirmation(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        order = await new_quotation(live, partner["id"], await any_sellable_product(live))
        done = await confirmed(live, "cancel_quotation", order=order["id"])
    assert done["state"] == "cancel"


async def test_report_pdf_of_the_new_quotation_is_rendered_or_clearly_refused(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        order = await new_quotation(live, partner["id"], await any_sellable_product(live))
        result = await live.call("get_report_pdf", model="sale.order", record=str(order["id"]))
    if result.is_error:
        assert "wkhtmltopdf" in str(result.content)
    else:
        assert result.structured_content is not None
        assert result.structured_content["report"] == "sale.report_saleorder"
        assert result.structured_content["size"] > 0


async def test_confirmed_quotation_ships_and_its_delivery_is_validated(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        order = await new_quotation(live, partner["id"], await stocked_product(live))
        confirmed_order = await confirmed(live, "confirm_quotation", order=order["name"])
        deliveries = (await live.ok("list_transfers", partner=partner["id"], type="outgoing"))["records"]
        assert [delivery["state"] for delivery in deliveries] == ["assigned"]
        validated = await confirmed(live, "validate_transfer", transfer=deliveries[0]["id"])
        stored = await read_one(live, "stock.picking", deliveries[0]["id"], ["state", "origin"])
    assert confirmed_order["state"] in ("sale", "done")
    assert validated["state"] == "done"
    assert stored["state"] == "done"
    assert stored["origin"] == order["name"]


async def test_invoice_is_created_posted_and_paid(open_live: OpenLive) -> None:
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        invoice = await posted_invoice(live, partner["id"])
        paid = await confirmed(live, "register_payment", invoice=invoice["id"])
        stored = await read_one(live, "account.move", invoice["id"], ["payment_state", "amount_residual"])
    assert paid["state"] in ("paid", "in_payment")
    assert stored["amount_residual"] == 0


async def test_payment_retried_with_the_same_key_is_registered_once(open_live: OpenLive) -> None:
    key = secrets.token_hex(8)
    async with open_live(**WRITES) as live:
        partner = await new_partner(live)
        invoice = await posted_invoice(live, partner["id"])
        half = invoice["amount_total"] / 2
        first = await confirmed(
            live, "register_payment", invoice=invoice["id"], amount=half, idempotency_key=key
        )
        retry = await live.call("register_payment", invoice=invoice["id"], amount=half, idempotency_key=key)
        stored = await read_one(live, "account.move", invoice["id"], ["payment_state", "amount_residual"])
    assert first["state"] == "partial"
    assert not retry.is_error
    assert "Replayed" in str(retry.content)
    assert stored["payment_state"] == "partial"
    assert abs(stored["amount_residual"] - half) < 0.01
