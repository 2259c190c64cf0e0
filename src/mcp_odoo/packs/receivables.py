"""What customers owe on overdue invoices, net of the credit notes still open for them.

An open customer credit note (a posted ``out_refund`` with an amount left to use) is money the company
owes the customer back: asking that customer to pay an overdue invoice of the same amount would be
wrong. Amounts are summed per customer (Odoo's commercial partner, so a contact's invoices count for
its company) and currency by Odoo itself, over every matching invoice and credit note, in one request;
the answer says what was set against what. `get_overdue_invoices` and the overdue prompts use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.policy import OdooGateway
from mcp_odoo.render import name_of

MOVE = "account.move"
OPEN_PAYMENT_STATES = ("not_paid", "partial")
OPEN_CREDIT_NOTES: list[Any] = [
    ["move_type", "=", "out_refund"],
    ["state", "=", "posted"],
    ["payment_state", "in", list(OPEN_PAYMENT_STATES)],
]
GROUPS = 2_000
"""At most this many (customer, currency, type) groups are summed."""


@dataclass(frozen=True)
class Balance:
    """One customer's overdue invoices and open credit notes, in one currency."""

    partner_id: int
    partner: str
    currency: str
    overdue: float
    invoices: int
    credit: float = 0.0
    credit_notes: int = 0

    @property
    def net(self) -> float:
        """What the customer still owes once its open credit notes are set against its overdue invoices."""
        return round(max(self.overdue - self.credit, 0.0), 2)


def _all_of(conditions: Sequence[Any]) -> list[Any]:
    return ["&"] * (len(conditions) - 1) + list(conditions)


async def overdue_balances(
    gateway: OdooGateway, overdue: Sequence[Any], customers: Sequence[Any] = ()
) -> list[Balance]:
    """The customers with invoices matching `overdue` (a domain on account.move), with their open credit
    notes; `customers` narrows both (e.g. ``[["partner_id", "child_of", 9]]``). Largest net due first."""
    credit_notes = [*OPEN_CREDIT_NOTES, *customers]
    domain = ["|", *_all_of(overdue), *_all_of(credit_notes)]
    groups = await gateway.read_group(
        MOVE,
        domain,
        ["commercial_partner_id", "currency_id", "move_type"],
        ["amount_residual:sum", "__count"],
        limit=GROUPS,
    )
    sums: dict[tuple[int, str, str], tuple[str, float, int]] = {}
    for group in groups:
        partner, currency = group.get("commercial_partner_id"), name_of(group.get("currency_id")) or ""
        if not isinstance(partner, list | tuple):
            continue
        key = (int(partner[0]), currency, str(group.get("move_type")))
        sums[key] = (str(partner[1]), float(group.get("amount_residual:sum") or 0.0), int(group["__count"]))
    balances = []
    for (partner_id, currency, kind), (partner, amount, count) in sums.items():
        if kind == "out_refund":
            continue
        credit, notes = sums.get((partner_id, currency, "out_refund"), ("", 0.0, 0))[1:]
        balances.append(
            Balance(partner_id, partner, currency, round(amount, 2), count, round(credit, 2), notes)
        )
    return sorted(balances, key=lambda balance: (-balance.net, balance.partner))


def residual_totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The amount still open (``amount_residual``) of account.move `rows`, per currency."""
    totals: dict[str, float] = {}
    for row in rows:
        currency = name_of(row.get("currency_id")) or ""
        totals[currency] = round(totals.get(currency, 0.0) + float(row.get("amount_residual") or 0.0), 2)
    return totals


def net_totals(balances: Sequence[Balance]) -> dict[str, float]:
    """Net amount due per currency."""
    totals: dict[str, float] = {}
    for balance in balances:
        totals[balance.currency] = round(totals.get(balance.currency, 0.0) + balance.net, 2)
    return totals


def balance_line(balance: Balance) -> str:
    """``Acme: 31,750.00 USD overdue on 1 invoice(s), less 2 open credit note(s) of 52,125.00 USD: net due
    0.00 USD``."""
    money = f" {balance.currency}".rstrip()
    line = f"{balance.partner}: {balance.overdue:,.2f}{money} overdue on {balance.invoices} invoice(s)"
    if balance.credit_notes:
        line += f", less {balance.credit_notes} open credit note(s) of {balance.credit:,.2f}{money}"
    return f"{line}: net due {balance.net:,.2f}{money}"
