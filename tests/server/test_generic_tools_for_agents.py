"""The generic tools as a strict client and a careful human would have them: free-form arguments as
JSON text, companies by name, no argument silently dropped, and the irreversible updates confirmed."""

from __future__ import annotations

from typing import Any

from sessions import Session, SessionFactory
from tool_results import error_of, structured, text_of

POSTED_INVOICE = 4
"""INV/2026/00004: posted, 31,750.00 (20,000 + 11,750)."""


def admin_read(session: Session, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
    admin = session.registry.users["admin"].uid
    rows: list[dict[str, Any]] = session.registry.execute_kw(admin, model, "read", [ids, fields], {})
    return rows


async def test_a_domain_and_values_may_be_sent_as_json_text(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        found = structured(
            await session.call("search_records", model="res.partner", domain='[["is_company", "=", true]]')
        )
        updated = await session.call(
            "update_record", model="res.partner", ids=[9], values='{"comment": "JSON"}'
        )
        bad = error_of(await session.call("count_records", model="res.partner", domain="[('id', '=', 1)]"))
    assert found["total"] > 0
    assert not updated.is_error, text_of(updated)
    assert admin_read(session, "res.partner", [9], ["comment"])[0]["comment"] == "JSON"
    assert bad["kind"] == "bad_arguments"
    assert "not JSON" in bad["message"]


async def test_a_company_is_given_by_id_or_by_name_with_one_refusal(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        by_name = structured(
            await session.call("count_records", model="account.move", company_id="my company (san francisco)")
        )
        by_id = structured(await session.call("count_records", model="account.move", company_id=1))
        named = error_of(
            await session.call("count_records", model="account.move", company_id="My US Company")
        )
        numbered = error_of(await session.call("count_records", model="account.move", company_id=2))
    assert by_name["count"] == by_id["count"] > 0
    assert named["kind"] == numbered["kind"] == "refused"
    assert named["message"] == "company 'My US Company' is not one of the Odoo user's companies"
    assert numbered["message"] == "company 2 is not one of the Odoo user's companies"
    assert numbered["hint"] == "the user may work in companies 1; give one of these (id or name)"
    assert named["hint"] == (
        "the user may work in companies My Company (San Francisco) (#1); give one of these (id or name)"
    )


async def test_an_unknown_argument_is_refused_naming_the_one_meant(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        session.simulator.calls.reset()
        error = error_of(await session.call("search_records", model="res.partner", limits=5))
        assert session.simulator.calls.snapshot() == {}
    assert "'limits' (did you mean limit?)" in error["message"]
    assert "company_id" in error["hint"]


async def test_list_models_says_how_many_match(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("list_models", query="account", limit=2)
    listed = structured(result)
    assert listed["total"] > 2
    assert text_of(result).startswith(f"2 of {listed['total']} readable model(s)")


async def test_changing_a_line_of_a_posted_invoice_waits_for_the_user(mcp_session: SessionFactory) -> None:
    """It used to change the total from 31,750 to 11,755 with no confirmation."""
    async with mcp_session(allow_writes=True) as session:
        line = admin_read(session, "account.move", [POSTED_INVOICE], ["invoice_line_ids"])[0][
            "invoice_line_ids"
        ][0]
        arguments: dict[str, Any] = {"model": "account.move.line", "ids": [line], "values": {"price_unit": 5}}
        preview = structured(await session.call("update_record", **arguments))
        untouched = admin_read(session, "account.move", [POSTED_INVOICE], ["amount_total"])[0]
        done = structured(
            await session.call("update_record", **arguments, confirmation_token=preview["confirmation_token"])
        )
    assert preview["status"] == "confirmation_required"
    assert preview["ids"] == []
    assert "post_invoice" in preview["preview"]
    assert untouched["amount_total"] == 31_750
    assert done["ids"] == [line]


async def test_archiving_waits_for_the_user_and_a_plain_update_does_not(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        archive = structured(
            await session.call("update_record", model="res.partner", ids=[9], values={"active": False})
        )
        still_active = admin_read(session, "res.partner", [9], ["active"])[0]["active"]
        plain = structured(
            await session.call("update_record", model="res.partner", ids=[9], values={"ref": "X1"})
        )
    assert archive["status"] == "confirmation_required"
    assert "Archive" in archive["preview"]
    assert still_active is True
    assert plain == {"model": "res.partner", "ids": [9]}


async def test_an_update_of_a_draft_document_needs_no_confirmation(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        admin = session.registry.users["admin"].uid
        draft = session.registry.execute_kw(
            admin, "sale.order", "search", [[["state", "=", "draft"]]], {"limit": 1}
        )[0]
        result = structured(
            await session.call(
                "update_record", model="sale.order", ids=[draft], values={"client_order_ref": "PO-7"}
            )
        )
    assert result == {"model": "sale.order", "ids": [draft]}
