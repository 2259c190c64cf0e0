"""call_method with an allowlist entry marked irreversible asks for confirmation like the pack tools."""

from __future__ import annotations

from typing import Any

import mcp_types as types
from pack_helpers import accept, decline, links_of

from fakes import FakeClock
from mcp_odoo.settings import MethodRule
from sessions import SessionFactory
from tool_results import error_of, structured, text_of

CONFIRM_ORDER = MethodRule(model="sale.order", method="action_confirm", writes=True, irreversible=True)
REVERSIBLE_CONFIRM = MethodRule(model="sale.order", method="action_confirm", writes=True, irreversible=False)
QUOTATION = {"model": "sale.order", "method": "action_confirm", "ids": [3]}


def order_state(session: Any, order_id: int) -> str:
    rows = session.registry.execute_kw(2, "sale.order", "read", [[order_id], ["state"]], {})
    return str(rows[0]["state"])


async def test_irreversible_method_without_elicitation_returns_a_preview_and_does_nothing(
    pack_session: SessionFactory,
) -> None:
    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER]) as s:
        preview = structured(await s.call("call_method", **QUOTATION))
        assert preview["status"] == "confirmation_required"
        assert preview["confirmation_token"]
        assert "S00003" in preview["document"]
        assert preview["partner"] == "Ready Mat"
        assert "sale.order.action_confirm" in preview["preview"]
        assert s.writes == 0


async def test_irreversible_method_runs_with_the_token_of_its_preview(pack_session: SessionFactory) -> None:
    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER]) as s:
        token = structured(await s.call("call_method", **QUOTATION))["confirmation_token"]
        result = await s.call("call_method", **QUOTATION, confirmation_token=token)
        done = structured(result)
        assert done["status"] == "done", text_of(result)
        assert done["method"] == "action_confirm"
        assert order_state(s, 3) == "sale"
        assert links_of(result) == ["odoo://sale.order/3"]


async def test_irreversible_method_token_works_only_once(pack_session: SessionFactory) -> None:
    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER]) as s:
        token = structured(await s.call("call_method", **QUOTATION))["confirmation_token"]
        await s.call("call_method", **QUOTATION, confirmation_token=token)
        writes = s.writes
        error = error_of(await s.call("call_method", **QUOTATION, confirmation_token=token))
        assert error["kind"] == "confirmation_invalid"
        assert s.writes == writes


async def test_irreversible_method_token_is_bound_to_the_exact_arguments(
    pack_session: SessionFactory,
) -> None:
    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER]) as s:
        token = structured(await s.call("call_method", **QUOTATION))["confirmation_token"]
        other = {**QUOTATION, "ids": [1]}
        error = error_of(await s.call("call_method", **other, confirmation_token=token))
        assert error["kind"] == "confirmation_invalid"
        assert s.writes == 0


async def test_irreversible_method_expired_token_changes_nothing(
    pack_session: SessionFactory, token_clock: FakeClock
) -> None:
    async with pack_session(
        allow_writes=True, methods=[CONFIRM_ORDER], confirmation_ttl_seconds=60, clock=token_clock
    ) as s:
        token = structured(await s.call("call_method", **QUOTATION))["confirmation_token"]
        token_clock.advance(61)
        error = error_of(await s.call("call_method", **QUOTATION, confirmation_token=token))
        assert "expired" in error["message"]
        assert s.writes == 0


async def test_irreversible_method_accepted_by_elicitation_runs(
    pack_session: SessionFactory, mode: str
) -> None:
    async with pack_session(mode=mode, allow_writes=True, methods=[CONFIRM_ORDER], elicit=accept) as s:
        result = await s.call("call_method", **QUOTATION)
        assert structured(result)["status"] == "done", text_of(result)
        assert order_state(s, 3) == "sale"


async def test_irreversible_method_declined_by_elicitation_changes_nothing(
    pack_session: SessionFactory, mode: str
) -> None:
    async with pack_session(mode=mode, allow_writes=True, methods=[CONFIRM_ORDER], elicit=decline) as s:
        result = await s.call("call_method", **QUOTATION)
        assert structured(result)["status"] == "declined"
        assert s.writes == 0


async def test_elicitation_form_names_the_method_the_record_and_its_amount(
    pack_session: SessionFactory,
) -> None:
    asked: list[str] = []

    async def record_and_decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        return types.ElicitResult(action="decline")

    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER], elicit=record_and_decline) as s:
        await s.call("call_method", **QUOTATION)
    assert len(asked) == 1
    assert "sale.order.action_confirm" in asked[0]
    assert "S00003" in asked[0]
    assert "Amount:" in asked[0]


async def test_irreversible_method_on_a_missing_record_is_refused_before_odoo(
    pack_session: SessionFactory,
) -> None:
    async with pack_session(allow_writes=True, methods=[CONFIRM_ORDER]) as s:
        error = error_of(await s.call("call_method", **{**QUOTATION, "ids": [999999]}))
        assert "#999999" in error["message"]
        assert s.writes == 0


async def test_confirmation_off_for_call_method_runs_the_irreversible_method_directly(
    pack_session: SessionFactory,
) -> None:
    async with pack_session(
        allow_writes=True, methods=[CONFIRM_ORDER], confirmation_off=["call_method"]
    ) as s:
        result = await s.call("call_method", **QUOTATION)
        assert structured(result)["status"] == "done", text_of(result)


async def test_reversible_method_runs_without_confirmation(pack_session: SessionFactory) -> None:
    async with pack_session(allow_writes=True, methods=[REVERSIBLE_CONFIRM], elicit=decline) as s:
        result = await s.call("call_method", **QUOTATION)
        assert "status" not in structured(result), text_of(result)
        assert order_state(s, 3) == "sale"
