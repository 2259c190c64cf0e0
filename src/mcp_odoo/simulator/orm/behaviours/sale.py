"""sale.order and sale.order.line: defaults, totals from lines, confirmation/cancel workflows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from ...exceptions import UserError
from .base import Behaviour, BusinessMethod
from .portal import PORTAL_METHOD
from .pricing import line_amounts, next_number, product_label, product_taxes
from .stock import create_delivery

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row

CONFIRMABLE = ("draft", "sent")


def line_tax_field(model: Model) -> str:
    return "tax_id" if "tax_id" in model.fields else "tax_ids"


def recompute_order(order_model: Model, order_id: int) -> None:
    order = order_model.rows[order_id]
    lines = order_model.db.rows("sale.order.line")
    untaxed = sum(
        float(lines[line].get("price_subtotal", 0.0)) for line in order.get("order_line", []) if line in lines
    )
    tax = sum(
        float(lines[line].get("price_tax", 0.0)) for line in order.get("order_line", []) if line in lines
    )
    order.update(
        {
            "amount_untaxed": round(untaxed, 2),
            "amount_tax": round(tax, 2),
            "amount_total": round(untaxed + tax, 2),
        }
    )


class SaleOrderBehaviour(Behaviour):
    required_fields = ("partner_id",)
    default_fields = ("date_order", "state")
    constant_defaults: ClassVar[dict[str, Any]] = {"name": "New", "picking_policy": "direct"}

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        names = [row.get("name") for row in model.rows.values()]
        today = model.db.today
        company = model.db.rows("res.company").get(vals.get("company_id") or model.env.company_id, {})
        return {
            "name": f"S{next_number([str(name) for name in names], 'S'):05d}",
            "state": "draft",
            "date_order": model.db.now(),
            "validity_date": (today + dt.timedelta(days=30)).isoformat(),
            "user_id": model.env.uid,
            "currency_id": company.get("currency_id", 1),
            "invoice_status": "no",
            "team_id": 1,
            "amount_untaxed": 0.0,
            "amount_tax": 0.0,
            "amount_total": 0.0,
            "locked": False,
        }

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        for field in ("partner_invoice_id", "partner_shipping_id"):
            if field in model.fields and not row.get(field):
                row[field] = row.get("partner_id")
        recompute_order(model, record_id)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        recompute_order(model, record_id)

    def before_unlink(self, model: Model, record_id: int) -> None:
        if model.rows[record_id].get("state") not in ("draft", "cancel"):
            raise UserError(
                "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."
            )

    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "action_confirm": BusinessMethod(action_confirm),
            "action_cancel": BusinessMethod(action_cancel),
            "action_draft": BusinessMethod(action_draft),
            "get_portal_url": PORTAL_METHOD,
        }


def _orders(model: Model, ids: list[int], operation: str = "write") -> list[Row]:
    model.check_acl(operation)
    model.check_rules(ids, "read")
    return [model.rows[record_id] for record_id in model.existing_or_missing(ids)]


def action_confirm(model: Model, ids: list[int]) -> bool:
    orders = _orders(model, ids)
    if any(order.get("state") not in CONFIRMABLE for order in orders):
        raise UserError("Some orders are not in a state requiring confirmation.")
    for order in orders:
        order["state"] = "sale"
        order["date_order"] = model.db.now()
        _deliver(model, order)
        for line in order.get("order_line", []):
            model.db.rows("sale.order.line").get(line, {})["state"] = "sale"
        model.sibling("sale.order.line").touch(list(order.get("order_line", [])))
    model.touch(ids)
    model.db.store.count_mutation()
    return True


def _deliver(model: Model, order: Row) -> None:
    """Create the delivery of the order's goods (one picking, one move per goods line)."""
    picking_id = create_delivery(model, order)
    if picking_id is not None:
        order["picking_ids"] = [*order.get("picking_ids", []), picking_id]
        order["delivery_status"] = "pending"


def action_cancel(model: Model, ids: list[int]) -> bool | dict[str, Any]:
    """Odoo 17+: a locked order is refused; an order past draft opens the "cancel and email the customer"
    wizard (nothing cancelled yet) unless the context has ``disable_cancel_warning``, as the wizard sets."""
    orders = _orders(model, ids)
    if any(order.get("locked") for order in orders):
        raise UserError("You cannot cancel a locked order. Please unlock it first.")
    if not model.env.context.get("disable_cancel_warning") and any(o.get("state") != "draft" for o in orders):
        if len(orders) != 1:
            raise ValueError(f"Expected singleton: sale.order({', '.join(str(i) for i in ids)},)")
        return {
            "name": f"Cancel {'Quotation' if orders[0].get('state') in CONFIRMABLE else 'Sales Order'}",
            "view_mode": "form",
            "res_model": "sale.order.cancel",
            "type": "ir.actions.act_window",
            "context": {"default_order_id": ids[0]},
            "target": "new",
        }
    for order in orders:
        order["state"] = "cancel"
    model.touch(ids)
    model.db.store.count_mutation()
    return True


def action_draft(model: Model, ids: list[int]) -> bool:
    for order in _orders(model, ids):
        if order.get("state") in ("cancel", "sent"):
            order["state"] = "draft"
    model.touch(ids)
    model.db.store.count_mutation()
    return True


class SaleOrderLineBehaviour(Behaviour):
    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {"product_uom_qty": 1.0, "discount": 0.0, "state": "draft", "display_type": False}

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        line = model.rows[record_id]
        order = model.db.rows("sale.order").get(line.get("order_id") or 0, {})
        product_id = line.get("product_id")
        if product_id:
            product = model.db.rows("product.product").get(product_id, {})
            if "name" not in vals:
                line["name"] = product_label(model, product_id)
            if "price_unit" not in vals:
                line["price_unit"] = float(product.get("lst_price") or product.get("list_price") or 0.0)
            tax_field = line_tax_field(model)
            if tax_field not in vals:
                line[tax_field] = product_taxes(model, product_id, order.get("company_id", 1))
            line.setdefault("product_uom_id", product.get("uom_id", False))
        line["company_id"] = order.get("company_id", False)
        line["currency_id"] = order.get("currency_id", False)
        line["order_partner_id"] = order.get("partner_id", False)
        line["salesman_id"] = order.get("user_id", False)
        self.after_write(model, record_id, vals)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        line = model.rows[record_id]
        subtotal, tax = line_amounts(
            model,
            float(line.get("product_uom_qty", 0.0)),
            float(line.get("price_unit", 0.0)),
            float(line.get("discount", 0.0)),
            list(line.get(line_tax_field(model), [])),
        )
        line.update({"price_subtotal": subtotal, "price_tax": tax, "price_total": round(subtotal + tax, 2)})
        order_id = line.get("order_id")
        if order_id and order_id in model.db.rows("sale.order"):
            recompute_order(model.sibling("sale.order"), order_id)

    def display_name(self, model: Model, row: Row) -> str:
        order = model.db.display_name("sale.order", row["order_id"]) if row.get("order_id") else ""
        name = str(row.get("name") or "").split("\n")[0]
        return f"{order} - {name}" if order else name
