"""Money owed is reported net of the customer's open credit notes: the dunning and overdue prompts used to
ask for 31,750 on INV/2026/00004 while an open credit note of the same amount existed."""

from __future__ import annotations

from .conftest import OpenSession
from .test_prompt_library import prompt_text


async def test_the_dunning_email_shows_the_customers_open_credit_notes(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await prompt_text(session, "dunning_email", invoice="INV/2026/00004")
    assert "## Open credit notes of the same customer" in text
    assert "| RINV/2026/00003 |" in text
    assert "31,750.00 USD" in text.split("## Open credit notes of the same customer")[1]
    assert "If they cover it, do not draft a reminder" in text


async def test_the_overdue_review_nets_open_credit_notes_per_customer(open_session: OpenSession) -> None:
    async with open_session() as session:
        invoice = session.find("account.move", [["name", "=", "INV/2026/00004"]])
        customer = session.record("account.move", invoice["id"], ["partner_id"])["partner_id"][1]
        text = await prompt_text(session, "overdue_review")
    assert f"- {customer}: 31,750.00 USD overdue on 1 invoice(s), less " in text
    assert "net due 0.00 USD" in text
    assert "still due in total after open credit notes: 0.00 USD." in text
