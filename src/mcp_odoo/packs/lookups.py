"""How the packs find the records their arguments name: the fields each model is searched by."""

from __future__ import annotations

from mcp_odoo.policy.resolve import Lookup

PARTNER = Lookup("res.partner", "partner", ("name", "email", "ref", "vat"))
PRODUCT = Lookup("product.product", "product", ("name",), code_field="default_code")
SALE_ORDER = Lookup("sale.order", "sales order", ("name", "client_order_ref"))
INVOICE = Lookup("account.move", "invoice", ("name", "ref"))
TRANSFER = Lookup("stock.picking", "transfer", ("name", "origin"))
LEAD = Lookup("crm.lead", "lead", ("name", "email_from"))
USER = Lookup("res.users", "user", ("name", "login"))
STAGE = Lookup("crm.stage", "stage", ("name",))
ACTIVITY_TYPE = Lookup("mail.activity.type", "activity type", ("name",))
JOURNAL = Lookup("account.journal", "journal", ("name", "code"))
WAREHOUSE = Lookup("stock.warehouse", "warehouse", ("name", "code"))
LOCATION = Lookup("stock.location", "location", ("complete_name", "name"))
