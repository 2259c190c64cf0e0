"""Non-stored computed fields the dataset did not export, computed when read (as Odoo computes them).

Only values that follow from the stored data are computed; fields whose inputs the simulator does not
have (accounting properties, UTM sources, ...) read as empty.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from .database import Database
    from .store import Row

Compute = Callable[["Database", str, "Row"], Any]
QUOTATION_STATES = ("draft", "sent", "cancel")
PORTAL_PREFIX = {"sale.order": "/my/orders", "account.move": "/my/invoices"}


def _address_lines(db: Database, row: Row) -> list[str]:
    """Odoo's default address format: street, street2, "city state_code zip", country."""
    state = db.rows("res.country.state").get(row.get("state_id") or 0, {})
    city_line = " ".join(str(part) for part in (row.get("city"), state.get("code"), row.get("zip")) if part)
    country = db.display_name("res.country", row["country_id"]) if row.get("country_id") else ""
    return [str(row.get("street") or ""), str(row.get("street2") or ""), city_line, country]


def contact_address(db: Database, model: str, row: Row) -> str:
    return "\n".join([str(row.get("name") or ""), *_address_lines(db, row)])


def contact_address_inline(db: Database, model: str, row: Row) -> str:
    return ", ".join(part for part in [str(row.get("name") or ""), *_address_lines(db, row)] if part)


def email_formatted(db: Database, model: str, row: Row) -> str | bool:
    return f'"{row.get("name") or ""}" <{row["email"]}>' if row.get("email") else False


def email_normalized(db: Database, model: str, row: Row) -> str | bool:
    return str(row["email"]).strip().lower() if row.get("email") else False


def phone_sanitized(db: Database, model: str, row: Row) -> str | bool:
    return str(row["phone"]) if row.get("phone") else False


def self_reference(db: Database, model: str, row: Row) -> list[Any]:
    return [row["id"], db.display_name(model, row["id"])]


def im_status(db: Database, model: str, row: Row) -> str:
    return "offline" if row.get("user_ids") else "im_partner"


def tz_offset(db: Database, model: str, row: Row) -> str:
    """The partner's current UTC offset ("+0100"), "+0000" without (or with an unknown) time zone."""
    try:
        zone = ZoneInfo(str(row["tz"])) if row.get("tz") else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    return dt.datetime.now(zone).strftime("%z") if zone else "+0000"


def portal_url(db: Database, model: str, row: Row) -> str:
    return f"{PORTAL_PREFIX[model]}/{row['id']}"


def order_type_name(db: Database, model: str, row: Row) -> str:
    return "Quotation" if row.get("state") in QUOTATION_STATES else "Sales Order"


def _company(db: Database, row: Row) -> Row:
    return db.rows("res.company").get(row.get("company_id") or 0, {})


def fiscal_country(db: Database, model: str, row: Row) -> list[Any] | bool:
    country = _company(db, row).get("account_fiscal_country_id")
    return [country, db.display_name("res.country", country)] if country else False


def fiscal_country_code(db: Database, model: str, row: Row) -> str | bool:
    country = _company(db, row).get("account_fiscal_country_id")
    return str(db.rows("res.country").get(country, {}).get("code") or False) if country else False


def rounding_method(db: Database, model: str, row: Row) -> str | bool:
    return str(_company(db, row).get("tax_calculation_rounding_method") or False)


def _first_activity(db: Database, row: Row) -> Row:
    activities = db.rows("mail.activity")
    found = [activities[i] for i in row.get("activity_ids") or [] if i in activities]
    return min(found, key=lambda activity: str(activity.get("date_deadline") or "")) if found else {}


def activity_user(db: Database, model: str, row: Row) -> list[Any] | bool:
    user = _first_activity(db, row).get("user_id")
    return [user, db.display_name("res.users", user)] if user else False


def activity_type(db: Database, model: str, row: Row) -> list[Any] | bool:
    kind = _first_activity(db, row).get("activity_type_id")
    return [kind, db.display_name("mail.activity.type", kind)] if kind else False


def activity_icon(db: Database, model: str, row: Row) -> str | bool:
    kind = _first_activity(db, row).get("activity_type_id")
    return str(db.rows("mail.activity.type").get(kind or 0, {}).get("icon") or False)


def activity_model(db: Database, model: str, row: Row) -> list[Any] | bool:
    """Seeded activities carry `res_model` only; their `res_model_id` is that model's ir.model."""
    model_id = db.ir_model_id(str(row.get("res_model") or ""))
    return [model_id, db.display_name("ir.model", model_id)] if model_id else False


def user_email(db: Database, model: str, row: Row) -> Any:
    """A user's email is its partner's (`res.users` inherits `res.partner`)."""
    return db.rows("res.partner").get(row.get("partner_id") or 0, {}).get("email") or False


