"""Sales pack: quotations and sales orders through an MCP client session, on 18.0 and 19.0."""

from __future__ import annotations

import asyncio

from pack_helpers import accept, decline, links_of

from sessions import OpenSession, SessionFactory
from tool_results import error_of, structured, text_of


async def test_get_sale_order_by_number_returns_lines_and_odoo_totals(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("get_sale_order", order="S00003")
        detail = structured(result)
        assert detail["order"]["name"] == "S00003"
        assert detail["lines"]
        untaxed = sum(line["price_subtotal"] for line in detail["lines"] if "price_subtotal" in line)
        assert round(untaxed, 2) == detail["order"]["amount_untaxed"]


async def test_unknown_order_number_lists_closest_candidates(reader: OpenSession) -> None:
    async with reader() as s:
        error = error_of(await s.call("get_sale_order", order="S0000"))
        assert error["kind"] == "bad_arguments"
        assert "closest" in error["message"]
        assert "(#" in error["message"]


async def test_list_sale_orders_filters_by_customer_name_and_state(reader: OpenSession) -> None:
    async with reader() as s:
        result = await s.call("list_sale_orders", customer="Ready Mat", state="draft")
        records = structured(result)["records"]
        assert records
        assert all(record["state"] == "draft" for record in records)
        assert all(record["partner_id"]["name"].startswith("Ready Mat") for record in records)


async def test_write_tools_are_absent_when_writes_are_disabled(reader: OpenSession) -> None:
    async with reader() as s:
        names = {tool.name for tool in (await s.client.list_tools()).tools}
        assert "get_sale_order" in names
        assert not names & {"create_quotation", "confirm_quotation", "cancel_quotation"}


async def test_create_quotation_resolves_customer_and_product_by_name(writer: OpenSession) -> None:
    async with writer() as s:
        result = await s.call(
            "create_quotation",
            customer="Azure Interior",
            lines=[{"product": "[DESK0005]", "quantity": 5, "discount": 10}],
        )
        detail = structured(result)
        assert detail["order"]["state"] == "draft"
        assert detail["order"]["partner_id"]["name"] == "Azure Interior"
        assert detail["lines"][0]["product_uom_qty"] == 5
        assert links_of(result) == [f"odoo://sale.order/{detail['order']['id']}"]


async def test_create_quotation_retry_with_same_idempotency_key_creates_one_order(
    writer: OpenSession,
) -> None:
    async with writer() as s:
        arguments = {
            "customer": "Azure Interior",
            "lines": [{"product": "[DESK0005]", "quantity": 1}],
            "idempotency_key": "retry-test-1",
        }
        first = structured(await s.call("create_quotation", **arguments))
        writes_after_first = s.writes
        second = await s.call("create_quotation", **arguments)
        assert structured(second)["order"]["id"] == first["order"]["id"]
        assert "Replayed" in text_of(second)
        assert s.writes == writes_after_first


async def test_idempotency_key_reused_with_other_arguments_is_refused(writer: OpenSession) -> None:
    async with writer() as s:
        base = {"customer": "Azure Interior", "idempotency_key": "retry-test-2"}
        await s.call("create_quotation", lines=[{"product": "[DESK0005]", "quantity": 1}], **base)
        error = error_of(
            await s.call("create_quotation", lines=[{"product": "[DESK0005]", "quantity": 2}], **base)
        )
        assert "different arguments" in error["message"]


async def test_ambiguous_product_lists_candidates_and_creates_nothing(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(
            await s.call(
                "create_quotation", customer="Azure Interior", lines=[{"product": "Desk", "quantity": 1}]
            )
        )
        assert "(#" in error["message"]
        assert s.writes == 0


async def test_confirm_quotation_without_elicitation_returns_preview_and_token(writer: OpenSession) -> None:
    async with writer() as s:
        preview = structured(await s.call("confirm_quotation", order="S00003"))
        assert preview["status"] == "confirmation_required"
        assert preview["partner"] == "Ready Mat"
        assert preview["amount"]
        assert s.writes == 0
        done = structured(
            await s.call(
                "confirm_quotation", order="S00003", confirmation_token=preview["confirmation_token"]
            )
        )
        assert done["status"] == "done"
        assert done["state"] == "sale"


async def test_confirmation_token_works_only_once(writer: OpenSession) -> None:
    async with writer() as s:
        token = structured(await s.call("confirm_quotation", order="S00003"))["confirmation_token"]
        await s.call("confirm_quotation", order="S00003", confirmation_token=token)
        error = error_of(await s.call("confirm_quotation", order="S00003", confirmation_token=token))
        assert error["kind"] in ("confirmation_invalid", "bad_arguments")


async def test_confirmation_token_for_other_arguments_changes_nothing(writer: OpenSession) -> None:
    async with writer() as s:
        token = structured(await s.call("confirm_quotation", order="S00003"))["confirmation_token"]
        error = error_of(await s.call("confirm_quotation", order="S00001", confirmation_token=token))
        assert error["kind"] == "confirmation_invalid"
        assert s.writes == 0


async def test_confirming_a_confirmed_order_is_refused_before_odoo(writer: OpenSession) -> None:
    async with writer() as s:
        error = error_of(await s.call("confirm_quotation", order="S00012"))
        assert "only quotations in state draft or sent can be confirmed" in error["message"]
        assert s.writes == 0


async def test_confirm_quotation_accepted_by_elicitation(
    pack_session: SessionFactory, series: str, mode: str
) -> None:
    async with pack_session(series=series, mode=mode, allow_writes=True, elicit=accept) as session:
        result = await session.call("confirm_quotation", order="S00003")
        assert structured(result)["status"] == "done"
        assert "odoo://sale.order/3" in links_of(result)


async def test_confirm_quotation_declined_by_elicitation_changes_nothing(
    pack_session: SessionFactory, series: str, mode: str
) -> None:
    async with pack_session(series=series, mode=mode, allow_writes=True, elicit=decline) as session:
        result = await session.call("confirm_quotation", order="S00003")
        assert structured(result)["status"] == "declined"
        assert session.writes == 0


async def test_cancel_quotation_with_token(writer: OpenSession) -> None:
    async with writer() as s:
        token = structured(await s.call("cancel_quotation", order="S00001"))["confirmation_token"]
        done = structured(await s.call("cancel_quotation", order="S00001", confirmation_token=token))
        assert done["state"] == "cancel"


async def test_cancel_quotation_cancels_a_sent_quotation_without_odoos_email_wizard(
    writer: OpenSession,
) -> None:
    async with writer() as s:
        token = structured(await s.call("cancel_quotation", order="S00019"))["confirmation_token"]
        done = structured(await s.call("cancel_quotation", order="S00019", confirmation_token=token))
        assert done["state"] == "cancel"


async def test_concurrent_retries_with_one_idempotency_key_create_one_order(writer: OpenSession) -> None:
    async with writer() as s:
        arguments = {
            "customer": "Azure Interior",
            "lines": [{"product": "[DESK0005]", "quantity": 3}],
            "idempotency_key": "concurrent-1",
        }
        first, second = await asyncio.gather(
            s.call("create_quotation", **arguments), s.call("create_quotation", **arguments)
        )
        assert structured(first)["order"]["id"] == structured(second)["order"]["id"]
        assert s.simulator.calls.count(model="sale.order", method="create") == 1


async def test_a_misspelled_customer_offers_the_record_meant(reader: OpenSession) -> None:
    async with reader() as s:
        error = error_of(await s.call("list_sale_orders", customer="Gemni Furnture"))
        assert error["kind"] == "bad_arguments"
        assert error["message"].startswith("no partner named 'Gemni Furnture'; closest: Gemini Furniture (#")


async def test_a_customer_name_in_other_case_and_accents_is_found(reader: OpenSession) -> None:
    async with reader() as s:
        exact = structured(await s.call("list_sale_orders", customer="Gemini Furniture"))
        folded = structured(await s.call("list_sale_orders", customer="GÉMINI furniture"))
        assert folded == exact
