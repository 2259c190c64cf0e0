"""What Odoo knows about its models and modules that the exported dataset does not say.

The dataset's `ir.model` lists every model of the demo database (with `transient`), and `_meta.json` the
installed modules; Odoo also knows which models are abstract (no table: mixins, report renderers, qweb
converters), which inherit `mail.thread` (`ir.model.is_mail_thread`, first in ir.model's order) and each
module's manifest (name, application, sequence). These tables cover the models and modules of the 18.0
and 19.0 demo databases (contacts, crm, sale_management, account, stock and their dependencies).
"""

from __future__ import annotations

from dataclasses import dataclass

_QWEB_CONVERTERS = (
    "barcode", "contact", "date", "datetime", "duration", "float", "float_time", "html", "image", "image_url",
    "integer", "many2many", "many2one", "monetary", "one2many", "qweb", "relative", "selection", "text",
    "time",
)  # fmt: skip

_REPORT_RENDERERS = (
    "account.report_hash_integrity", "account.report_invoice", "account.report_invoice_with_payments",
    "base.report_irmodulereference", "product.report_pricelist", "product.report_producttemplatelabel2x7",
    "product.report_producttemplatelabel4x12", "product.report_producttemplatelabel4x12noprice",
    "product.report_producttemplatelabel4x7", "product.report_producttemplatelabel_dymo",
    "stock.label_lot_template_view", "stock.label_product_product_view", "stock.report_reception",
    "stock.report_stock_rule",
)  # fmt: skip

#: Odoo's `AbstractModel`s (`model._abstract`): listed in ir.model, never offered by the model selector.
ABSTRACT_MODELS: frozenset[str] = frozenset(
    {
        "_unknown", "base", "account.chart.template", "account.document.import.mixin", "account.edi.common",
        "account.edi.ubl", "account.edi.xml.cii", "account.edi.xml.ubl_20", "account.edi.xml.ubl_21",
        "account.edi.xml.ubl_a_nz", "account.edi.xml.ubl_bis3", "account.edi.xml.ubl_de",
        "account.edi.xml.ubl_efff", "account.edi.xml.ubl_nl", "account.edi.xml.ubl_sg", "account.move.send",
        "analytic.mixin", "analytic.plan.fields.mixin", "avatar.mixin", "barcodes.barcode_events_mixin",
        "bus.listener.mixin", "calendar.alarm_manager", "crm.iap.lead.helpers", "format.address.mixin",
        "format.vat.label.mixin", "google.gmail.mixin", "html.field.history.mixin", "iap.autocomplete.api",
        "iap.enrich.api", "image.mixin", "ir.autovacuum", "ir.binary", "ir.fields.converter", "ir.http",
        "ir.qweb", "ir.qweb.field", "ir.websocket", "kpi.provider", "mail.activity.mixin", "mail.alias.mixin",
        "mail.alias.mixin.optional", "mail.bot", "mail.composer.mixin", "mail.render.mixin", "mail.thread",
        "mail.thread.blacklist", "mail.thread.cc", "mail.thread.main.attachment", "mail.thread.phone",
        "mail.tracking.duration.mixin", "microsoft.outlook.mixin", "portal.mixin", "product.catalog.mixin",
        "properties.base.definition.mixin", "publisher_warranty.contract", "res.users.apikeys.show",
        "resource.mixin", "sale.edi.common", "sale.edi.xml.ubl_bis3", "sequence.mixin", "spreadsheet.mixin",
        "stock.forecasted_product_product", "stock.forecasted_product_template", "stock.replenish.mixin",
        "stock.warn.insufficient.qty", "stock_account.stock.valuation.report", "template.reset.mixin",
        "utm.mixin", "utm.source.mixin", "web_editor.assets",
        *(f"ir.qweb.field.{converter}" for converter in _QWEB_CONVERTERS),
        *(f"report.{renderer}" for renderer in _REPORT_RENDERERS),
    }
)  # fmt: skip

