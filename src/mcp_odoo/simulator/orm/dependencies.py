"""`depends` and `relation_field` of the field descriptions the ten-attribute recordings leave out.

Only res.partner was recorded with every attribute. For the other models, `fields_get` answers the
`@api.depends` of the computed fields the tools meet (those of Odoo 18/19's sources, for the documents
that agents create), the path of related fields, and for one2many fields the comodel's many2one they
mirror. A client tells "computed by Odoo" from "the user must give it" by a non-empty `depends`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .database import Database

_ORDER_AMOUNTS = ["order_line.price_subtotal", "order_line.price_tax", "order_line.price_total"]
_LINE_AMOUNTS = ["product_uom_qty", "discount", "price_unit", "tax_id"]
_MOVE_AMOUNTS = ["line_ids.balance", "line_ids.amount_currency", "line_ids.amount_residual", "state"]
_INVOICE_LINE_AMOUNTS = ["quantity", "discount", "price_unit", "tax_ids", "currency_id"]
_PICKING_LOCATIONS = ["picking_type_id", "partner_id"]
_FROM_LINES = ["line_ids"]

#: model -> computed field -> the fields its compute method depends on.
COMPUTED_DEPENDS: dict[str, dict[str, list[str]]] = {
    "sale.order": {
        "partner_invoice_id": ["partner_id"],
        "partner_shipping_id": ["partner_id"],
        "user_id": ["partner_id"],
        "team_id": ["partner_id", "user_id"],
        "pricelist_id": ["partner_id", "company_id"],
        "currency_id": ["pricelist_id", "company_id"],
        "payment_term_id": ["partner_id"],
        "fiscal_position_id": ["partner_shipping_id", "partner_id", "company_id"],
        "validity_date": ["company_id"],
        "require_signature": ["company_id"],
        "require_payment": ["company_id"],
        "note": ["partner_id"],
        "warehouse_id": ["user_id", "company_id"],
        "amount_untaxed": _ORDER_AMOUNTS,
        "amount_tax": _ORDER_AMOUNTS,
        "amount_total": _ORDER_AMOUNTS,
        "invoice_status": ["state", "order_line.invoice_status"],
        "type_name": ["state"],
    },
    "sale.order.line": {
        "name": ["product_id"],
        "product_uom_qty": ["display_type", "product_id", "product_packaging_qty"],
        "product_uom": ["product_id"],
        "product_uom_id": ["product_id"],
        "price_unit": ["product_id", "product_uom", "product_uom_qty"],
        "discount": ["product_id", "product_uom", "product_uom_qty"],
        "tax_id": ["product_id", "company_id"],
        "tax_ids": ["product_id", "company_id"],
        "customer_lead": ["product_id"],
        "price_subtotal": _LINE_AMOUNTS,
        "price_tax": _LINE_AMOUNTS,
        "price_total": _LINE_AMOUNTS,
    },
    "crm.lead": {
        "name": ["partner_id"],
        "team_id": ["user_id", "type"],
        "stage_id": ["team_id", "type"],
        "email_from": ["partner_id"],
        "phone": ["partner_id"],
        "contact_name": ["partner_id"],
        "partner_name": ["partner_id"],
    },
    "account.move": {
        "journal_id": ["move_type"],
        "currency_id": ["journal_id"],
        "date": ["invoice_date", "company_id"],
        "partner_shipping_id": ["partner_id"],
        "invoice_payment_term_id": ["partner_id"],
        "fiscal_position_id": ["partner_id", "partner_shipping_id", "company_id"],
        "invoice_date_due": ["needed_terms"],
        "amount_untaxed": _MOVE_AMOUNTS,
        "amount_tax": _MOVE_AMOUNTS,
        "amount_total": _MOVE_AMOUNTS,
        "amount_residual": _MOVE_AMOUNTS,
        "payment_state": ["amount_residual", "move_type", "state", "company_id", "matched_payment_ids.state"],
        "status_in_payment": ["payment_state", "state", "is_move_sent"],
    },
    "account.move.line": {
        "currency_id": ["move_id.currency_id"],
        "display_type": ["move_id"],
        "name": ["product_id", "move_id.payment_reference"],
        "partner_id": ["move_id.partner_id"],
        "account_id": ["display_type", "company_id"],
        "price_unit": ["product_id", "product_uom_id"],
        "tax_ids": ["product_id", "product_uom_id"],
        "price_subtotal": _INVOICE_LINE_AMOUNTS,
        "price_total": _INVOICE_LINE_AMOUNTS,
    },
    "stock.picking": {
        "location_id": _PICKING_LOCATIONS,
        "location_dest_id": _PICKING_LOCATIONS,
        "state": ["move_type", "move_ids.state", "move_ids.picking_id"],
        "scheduled_date": ["move_ids.state", "move_ids.date", "move_type"],
    },
    "account.payment.register": {
        "amount": ["source_amount", "source_amount_currency", "source_currency_id", "currency_id"],
        "journal_id": ["company_id", "payment_type"],
        "currency_id": ["journal_id"],
        "communication": _FROM_LINES,
        "company_id": _FROM_LINES,
        "partner_id": _FROM_LINES,
        "source_amount": _FROM_LINES,
        "source_amount_currency": _FROM_LINES,
        "source_currency_id": _FROM_LINES,
        "payment_type": _FROM_LINES,
        "partner_type": _FROM_LINES,
        "payment_difference": ["amount", "source_amount"],
    },
}


def complete_descriptions(db: Database) -> None:
    """Fill `depends` (known computes, related paths) and one2many `relation_field` where missing."""
    for model, fields in db.fields.items():
        known = COMPUTED_DEPENDS.get(model, {})
        for name, field in fields.items():
            description = field.description
            if not description.get("depends"):
                if name in known:
                    description["depends"] = list(known[name])
                elif field.related:
                    description["depends"] = [field.related]
            if field.type == "one2many" and "relation_field" not in description:
                inverse = db.inverse_field(model, field)
                if inverse:
                    description["relation_field"] = inverse
