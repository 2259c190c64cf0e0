"""Which generic updates are irreversible steps, confirmed by a human like the packs' workflow tools.

`update_record` writes any field of any exposed model. Some writes are steps a person must approve:

* changing a document Odoo has locked by its workflow (a posted invoice or entry, a confirmed sales
  order, a done transfer, a paid payment) or one of its lines: the business tools (post_invoice,
  register_payment, confirm_quotation, validate_transfer ...) take those steps, and Odoo's own screens
  refuse most of such edits;
* archiving (``active: false``): the records disappear from every list and search;
* setting a workflow ``state`` by hand on such a document.

`update_guard` says which, as the confirmation preview; None means the update needs no confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.calls.confirm import Preview
from mcp_odoo.policy import OdooGateway
from mcp_odoo.policy.json_text import decoded
from mcp_odoo.policy.values import VALUES_EXAMPLE

SHOWN_RECORDS = 10
"""Records named in the preview; the others are counted."""


@dataclass(frozen=True)
class Locked:
    """When a record of a model is locked: the `path` to its document's state is in `states`."""

    path: str
    states: tuple[str, ...]
    label: str
    tools: str
    """The business tools that take this document's steps."""


INVOICE_TOOLS = "post_invoice and register_payment, or a credit note in Odoo"
ORDER_TOOLS = "confirm_quotation and cancel_quotation"
TRANSFER_TOOLS = "validate_transfer, or a return in Odoo"
LOCKED: dict[str, Locked] = {
    "account.move": Locked("state", ("posted", "cancel"), "posted or cancelled entries", INVOICE_TOOLS),
    "account.move.line": Locked(
        "move_id.state", ("posted", "cancel"), "lines of posted entries", INVOICE_TOOLS
    ),
    "account.payment": Locked(
        "state", ("posted", "in_process", "paid", "cancel", "canceled"), "posted or paid payments", ""
    ),
    "sale.order": Locked("state", ("sale", "done", "cancel"), "confirmed or cancelled orders", ORDER_TOOLS),
    "sale.order.line": Locked(
        "order_id.state", ("sale", "done", "cancel"), "lines of confirmed orders", ORDER_TOOLS
    ),
    "stock.picking": Locked("state", ("done", "cancel"), "done or cancelled transfers", TRANSFER_TOOLS),
    "stock.move": Locked("state", ("done", "cancel"), "done stock moves", TRANSFER_TOOLS),
    "stock.move.line": Locked("state", ("done", "cancel"), "done stock move lines", TRANSFER_TOOLS),
    "purchase.order": Locked("state", ("purchase", "done", "cancel"), "confirmed purchase orders", ""),
    "purchase.order.line": Locked(
        "order_id.state", ("purchase", "done", "cancel"), "lines of confirmed purchase orders", ""
    ),
}
"""Models whose records a workflow locks; the path to the state that does."""


async def update_guard(
    gateway: OdooGateway, model: str, ids: Sequence[int], values: Mapping[str, Any] | str
) -> Preview | None:
    """The confirmation preview of writing `values` on `ids`, or None when nothing in it is irreversible."""
    written = decoded(values, "values", dict, VALUES_EXAMPLE)
    unique = list(dict.fromkeys(ids))
    steps: list[str] = []
    named: list[tuple[int, str]] = []
    if "active" in written and not written["active"]:
        steps.append("Archive: the records disappear from lists and searches")
    locked = LOCKED.get(model)
    if locked is not None and unique:
        domain = [["id", "in", unique], [locked.path, "in", list(locked.states)]]
        rows = await gateway.search_read(model, domain, ["display_name"], limit=len(unique))
        named = [(int(row["id"]), str(row.get("display_name") or f"#{row['id']}")) for row in rows]
        if named:
            pointer = f"; the usual way is {locked.tools}" if locked.tools else ""
            steps.append(f"Changes what Odoo's workflow has locked ({locked.label}: {len(named)}){pointer}")
        elif "state" in written:
            steps.append("Set the workflow state by hand, bypassing the business steps")
    if not steps:
        return None
    if not named:
        rows = await gateway.read(model, unique[:SHOWN_RECORDS], ["display_name"])
        named = [(int(row["id"]), str(row.get("display_name") or "")) for row in rows]
    changes = ", ".join(f"{field} = {value!r}" for field, value in written.items())
    return Preview(
        action="Update records",
        model=model,
        record_id=unique[0] if unique else 0,
        record_ids=tuple(unique),
        document=_document(model, named, unique),
        details=(*steps, f"Values: {changes}"),
    )


def _document(model: str, named: Sequence[tuple[int, str]], ids: Sequence[int]) -> str:
    names = {record_id: " ".join(name.split()) for record_id, name in named}
    shown = [f"{names.get(record_id) or model} (#{record_id})" for record_id in ids[:SHOWN_RECORDS]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