#: Models inheriting `mail.thread` (their ir.model row has `is_mail_thread`).
MAIL_THREAD_MODELS: frozenset[str] = frozenset(
    {
        "account.account", "account.analytic.account", "account.journal", "account.move", "account.payment",
        "account.reconcile.model", "account.tax", "calendar.event", "crm.lead", "crm.team", "crm.team.member",
        "discuss.channel", "iap.account", "mail.blacklist", "mail.thread", "mail.thread.blacklist",
        "mail.thread.cc", "mail.thread.main.attachment", "mail.thread.phone", "phone.blacklist",
        "product.category", "product.pricelist", "product.product", "product.template", "res.company",
        "res.partner", "res.partner.bank", "sale.order", "stock.lot", "stock.picking", "stock.scrap",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Manifest:
    """What ir.module.module shows of a module's `__manifest__.py` (`sequence` defaults to 100)."""

    shortdesc: str
    application: bool = False
    sequence: int = 100


MANIFESTS: dict[str, Manifest] = {
    "account": Manifest("Invoicing", application=True, sequence=10),
    "account_add_gln": Manifest("Add Partner GLN"),
    "account_edi_ubl_cii": Manifest("Import/Export electronic invoices with UBL/CII"),
    "account_payment": Manifest("Payment - Account"),
    "analytic": Manifest("Analytic Accounting"),
    "api_doc": Manifest("API Documentation"),
    "auth_passkey": Manifest("Passkeys"),
    "auth_passkey_portal": Manifest("Passkeys Portal"),
    "auth_signup": Manifest("Signup"),
    "auth_totp": Manifest("Two-Factor Authentication (TOTP)"),
    "auth_totp_mail": Manifest("2FA Invite mail"),
    "auth_totp_portal": Manifest("TOTPortal"),
    "barcodes": Manifest("Barcode"),
    "barcodes_gs1_nomenclature": Manifest("Barcode - GS1 Nomenclature"),
    "base": Manifest("Base"),
    "base_import": Manifest("Base import"),
    "base_import_module": Manifest("Base import module"),
    "base_install_request": Manifest("Base - Module Install Request"),
    "base_setup": Manifest("Initial Setup Tools"),
    "bus": Manifest("IM Bus"),
    "calendar": Manifest("Calendar", application=True, sequence=130),
    "calendar_sms": Manifest("Calendar - SMS"),
    "contacts": Manifest("Contacts", application=True, sequence=150),
    "crm": Manifest("CRM", application=True, sequence=15),
    "crm_iap_enrich": Manifest("Lead Enrichment"),
    "crm_iap_mine": Manifest("Lead Generation"),
    "crm_sms": Manifest("SMS in CRM"),
    "digest": Manifest("KPI Digests"),
    "google_gmail": Manifest("Google Gmail"),
    "html_editor": Manifest("HTML Editor"),
    "http_routing": Manifest("Web Routing"),
    "iap": Manifest("In-App Purchases"),
    "iap_crm": Manifest("IAP / CRM"),
    "iap_mail": Manifest("IAP / Mail"),
    "l10n_us": Manifest("United States - Localizations"),
    "l10n_us_account": Manifest("United States - Accounting"),
    "mail": Manifest("Discuss", application=True, sequence=145),
    "mail_bot": Manifest("OdooBot"),
    "microsoft_outlook": Manifest("Microsoft Outlook"),
    "onboarding": Manifest("Onboarding Toolbox"),
    "partner_autocomplete": Manifest("Partner Autocomplete"),
    "payment": Manifest("Payment Engine"),
    "phone_validation": Manifest("Phone Numbers Validation"),
    "portal": Manifest("Customer Portal"),
    "privacy_lookup": Manifest("Privacy"),
    "product": Manifest("Products & Pricelists"),
    "resource": Manifest("Resource"),
    "resource_mail": Manifest("Resource Mail"),
    "rpc": Manifest("RPC endpoints"),
    "sale": Manifest("Sales"),
    "sale_async_emails": Manifest("Sales - Async Emails"),
    "sale_crm": Manifest("Opportunity to Quotation"),
    "sale_edi_ubl": Manifest("Import electronic orders with UBL"),
    "sale_management": Manifest("Sales", application=True, sequence=5),
    "sale_pdf_quote_builder": Manifest("Sales PDF Quotation Builder"),
    "sale_sms": Manifest("Sale - SMS"),
    "sale_stock": Manifest("Sales and Warehouse Management"),
    "sales_team": Manifest("Sales Teams"),
    "sms": Manifest("SMS gateway"),
    "snailmail": Manifest("Snail Mail"),
    "snailmail_account": Manifest("Snail Mail - Account"),
    "spreadsheet": Manifest("Spreadsheet"),
    "spreadsheet_account": Manifest("Spreadsheet Accounting Formulas"),
    "spreadsheet_dashboard": Manifest("Spreadsheet dashboard"),
    "spreadsheet_dashboard_account": Manifest("Spreadsheet dashboard for accounting"),
    "spreadsheet_dashboard_sale": Manifest("Spreadsheet dashboard for sales"),
    "spreadsheet_dashboard_stock_account": Manifest("Spreadsheet dashboard for stock"),
    "stock": Manifest("Inventory", application=True, sequence=25),
    "stock_account": Manifest("WMS Accounting"),
    "stock_sms": Manifest("Stock - SMS"),
    "uom": Manifest("Units of measure"),
    "utm": Manifest("UTM Trackers"),
    "web": Manifest("Web"),
    "web_editor": Manifest("Web Editor"),
    "web_tour": Manifest("Tours"),
    "web_unsplash": Manifest("Unsplash Image Library"),
}


def manifest(module: str) -> Manifest:
    """The module's manifest as ir.module.module shows it (its technical name when unknown)."""
    return MANIFESTS.get(module, Manifest(module))
