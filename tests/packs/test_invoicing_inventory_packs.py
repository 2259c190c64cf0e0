"""Invoicing and inventory packs through an MCP client session, on 18.0 and 19.0."""

from __future__ import annotations

from typing import Any

import mcp_types as types
from pack_helpers import accept, links_of

from fakes import FakeClock
from sessions import OpenSession, Session, SessionFactory
from tool_results import error_of, structured, text_of


async def test_overdue_invoices_have_days_overdue_and_totals_per_currency(reader: OpenSession) -> None:
    async with reader() as s:
        overdue = structured(await s.call("get_overdue_invoices"))
        assert overdue["invoices"]
        assert overdue["total_invoices"] == len(overdue["invoices"])
        assert all(invoice["days_overdue"] >= 1 for invoice in overdue["invoices"])
        total = sum(invoice["amount_due"] for invoice in overdue["invoices"])
        assert round(total, 2) == round(sum(customer["overdue"] for customer in overdue["customers"]), 2)
        net = sum(customer["net_due"] for customer in overdue["customers"])
        assert round(net, 2) == round(sum(overdue["totals"].values()), 2)


async def test_get_invoice_by_number_returns_lines_and_totals(reader: OpenSession) -> None:
    async with reader() as s:
        detail = structured(await s.call("get_invoice", invoice="INV/2026/00003"))
        assert detail["invoice"]["name"] == "INV/2026/00003"
        assert detail["lines"]
        assert "amount_total" in detail["invoice"]


async def test_create_then_post_invoice_with_token(writer: OpenSession) -> None:
    async with writer() as s:
        created = structured(
            await s.call(
                "create_invoice", customer="Azure Interior", lines=[{"product": "[DESK0005]", "quantity": 2}]
            )
        )
        move_id = created["invoice"]["id"]
        assert created["invoice"]["state"] == "draft"
        preview = structured(await s.call("post_invoice", invoice=move_id))
        assert preview["status"] == "confirmation_required"
        posted = await s.call(
            "post_invoice", invoice=move_id, confirmation_token=preview["confirmation_token"]
        )
        assert structured(posted)["state"] == "posted"
        assert f"odoo://account.move/{move_id}" in links_of(posted)


