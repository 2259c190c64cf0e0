"""create_record, update_record and call_method with writes enabled: checked first, then written once."""

from __future__ import annotations

import pytest

from mcp_odoo.settings import MethodRule
from sessions import SessionFactory
from tool_results import error_of, structured, text_of

AZURE = 15
CONFIRM = MethodRule(model="sale.order", method="action_confirm", writes=True)


async def test_create_record_resolves_a_many2one_by_exact_name(
    mcp_session: SessionFactory, series: str, mode: str
) -> None:
    async with mcp_session(series=series, mode=mode, allow_writes=True) as session:
        result = await session.call(
            "create_record", model="crm.lead", values={"name": "Bigger desks", "partner_id": "Azure Interior"}
        )
        created = structured(result)
        lead = await session.call("read_records", model="crm.lead", ids=created["ids"], fields=["partner_id"])
    assert created["display_name"] == "Bigger desks"
    assert f"(#{created['ids'][0]})" in text_of(result)
    assert structured(lead)["records"][0]["partner_id"] == {"id": AZURE, "name": "Azure Interior"}


async def test_create_record_writes_exactly_once(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        session.simulator.calls.reset()
        await session.call("create_record", model="crm.lead", values={"name": "One lead"})
        assert session.simulator.calls.count(method="create") == 1


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_an_ambiguous_name_lists_the_candidates_and_writes_nothing(
    mcp_session: SessionFactory, series: str
) -> None:
    new_line = {"product_id": "Conference Chair", "product_uom_qty": 2}
    async with mcp_session(series=series, allow_writes=True) as session:
        session.simulator.calls.reset()
        result = await session.call(
            "update_record", model="sale.order", ids=[1], values={"order_line": [new_line]}
        )
        assert session.simulator.calls.writes == 0
    error = error_of(result)
    assert "Conference Chair (Steel) (#" in error["message"]
    assert "Conference Chair (Aluminium) (#" in error["message"]
    assert error["kind"] == "bad_arguments"


async def test_an_unknown_field_is_reported_without_calling_odoo_to_write(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session(allow_writes=True) as session:
        session.simulator.calls.reset()
        error = error_of(
            await session.call("create_record", model="crm.lead", values={"name": "L", "revenue": 5})
        )
        assert session.simulator.calls.writes == 0
    assert "no field 'revenue'" in error["message"]


async def test_a_missing_required_field_is_reported(mcp_session: SessionFactory) -> None:
    """sale.order's customer is required, has no default and is not computed: refused before Odoo."""
    async with mcp_session(allow_writes=True) as session:
        before = session.simulator.calls.writes
        error = error_of(await session.call("create_record", model="sale.order", values={"note": "x"}))
        assert session.simulator.calls.writes == before
    assert "required field(s): partner_id" in error["message"]


async def test_a_required_field_odoo_computes_is_left_to_odoo(mcp_session: SessionFactory) -> None:
    """crm.lead's name is required but computed from its customer (Odoo 17+): not refused up front."""
    async with mcp_session(allow_writes=True) as session:
        result = await session.call(
            "create_record", model="crm.lead", values={"partner_id": "Azure Interior", "priority": "2"}
        )
    assert not result.is_error, result.content
    assert "Azure Interior's opportunity" in text_of(result)


async def test_a_wrong_selection_value_lists_the_allowed_values(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        error = error_of(
            await session.call("update_record", model="crm.lead", ids=[1], values={"priority": "9"})
        )
    assert "0 (Low)" in error["message"]


async def test_update_record_writes_the_values(mcp_session: SessionFactory, series: str, mode: str) -> None:
    async with mcp_session(series=series, mode=mode, allow_writes=True) as session:
        result = await session.call(
            "update_record", model="res.partner", ids=[AZURE], values={"phone": "+32 2 555 01"}
        )
        partner = structured(
            await session.call("read_records", model="res.partner", ids=[AZURE], fields=["phone"])
        )
        assert session.simulator.calls.writes == 1
    assert structured(result)["ids"] == [AZURE]
    assert partner["records"][0]["phone"] == "+32 2 555 01"


async def test_a_sensitive_field_is_never_written(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        session.simulator.calls.reset()
        error = error_of(
            await session.call(
                "update_record", model="res.partner", ids=[AZURE], values={"signup_token": "x"}
            )
        )
        assert session.simulator.calls.writes == 0
    assert error["kind"] == "refused"


async def test_call_method_runs_an_allowlisted_write_method(
    mcp_session: SessionFactory, series: str, mode: str
) -> None:
    async with mcp_session(series=series, mode=mode, allow_writes=True, methods=[CONFIRM]) as session:
        result = await session.call("call_method", model="sale.order", method="action_confirm", ids=[1])
        order = structured(await session.call("read_records", model="sale.order", ids=[1], fields=["state"]))
    assert not result.is_error, text_of(result)
    assert order["records"][0]["state"] == "sale"


async def test_odoo_business_errors_come_back_with_kind_and_no_retry(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True, methods=[CONFIRM]) as session:
        await session.call("call_method", model="sale.order", method="action_confirm", ids=[1])
        error = error_of(
            await session.call("call_method", model="sale.order", method="action_confirm", ids=[1])
        )
    assert error["kind"] == "business_rule"
    assert error["retryable"] is False
    assert "Traceback" not in error["message"]


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_an_unknown_partner_name_lists_the_closest_partners_with_ids(
    mcp_session: SessionFactory, series: str
) -> None:
    async with mcp_session(series=series, allow_writes=True) as session:
        session.simulator.calls.reset()
        short = error_of(
            await session.call("create_record", model="crm.lead", values={"name": "X", "partner_id": "a"})
        )
        typo = error_of(
            await session.call(
                "create_record", model="crm.lead", values={"name": "X", "partner_id": "Gemni Furnture"}
            )
        )
        assert session.simulator.calls.writes == 0
    assert short["message"].startswith("crm.lead.partner_id: no res.partner is named 'a'; closest: ")
    assert "(#" in short["message"]
    assert "closest: Gemini Furniture (#" in typo["message"]
