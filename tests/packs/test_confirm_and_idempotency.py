"""Confirmation tokens and idempotency entries, with an injected clock (no sleeping, no timing)."""

from __future__ import annotations

import pytest

from fakes import FakeClock
from mcp_odoo.calls.confirm import ConfirmationRejected, ConfirmationTokens, Preview, fingerprint
from mcp_odoo.calls.idempotency import MemoryIdempotencyStore, Remembered, check_replay
from mcp_odoo.policy import InvalidRequest

ME = ("mcp_bot", 7)


def test_fingerprint_ignores_the_token_but_not_other_arguments() -> None:
    base = fingerprint("confirm_quotation", {"order": "S00003", "confirmation_token": ""})
    assert base == fingerprint("confirm_quotation", {"order": "S00003", "confirmation_token": "abc"})
    assert base != fingerprint("confirm_quotation", {"order": "S00004", "confirmation_token": ""})
    assert base != fingerprint("cancel_quotation", {"order": "S00003", "confirmation_token": ""})


async def test_token_is_accepted_once_for_its_call_and_user() -> None:
    tokens = ConfirmationTokens(ttl_seconds=60, clock=FakeClock())
    issued = tokens.issue("call-1", ME)
    await tokens.redeem(issued.token, "call-1", ME)
    with pytest.raises(ConfirmationRejected, match="already used"):
        await tokens.redeem(issued.token, "call-1", ME)


async def test_token_of_another_odoo_user_is_rejected() -> None:
    tokens = ConfirmationTokens(ttl_seconds=60, clock=FakeClock())
    issued = tokens.issue("call-1", ME)
    with pytest.raises(ConfirmationRejected, match="different call"):
        await tokens.redeem(issued.token, "call-1", ("admin", 2))


async def test_token_past_its_expiry_is_rejected() -> None:
    clock = FakeClock()
    tokens = ConfirmationTokens(ttl_seconds=60, clock=clock)
    issued = tokens.issue("call-1", ME)
    clock.now += 61
    with pytest.raises(ConfirmationRejected, match="expired"):
        await tokens.redeem(issued.token, "call-1", ME)


def test_preview_message_shows_document_partner_and_amount() -> None:
    preview = Preview("Post invoice", "account.move", 3, "INV/2026/00003", "Deco Addict", "19,250.00 USD")
    message = preview.message()
    assert "Post invoice: INV/2026/00003" in message
    assert "Partner: Deco Addict" in message
    assert "Amount: 19,250.00 USD" in message


async def test_remembered_answer_expires() -> None:
    clock = FakeClock()
    store = MemoryIdempotencyStore(ttl_seconds=3600, clock=clock)
    await store.remember("scope", "key", Remembered("digest", {"id": 1}, "Created #1"))
    assert await store.recall("scope", "key") is not None
    clock.now += 3601
    assert await store.recall("scope", "key") is None


async def test_keys_are_scoped() -> None:
    store = MemoryIdempotencyStore(clock=FakeClock())
    await store.remember("7:mcp_bot:create_partner", "key", Remembered("digest", {"id": 1}, "Created #1"))
    assert await store.recall("2:admin:create_partner", "key") is None


def test_replay_for_other_arguments_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="different arguments"):
        check_replay(Remembered("digest-a", {}, ""), "digest-b")
