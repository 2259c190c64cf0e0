"""Small, readable field metadata for unit tests (the shape `fields_get` returns, a few fields)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp_odoo.policy.metadata import FieldMeta, exposed_fields

RAW_FIELDS: dict[str, dict[str, dict[str, Any]]] = {
    "sale.order": {
        "name": {
            "string": "Order Reference",
            "type": "char",
            "required": True,
            "readonly": False,
            "depends": [],
        },
        "display_name": {"string": "Display Name", "type": "char", "readonly": True, "store": False},
        "state": {
            "string": "Status",
            "type": "selection",
            "readonly": True,
            "selection": [["draft", "Quotation"], ["sale", "Sales Order"], ["cancel", "Cancelled"]],
        },
        "partner_id": {"string": "Customer", "type": "many2one", "relation": "res.partner", "required": True},
        "date_order": {"string": "Order Date", "type": "datetime", "required": True},
        "validity_date": {"string": "Expiration", "type": "date"},
        "amount_total": {"string": "Total", "type": "monetary", "readonly": True},
        "note": {"string": "Terms and conditions", "type": "html"},
        "order_line": {
            "string": "Order Lines",
            "type": "one2many",
            "relation": "sale.order.line",
        },
        "tag_ids": {"string": "Tags", "type": "many2many", "relation": "crm.tag"},
        "invoice_status": {
            "string": "Invoice Status",
            "type": "selection",
            "selection": [
                ["invoiced", "Fully Invoiced"],
                ["to invoice", "To Invoice"],
                ["no", "Nothing to Invoice"],
            ],
        },
        "require_signature": {"string": "Online signature", "type": "boolean"},
        "access_token": {"string": "Security Token", "type": "char"},
        "journal_id": {
            "string": "Journal",
            "type": "many2one",
            "relation": "account.journal",
            "required": True,
            "depends": ["company_id"],
        },
    },
    "sale.order.line": {
        "order_id": {"string": "Order", "type": "many2one", "relation": "sale.order", "required": True},
        "product_id": {"string": "Product", "type": "many2one", "relation": "product.product"},
        "product_uom_qty": {"string": "Quantity", "type": "float", "required": True},
        "name": {"string": "Description", "type": "text", "required": True},
    },
    "res.partner": {
        "name": {"string": "Name", "type": "char"},
        "country_id": {"string": "Country", "type": "many2one", "relation": "res.country"},
        "signup_token": {"string": "Signup Token", "type": "char"},
        "is_company": {"string": "Is a Company", "type": "boolean"},
        "child_ids": {"string": "Contacts", "type": "one2many", "relation": "res.partner"},
    },
    "res.country": {
        "code": {"string": "Country Code", "type": "char"},
        "name": {"string": "Name", "type": "char"},
    },
    "crm.tag": {"name": {"string": "Tag Name", "type": "char", "required": True}},
    "product.product": {"name": {"string": "Name", "type": "char", "required": True}},
    "account.journal": {"name": {"string": "Name", "type": "char", "required": True}},
}

METADATA: dict[str, dict[str, FieldMeta]] = {model: exposed_fields(raw) for model, raw in RAW_FIELDS.items()}


async def fields_of(model: str) -> Mapping[str, FieldMeta]:
    return METADATA[model]
