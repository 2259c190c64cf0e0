"""Who may do what: model-level ACLs, record rules (own documents, multi-company) and their messages.

The tables mirror the demo database's `ir.model.access` and `ir.rule` for the groups the corpus users
hold; group labels and message wording are those each series prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..exceptions import AccessError
from .users import User

OPERATIONS = ("read", "write", "create", "unlink")
_VERB = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}

USER = "base.group_user"
SYSTEM = "base.group_system"
ERP_MANAGER = "base.group_erp_manager"
PARTNER_MANAGER = "base.group_partner_manager"
SALESMAN = "sales_team.group_sale_salesman"
SALESMAN_ALL = "sales_team.group_sale_salesman_all_leads"
SALE_MANAGER = "sales_team.group_sale_manager"
INVOICING = "account.group_account_invoice"
PRODUCT_MANAGER = "product.group_product_manager"
STOCK_USER = "stock.group_stock_user"
STOCK_MANAGER = "stock.group_stock_manager"

GROUP_LABELS: dict[str, dict[str, str]] = {
    "18.0": {
        SYSTEM: "Administration/Settings",
        ERP_MANAGER: "Administration/Access Rights",
        PARTNER_MANAGER: "Extra Rights/Contact Creation",
        SALESMAN: "Sales/User: Own Documents Only",
        SALE_MANAGER: "Sales/Administrator",
        INVOICING: "Invoicing/Billing",
        PRODUCT_MANAGER: "Extra Rights/Manage Product Variants",
        STOCK_USER: "Inventory/User",
        STOCK_MANAGER: "Inventory/Administrator",
    },
    "19.0": {
        SYSTEM: "Role / Administrator",
        ERP_MANAGER: "Access Rights",
        PARTNER_MANAGER: "Contact/Creation",
        SALESMAN: "Sales / User: Own Documents Only",
        SALE_MANAGER: "Sales / Administrator",
        INVOICING: "Invoicing / Invoicing",
        PRODUCT_MANAGER: "Product / Manager",
        STOCK_USER: "Inventory / User",
        STOCK_MANAGER: "Inventory / Administrator",
    },
}


def _acl(
    read: tuple[str, ...],
    write: tuple[str, ...],
    create: tuple[str, ...] | None = None,
    unlink: tuple[str, ...] | None = None,
) -> dict[str, tuple[str, ...]]:
    return {"read": read, "write": write, "create": create or write, "unlink": unlink or write}


_SALES = _acl((SALESMAN,), (SALESMAN,), unlink=(SALE_MANAGER,))
_INVOICES = _acl((SALESMAN, INVOICING), (INVOICING,))
_PRODUCTS = _acl((USER,), (PRODUCT_MANAGER,))
_STOCK = _acl((USER,), (STOCK_USER,), unlink=(STOCK_MANAGER,))
_EVERYONE = _acl((USER,), (USER,))

#: model -> operation -> groups granting it. Unlisted models: internal users read, settings managers write.
#: ir.model.data is served read-only (its rows mirror the dataset's external ids): no group writes it.
ACCESS: dict[str, dict[str, tuple[str, ...]]] = {
    "res.partner": _acl((USER,), (USER,), unlink=(PARTNER_MANAGER,)),
    "res.company": _acl((USER,), (ERP_MANAGER,)),
    "res.users": _acl((USER,), (ERP_MANAGER,)),
    "crm.lead": _SALES,
    "crm.tag": _acl((USER,), (SALESMAN,), unlink=(SALE_MANAGER,)),
    "sale.order": _SALES,
    "sale.order.line": _SALES,
    "account.move": _INVOICES,
    "account.move.line": _INVOICES,
    "account.payment": _acl((INVOICING,), (INVOICING,)),
    "account.payment.register": _acl((INVOICING,), (INVOICING,)),
    "product.template": _PRODUCTS,
    "product.product": _PRODUCTS,
    "product.category": _PRODUCTS,
    "stock.picking": _STOCK,
    "stock.move": _STOCK,
    "stock.quant": _STOCK,
    "mail.message": _EVERYONE,
    "mail.activity": _EVERYONE,
    "ir.attachment": _EVERYONE,
    "ir.model.data": _acl((USER,), ()),
    "discuss.channel.rtc.session": _acl((SYSTEM,), (SYSTEM,)),
}
_DEFAULT_ACCESS = _acl((USER,), (SYSTEM,))


def granting_groups(model: str, operation: str) -> tuple[str, ...]:
    return ACCESS.get(model, _DEFAULT_ACCESS)[operation]


def has_model_access(user: User, model: str, operation: str) -> bool:
    return user.is_superuser or any(user.has_group(group) for group in granting_groups(model, operation))


def acl_error(series: str, model: str, model_label: str, operation: str) -> AccessError:
    labels = GROUP_LABELS[series]
    granting = granting_groups(model, operation)
    groups = "\n".join(f"\t- {labels.get(group, group)}" for group in granting)
    allowed = (
        f"This operation is allowed for the following groups:\n{groups}"
        if granting
        else "No group currently allows this operation."
    )
    return AccessError(
        f"You are not allowed to {_VERB[operation]} '{model_label}' ({model}) records.\n\n"
        f"{allowed}\n\nContact your administrator to request access if necessary."
    )


def check_model_access(series: str, user: User, model: str, model_label: str, operation: str) -> None:
    if not has_model_access(user, model, operation):
        raise acl_error(series, model, model_label, operation)


@dataclass(frozen=True)
class RuleContext:
    """What record rules depend on: the user and the active companies."""

    user: User
    company_ids: tuple[int, ...]


_OWN_DOCUMENT_FIELD = {
    "crm.lead": "user_id",
    "sale.order": "user_id",
    "sale.order.line": "salesman_id",
    "account.move": "invoice_user_id",
}


def ownership_domain(model: str, rules: RuleContext) -> list[Any]:
    """The 'own documents only' rule of sales users without 'all documents' (and without invoicing)."""
    user = rules.user
    field = _OWN_DOCUMENT_FIELD.get(model)
    if field is None or user.is_superuser or user.has_group(SALESMAN_ALL) or not user.has_group(SALESMAN):
        return []
    if model.startswith("account.") and user.has_group(INVOICING):
        return []
    return ["|", (field, "=", user.uid), (field, "=", False)]


def company_domain(company_field: str | None, rules: RuleContext) -> list[Any]:
    """Odoo's multi-company rule: records of no company or of an active company."""
    if company_field is None or rules.user.is_superuser:
        return []
    return ["|", (company_field, "=", False), (company_field, "in", list(rules.company_ids))]


def record_rule_error(
    series: str, user: User, model: str, model_label: str, operation: str, switch_to: list[tuple[int, str]]
) -> AccessError:
    """The 17+ record-rule denial; `switch_to` lists (id, name) of companies that would grant access."""
    message = (
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        f"Sorry, {user.name} (id={user.uid}) doesn't have '{operation}' access to:\n"
        f"- {model_label} ({model})\n\n"
        "If you really, really need access, perhaps you can win over your friendly administrator "
        "with a batch of freshly baked cookies."
    )
    if not switch_to:
        return AccessError(message)
    names = ", ".join(name for _company_id, name in switch_to)
    message += (
        "\n\nThis seems to be a multi-company issue, you might be able to access the record "
        f"by switching to the company: {names}."
    )
    company_id, name = switch_to[0]
    return AccessError(message, context={"suggested_company": {"id": company_id, "display_name": name}})


def unauthorized_companies_error() -> AccessError:
    return AccessError("Access to unauthorized or invalid companies.")