async def test_posting_a_posted_invoice_is_refused(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(await s.call("post_invoice", invoice="INV/2026/00003"))
        assert "only invoices in state draft can be posted" in error["message"]


async def test_register_payment_preview_shows_amount_due(writer: OpenSession) -> None:
    async with writer() as s:
        preview = structured(await s.call("register_payment", invoice="INV/2026/00003", amount=100))
        assert preview["status"] == "confirmation_required"
        assert "100.00" in preview["amount"]
        assert s.writes == 0


async def test_register_payment_above_the_amount_due_is_refused(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(await s.call("register_payment", invoice="INV/2026/00003", amount=10_000_000))
        assert "exceeds" in error["message"]


async def test_stock_levels_of_a_product_by_reference(reader: OpenSession) -> None:
    async with reader() as s:
        levels = structured(await s.call("get_stock_levels", product="[E-COM07]"))["levels"]
        assert levels
        assert levels[0]["on_hand"] - levels[0]["reserved"] == levels[0]["available"]


WH_STOCK = {
    ("DESK0005", "WH/Stock", None): (65.0, 0.0),
    ("DESK0006", "WH/Stock", None): (70.0, 0.0),
    ("E-COM07", "WH/Stock", None): (500.0, 150.0),
    ("E-COM08", "WH/Stock", None): (18.0, 0.0),
    ("E-COM10", "WH/Stock", None): (22.0, 0.0),
    ("E-COM11", "WH/Stock", None): (33.0, 15.0),
    ("E-COM12", "WH/Stock", None): (26.0, 0.0),
    ("E-COM13", "WH/Stock", None): (30.0, 0.0),
    ("FURN_0096", "WH/Stock", None): (45.0, 0.0),
    ("FURN_0097", "WH/Stock", None): (50.0, 0.0),
    ("FURN_0098", "WH/Stock", None): (55.0, 0.0),
    ("FURN_0269", "WH/Stock", None): (10.0, 0.0),
    ("FURN_0789", "WH/Stock", None): (16.0, 0.0),
    ("FURN_1118", "WH/Stock", None): (2.0, 0.0),
    ("FURN_5555", "WH/Stock/Shelf 2", "CM-BOX-00001"): (50.0, 0.0),
    ("FURN_5555", "WH/Stock/Shelf 2", "CM-BOX-00002"): (40.0, 0.0),
    ("FURN_6667", "WH/Stock", None): (16.0, 16.0),
    ("FURN_8855", "WH/Stock", "0000000000029"): (80.0, 15.0),
}
"""(internal reference, location, lot): (on hand, reserved) of the stock lines of warehouse WH's internal
locations in the seeded demo database, the same on 18.0 and 19.0; the Desk Combination's is below."""
DESK_COMBINATION_ON_HAND = {"18.0": 60.0, "19.0": 2855.0}
"""The one quantity the two seeds differ on: FURN_7800 on hand in WH/Stock (48 of them reserved on both)."""


def internal_reference(product: str) -> str:
    """``FURN_5555`` of ``[FURN_5555] Cable Management Box``."""
    return product.removeprefix("[").split("]", 1)[0]


async def test_stock_levels_of_a_warehouse(reader: OpenSession, series: str) -> None:
    expected = {**WH_STOCK, ("FURN_7800", "WH/Stock", None): (DESK_COMBINATION_ON_HAND[series], 48.0)}
    available: dict[str, float] = {}
    for (reference, _, _), (on_hand, reserved) in expected.items():
        available[reference] = available.get(reference, 0.0) + on_hand - reserved
    async with reader() as s:
        stock = structured(await s.call("get_stock_levels", warehouse="WH", limit=200))
    levels = {
        (internal_reference(level["product"]), level["location"], level.get("lot")): (
            level["on_hand"],
            level["reserved"],
        )
        for level in stock["levels"]
    }
    assert levels == expected
    assert all(level["available"] == level["on_hand"] - level["reserved"] for level in stock["levels"])
    assert stock["total_lines"] == len(expected)
    totals = {internal_reference(product): total for product, total in stock["totals"].items()}
    assert totals == available
    assert totals["FURN_5555"] == 90.0, "both lots of the Cable Management Box count"


async def test_list_transfers_ready_deliveries(reader: OpenSession) -> None:
    async with reader() as s:
        transfers = structured(await s.call("list_transfers", state="assigned", type="outgoing"))["records"]
        assert transfers
        assert all(t["state"] == "assigned" for t in transfers)


async def test_validate_transfer_confirmed_by_elicitation_moves_stock(
    pack_session: SessionFactory, series: str
) -> None:
    async with pack_session(series=series, allow_writes=True, elicit=accept) as s:
        result = await s.call("validate_transfer", transfer="WH/OUT/00006")
        assert structured(result)["state"] == "done"


async def test_validate_draft_transfer_is_refused(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(await s.call("validate_transfer", transfer="WH/OUT/00003"))
        assert "only transfers in state assigned can be validated" in error["message"]
        assert s.writes == 0


async def test_expired_token_changes_nothing(
    pack_session: SessionFactory, series: str, token_clock: FakeClock
) -> None:
    async with pack_session(
        series=series, allow_writes=True, confirmation_ttl_seconds=60, clock=token_clock
    ) as s:
        token = structured(await s.call("validate_transfer", transfer="WH/OUT/00006"))["confirmation_token"]
        token_clock.advance(61)
        error = error_of(await s.call("validate_transfer", transfer="WH/OUT/00006", confirmation_token=token))
        assert "expired" in error["message"]
        assert s.writes == 0


async def test_confirmation_off_runs_the_step_directly(pack_session: SessionFactory, series: str) -> None:
    async with pack_session(series=series, allow_writes=True, confirmation_off=["validate_transfer"]) as s:
        result = await s.call("validate_transfer", transfer="WH/OUT/00006")
        assert structured(result)["status"] == "done", text_of(result)


async def test_register_payment_confirmed_pays_the_invoice(writer: OpenSession) -> None:
    async with writer() as s:
        preview = structured(await s.call("register_payment", invoice="INV/2026/00003"))
        token = preview["confirmation_token"]
        paid = structured(
            await s.call("register_payment", invoice="INV/2026/00003", confirmation_token=token)
        )
        assert paid["state"] in ("paid", "in_payment")


async def test_elicitation_form_shows_document_partner_and_amount(
    pack_session: SessionFactory, series: str
) -> None:
    asked: list[str] = []

    async def record_and_decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        return types.ElicitResult(action="decline")

    async with pack_session(series=series, allow_writes=True, elicit=record_and_decline) as s:
        await s.call("post_invoice", invoice=(await _draft_invoice(s)))
    assert len(asked) == 1
    assert "Post invoice" in asked[0]
    assert "Partner: Azure Interior" in asked[0]
    assert "Amount:" in asked[0]


async def _draft_invoice(s: Session) -> int:
    created = structured(
        await s.call(
            "create_invoice",
            customer="Azure Interior",
            lines=[{"description": "Consulting", "price_unit": 50}],
        )
    )
    return int(created["invoice"]["id"])


async def test_stock_levels_of_a_location_by_full_name(reader: OpenSession) -> None:
    async with reader() as s:
        levels = structured(await s.call("get_stock_levels", location="WH/Stock"))["levels"]
        assert levels
        assert all(level["location"].startswith("WH/Stock") for level in levels)


async def test_stock_totals_cover_every_line_even_when_the_page_is_cut(reader: OpenSession) -> None:
    async with reader() as s:
        whole = structured(await s.call("get_stock_levels", product="[FURN_5555]"))
        cut = await s.call("get_stock_levels", product="[FURN_5555]", limit=1)
    page = structured(cut)
    assert [level["on_hand"] for level in whole["levels"]] == [50.0, 40.0]
    assert whole["totals"] == page["totals"] == {"[FURN_5555] Cable Management Box": 90.0}
    assert (whole["total_lines"], page["total_lines"], len(page["levels"])) == (2, 2, 1)
    assert text_of(cut).startswith("1 of 2 stock line(s)")
    assert "1 more line(s) not listed" in text_of(cut)


async def test_stock_split_by_lot_names_each_lot(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("get_stock_levels", product="[FURN_5555]")
    levels = structured(result)["levels"]
    assert {level["lot"] for level in levels} == {"CM-BOX-00001", "CM-BOX-00002"}
    assert "lot CM-BOX-00001" in text_of(result)
    assert "lot CM-BOX-00002" in text_of(result)


async def test_no_stock_says_where_it_looked(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("get_stock_levels", product="[FURN_7777]")
    assert structured(result) == {"levels": [], "total_lines": 0, "totals": {}}
    assert text_of(result).startswith("No stock of [FURN_7777] Office Chair in the locations asked for")