def delay_popover(db: Database, model: str, row: Row) -> str:
    return json.dumps({"popoverTemplate": "sale_stock.DelayAlertWidget", "late_elements": []})


MAIN_COMPANY = 1


def partner_currency(db: Database, model: str, row: Row) -> list[Any] | bool:
    """The currency of the partner's company, else of the main company."""
    company = db.rows("res.company").get(row.get("company_id") or MAIN_COMPANY, {})
    currency = company.get("currency_id")
    return [currency, db.display_name("res.currency", currency)] if currency else False


def fiscal_country_codes(db: Database, model: str, row: Row) -> str:
    companies = db.rows("res.company")
    countries = db.rows("res.country")
    codes = [
        countries.get(company.get("account_fiscal_country_id") or 0, {}).get("code")
        for company in companies.values()
    ]
    return ",".join(sorted({str(code) for code in codes if code}))


def location_of_usage(usage: str) -> Compute:
    """The first stock location of a usage (customer / supplier), as the default partner properties."""

    def compute(db: Database, model: str, row: Row) -> list[Any] | bool:
        for location_id, location in sorted(db.rows("stock.location").items()):
            if location.get("usage") == usage:
                return [location_id, db.display_name("stock.location", location_id)]
        return False

    return compute


CUSTOMER_MOVES = ("out_invoice", "out_refund", "out_receipt")
VENDOR_MOVES = ("in_invoice", "in_refund", "in_receipt")


def term_account(db: Database, company_id: Any, move_types: tuple[str, ...]) -> list[Any] | bool:
    """The receivable (customer documents) or payable (vendor bills) account the company's invoices use."""
    moves = db.rows("account.move")
    for _line_id, line in sorted(db.rows("account.move.line").items()):
        move = moves.get(line.get("move_id") or 0, {})
        account = line.get("account_id")
        if (
            account
            and line.get("display_type") == "payment_term"
            and move.get("move_type") in move_types
            and move.get("company_id") == company_id
        ):
            return [account, db.display_name("account.account", account)]
    return False


def partner_account(move_types: tuple[str, ...]) -> Compute:
    """A partner's receivable/payable property: the main company's default (company-dependent field)."""
    return lambda db, model, row: term_account(db, MAIN_COMPANY, move_types)


def constant(value: Any) -> Compute:
    return lambda db, model, row: value


_PARTNER: dict[str, Compute] = {
    "contact_address": contact_address,
    "contact_address_inline": contact_address_inline,
    "email_formatted": email_formatted,
    "email_normalized": email_normalized,
    "phone_sanitized": phone_sanitized,
    "self": self_reference,
    "im_status": im_status,
    "tz_offset": tz_offset,
    "trust": constant("normal"),
    "invoice_warn": constant("no-message"),
    "picking_warn": constant("no-message"),
    "sale_warn": constant("no-message"),
    "autopost_bills": constant("ask"),
    "partner_vat_placeholder": constant("/ if not applicable"),
    "currency_id": partner_currency,
    "fiscal_country_codes": fiscal_country_codes,
    "calendar_last_notif_ack": lambda db, model, row: row.get("create_date", False),
    "property_stock_customer": location_of_usage("customer"),
    "property_stock_supplier": location_of_usage("supplier"),
    "property_account_receivable_id": partner_account(CUSTOMER_MOVES),
    "property_account_payable_id": partner_account(VENDOR_MOVES),
}
_DOCUMENT_ACTIVITY: dict[str, Compute] = {
    "activity_user_id": activity_user,
    "activity_type_id": activity_type,
    "activity_type_icon": activity_icon,
}

COMPUTES: dict[str, dict[str, Compute]] = {
    "res.partner": _PARTNER,
    "sale.order": {
        **_DOCUMENT_ACTIVITY,
        "access_url": portal_url,
        "type_name": order_type_name,
        "country_code": fiscal_country_code,
        "tax_country_id": fiscal_country,
        "tax_calculation_rounding_method": rounding_method,
        "company_price_include": constant("tax_excluded"),
        "picking_policy": constant("direct"),
        "terms_type": constant("plain"),
        "access_warning": constant(""),
        "partner_credit_warning": constant(""),
        "sale_warning_text": constant(""),
        "json_popover": delay_popover,
    },
    "account.move": {**_DOCUMENT_ACTIVITY, "access_url": portal_url},
    "crm.lead": dict(_DOCUMENT_ACTIVITY),
    "mail.activity": {"res_model_id": activity_model},
    "res.users": {"email": user_email},
}


def compute_for(model: str, field: str) -> Compute | None:
    return COMPUTES.get(model, {}).get(field)
