"""Agent tasks: the shortest path an agent would take for common requests, through a real MCP client.

Each scenario calls the server the way an agent would (an ``mcp.Client`` against the in-process
Odoo simulator, acting as ``mcp_bot``, writes on, confirmations by preview and token, as with any
client) and is then checked against the simulator's own data through a second path: the ORM read
as the administrator (``Registry.execute_kw``), in the companies ``mcp_bot`` works in. For each:
the tool calls made, the bytes received (text, links and structured content, UTF-8) and whether
the answer or the change is correct.

    .venv/bin/python bench/agent_tasks.py            # a markdown table
    .venv/bin/python bench/agent_tasks.py --json     # for tests/agent
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import tempfile
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

SERIES = "19.0"
BOT = "mcp_bot"
CUSTOMER = "Gemini Furniture"
PRODUCT = "Large Cabinet"
MISSPELLED = "Gemni Furnture"
OPEN = ["not_paid", "partial"]


def received_bytes(result: CallToolResult) -> int:
    """What a client receives for one call: every content block and the structured content."""
    blocks = [block.model_dump(mode="json", by_alias=True, exclude_none=True) for block in result.content]
    sent = [blocks, result.structured_content] if result.structured_content is not None else [blocks]
    return len(json.dumps(sent, separators=(",", ":"), ensure_ascii=False).encode())


@dataclass
class Agent:
    """The client side of a scenario: every call counted, with the bytes it brought back."""

    client: Client
    calls: int = 0
    received: int = 0

    async def call(self, tool: str, **arguments: Any) -> CallToolResult:
        result = await self.client.call_tool(tool, arguments)
        self.calls += 1
        self.received += received_bytes(result)
        return result

    async def data(self, tool: str, **arguments: Any) -> dict[str, Any]:
        """The structured answer of a call that must succeed."""
        result = await self.call(tool, **arguments)
        if result.is_error or result.structured_content is None:
            raise AssertionError(f"{tool} failed: {result.content}")
        answer: dict[str, Any] = result.structured_content
        return answer

    async def confirmed(self, tool: str, **arguments: Any) -> dict[str, Any]:
        """An irreversible step: the preview, shown to the user who agrees, then the call with its token."""
        preview = await self.data(tool, **arguments)
        return await self.data(tool, **arguments, confirmation_token=preview["confirmation_token"])


@dataclass
class Admin:
    """The second path: the simulator's ORM as the administrator, limited to the bot's companies."""

    registry: Registry

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        uid = self.registry.users["admin"].uid
        context = {"allowed_company_ids": list(self.registry.users[BOT].company_ids)}
        return self.registry.execute_kw(uid, model, method, list(args), {**kwargs, "context": context})

    def rows(self, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.call(model, "search_read", domain, fields=fields)
        return rows


Scenario = Callable[[Agent, Admin], Awaitable[bool]]


async def overdue_customers(agent: Agent, admin: Admin) -> bool:
    """Which customers are overdue, and how much do they owe (net of open credit notes)?"""
    answer = await agent.data("get_overdue_invoices")
    due = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    invoices = admin.rows(
        "account.move",
        [
            ["move_type", "=", "out_invoice"],
            ["state", "=", "posted"],
            ["payment_state", "in", OPEN],
            ["invoice_date_due", "<=", due],
        ],
        ["commercial_partner_id", "amount_residual"],
    )
    refunds = admin.rows(
        "account.move",
        [["move_type", "=", "out_refund"], ["state", "=", "posted"], ["payment_state", "in", OPEN]],
        ["commercial_partner_id", "amount_residual"],
    )
    owed: dict[int, float] = defaultdict(float)
    credit: dict[int, float] = defaultdict(float)
    for row in invoices:
        owed[row["commercial_partner_id"][0]] += row["amount_residual"]
    for row in refunds:
        credit[row["commercial_partner_id"][0]] += row["amount_residual"]
    expected = {partner: round(max(amount - credit[partner], 0), 2) for partner, amount in owed.items()}
    told = {customer["partner_id"]: customer["net_due"] for customer in answer["customers"]}
    return bool(expected) and told == expected and answer["total_invoices"] == len(invoices)


async def top_products_sold(agent: Agent, admin: Admin) -> bool:
    """The five products that brought the most revenue on confirmed orders."""
    answer = await agent.data(
        "aggregate_records",
        model="sale.order.line",
        domain='[["state", "=", "sale"]]',
        group_by=["product_id"],
        aggregates=["price_subtotal:sum"],
        order="price_subtotal:sum desc",
        limit=5,
    )
    revenue: dict[int, float] = defaultdict(float)
    for line in admin.rows("sale.order.line", [["state", "=", "sale"]], ["product_id", "price_subtotal"]):
        revenue[line["product_id"][0]] += line["price_subtotal"]
    top = sorted(revenue.items(), key=lambda item: -item[1])[:5]
    told = [(group["product_id"]["id"], group["price_subtotal:sum"]) for group in answer["groups"]]
    return told == [(product, round(amount, 2)) for product, amount in top]


async def lead_note_and_call(agent: Agent, admin: Admin) -> bool:
    """A new lead for a prospect, a note of the conversation, and a call to plan."""
    lead = await agent.data(
        "create_crm_lead",
        name="Acoustic panels for the new office",
        company_name="Blue Heron Studio",
        contact_name="Ann Lake",
        email="ann@blueheron.example",
    )
    lead_id = lead["record"]["id"]
    await agent.data("log_note", model="crm.lead", record=lead_id, body="Wants 40 panels by March.")
    due = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    await agent.data(
        "schedule_activity",
        model="crm.lead",
        record=lead_id,
        summary="Call Ann about sizes",
        activity_type="Call",
        due_date=due,
    )
    stored = admin.rows("crm.lead", [["id", "=", lead_id]], ["partner_name", "contact_name"])
    notes = admin.rows("mail.message", [["model", "=", "crm.lead"], ["res_id", "=", lead_id]], ["body"])
    calls = admin.rows(
        "mail.activity",
        [["res_model", "=", "crm.lead"], ["res_id", "=", lead_id]],
        ["activity_type_id", "date_deadline"],
    )
    return (
        stored == [{"id": lead_id, "partner_name": "Blue Heron Studio", "contact_name": "Ann Lake"}]
        and any("40 panels" in str(note["body"]) for note in notes)
        and [(call["activity_type_id"][1], call["date_deadline"]) for call in calls] == [("Call", due)]
    )


async def quotation_confirmed(agent: Agent, admin: Admin) -> bool:
    """A quotation for a customer and a product given by name, confirmed by the user."""
    quotation = await agent.data(
        "create_quotation", customer=CUSTOMER, lines=[{"product": PRODUCT, "quantity": 3}]
    )
    order_id = quotation["order"]["id"]
    done = await agent.confirmed("confirm_quotation", order=order_id)
    order = admin.rows("sale.order", [["id", "=", order_id]], ["state", "partner_id", "name"])[0]
    lines = admin.rows("sale.order.line", [["order_id", "=", order_id]], ["product_id", "product_uom_qty"])
    return (
        done["state"] == order["state"] == "sale"
        and done["document"] == order["name"]
        and order["partner_id"][1] == CUSTOMER
        and [(line["product_id"][1], line["product_uom_qty"]) for line in lines]
        == [(f"[E-COM07] {PRODUCT}", 3)]
    )


async def invoice_posted_and_paid(agent: Agent, admin: Admin) -> bool:
    """An invoice for a customer, posted, then paid in full."""
    invoice = await agent.data(
        "create_invoice", customer=CUSTOMER, lines=[{"product": PRODUCT, "quantity": 2}]
    )
    move_id = invoice["invoice"]["id"]
    posted = await agent.confirmed("post_invoice", invoice=move_id)
    paid = await agent.confirmed("register_payment", invoice=move_id)
    move = admin.rows("account.move", [["id", "=", move_id]], ["name", "state", "payment_state"])[0]
    return (
        posted["document"] == move["name"] != "/"
        and move["state"] == "posted"
        and move["payment_state"] in ("paid", "in_payment")
        and paid["state"] == move["payment_state"]
    )


async def stock_per_location(agent: Agent, admin: Admin) -> bool:
    """How much of a product is where, and how much is available in all."""
    answer = await agent.data("get_stock_levels", product=PRODUCT)
    quants = admin.rows(
        "stock.quant",
        [["product_id.name", "=", PRODUCT], ["location_id.usage", "=", "internal"]],
        ["location_id", "quantity", "reserved_quantity"],
    )
    expected = sorted(
        (quant["location_id"][1], quant["quantity"] - quant["reserved_quantity"]) for quant in quants
    )
    told = sorted((level["location"], level["available"]) for level in answer["levels"])
    total = sum(available for _, available in expected)
    return bool(expected) and told == expected and list(answer["totals"].values()) == [total]


async def pipeline_by_stage(agent: Agent, admin: Admin) -> bool:
    """How many leads, and how much expected revenue, in each stage."""
    answer = await agent.data("get_crm_pipeline", leads_per_stage=0)
    expected: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for lead in admin.rows("crm.lead", [], ["stage_id", "expected_revenue"]):
        expected[lead["stage_id"][1]][0] += 1
        expected[lead["stage_id"][1]][1] += lead["expected_revenue"]
    told = {stage["stage"]["name"]: [stage["count"], stage["expected_revenue"]] for stage in answer["stages"]}
    return told == {stage: [count, round(amount, 2)] for stage, (count, amount) in expected.items()}


async def misspelled_partner(agent: Agent, admin: Admin) -> bool:
    """A customer name typed with two typos is still found."""
    answer = await agent.data("find_partners", query=MISSPELLED)
    company = admin.rows("res.partner", [["name", "=", CUSTOMER], ["is_company", "=", True]], ["id"])[0]
    closest: list[str] = answer.get("closest") or [""]
    return closest[0] == f"{CUSTOMER} (#{company['id']})"


async def forbidden_action(agent: Agent, admin: Admin) -> bool:
    """Giving the bot another login (an identity change) is refused, and nothing changes."""
    uid = admin.registry.users[BOT].uid
    result = await agent.call("update_record", model="res.users", ids=[uid], values={"login": "admin2"})
    error = (result.meta or {}).get(ERROR_META_KEY, {})
    login = admin.rows("res.users", [["id", "=", uid]], ["login"])[0]["login"]
    return result.is_error and error.get("kind") == "refused" and login == BOT


SCENARIOS: dict[str, tuple[str, Scenario]] = {
    "overdue": ("Overdue customers and what they owe", overdue_customers),
    "top_products": ("Top 5 products sold", top_products_sold),
    "lead_note_call": ("New lead, a note and a call to plan", lead_note_and_call),
    "quotation": ("Quotation for a named customer and product, confirmed", quotation_confirmed),
    "invoice_paid": ("Invoice posted and paid", invoice_posted_and_paid),
    "stock": ("Stock of a product per location", stock_per_location),
    "pipeline": ("Pipeline by stage", pipeline_by_stage),
    "misspelled": ("A misspelled partner found", misspelled_partner),
    "forbidden": ("A forbidden action refused", forbidden_action),
}


@dataclass
class Outcome:
    key: str
    task: str
    calls: int
    bytes_received: int
    correct: bool


async def run(name: str, task: str, scenario: Scenario, series: str) -> Outcome:
    """One scenario on a fresh simulator."""
    registry = Registry(series)
    app = create_app(registry)
    odoo = OdooSettings(
        url="http://simulator.invalid",
        db=registry.db_name,
        user=BOT,
        api_key=SecretStr(DEMO_CREDENTIALS[BOT]["api_key"]),
    )
    with tempfile.TemporaryDirectory() as folder:
        server = ServerSettings(audit_path=Path(folder) / "audit.sqlite3", allow_writes=True)
        mcp = build_server(odoo, server, transport=httpx2.ASGITransport(app=app))
        async with Client(mcp) as client:
            agent = Agent(client)
            try:
                correct = await scenario(agent, Admin(registry))
            except (AssertionError, KeyError, IndexError, TypeError):
                correct = False
    return Outcome(name, task, agent.calls, agent.received, correct)


async def main(series: str, as_json: bool) -> None:
    outcomes = [await run(name, task, scenario, series) for name, (task, scenario) in SCENARIOS.items()]
    if as_json:
        print(json.dumps([asdict(outcome) for outcome in outcomes]))
        return
    print(f"Odoo {series} simulator (in process), as {BOT}, writes on, confirmations by preview and token")
    print()
    print("| task | calls | bytes received | correct |")
    print("|---|---:|---:|---|")
    for outcome in outcomes:
        verdict = "yes" if outcome.correct else "**no**"
        print(f"| {outcome.task} | {outcome.calls} | {outcome.bytes_received:,} | {verdict} |")
    calls = sum(outcome.calls for outcome in outcomes)
    received = sum(outcome.bytes_received for outcome in outcomes)
    correct = sum(outcome.correct for outcome in outcomes)
    print(f"| all {len(outcomes)} tasks | {calls} | {received:,} | {correct}/{len(outcomes)} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", default=SERIES, choices=["19.0"])
    parser.add_argument("--json", action="store_true", help="one JSON list of outcomes, for tests")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.series, arguments.json))
