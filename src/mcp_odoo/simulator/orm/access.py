"""Who may do what: model-level ACLs, record rules (own documents, multi-company) and their messages.

The tables mirror the demo database's `ir.model.access` and `ir.rule` for the groups the corpus users
hold; group labels and message wording are those each series prints. The superuser (uid 1, what Odoo's
own code runs as with `sudo()`) passes every check; the simulator's internal reads of the store (the
ir.model rows behind an activity's document model, ...) do not go through them at all.
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
_ACCESS_RIGHTS = _acl((ERP_MANAGER,), (ERP_MANAGER,))
_SETTINGS = _acl((SYSTEM,), (SYSTEM,))
_NOBODY = _acl((), ())
_INVOICES = _acl((SALESMAN, INVOICING), (INVOICING,))
_PRODUCTS = _acl((USER,), (PRODUCT_MANAGER,))
_STOCK = _acl((USER,), (STOCK_USER,), unlink=(STOCK_MANAGER,))
_EVERYONE = _acl((USER,), (USER,))

#: base's administration models: the data model, access rules and external ids are for "Access Rights"
#: (base.group_erp_manager, which Settings implies), the technical configuration for Settings only.
#: ir.model.data is served read-only (its rows mirror the dataset's external ids): no group writes it.
_ADMINISTRATION: dict[str, dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(
        (
            "ir.model", "ir.model.access", "ir.model.constraint", "ir.model.fields",
            "ir.model.fields.selection", "ir.model.relation", "ir.rule", "ir.logging", "res.users.deletion",
        ),
        _ACCESS_RIGHTS,
    ),
    "ir.model.data": _acl((ERP_MANAGER,), ()),
    "ir.model.inherit": _NOBODY,
    **dict.fromkeys(
        (
            "ir.actions.actions", "ir.actions.act_url", "ir.actions.act_window", "ir.actions.act_window.view",
            "ir.actions.act_window_close", "ir.actions.client", "ir.actions.server",
            "ir.actions.server.history", "ir.actions.todo", "ir.asset", "ir.config_parameter", "ir.cron",
            "ir.cron.progress", "ir.cron.trigger", "ir.exports", "ir.mail_server", "ir.profile", "ir.ui.view",
            "ir.ui.view.custom", "decimal.precision", "res.users.log",
        ),
        _SETTINGS,
    ),
}  # fmt: skip

#: Models of the installed addons that the demo users without Administration rights cannot read
#: (their technical mail/bus tables, accounting configuration and reports, providers, onboarding ...).
#: Which addon groups grant them is not modelled: Settings stands in (and is what a denial names).
_ADDON_RESTRICTED: dict[str, dict[str, tuple[str, ...]]] = dict.fromkeys(
    (
        "account.analytic.applicability", "account.analytic.plan", "account.code.mapping", "account.group",
        "account.report", "account.report.column", "account.report.expression",
        "account.report.external.value", "account.report.line", "account.root", "bus.bus",
        "crm.iap.lead.industry", "crm.iap.lead.mining.request", "crm.iap.lead.role", "crm.iap.lead.seniority",
        "discuss.channel.rtc.session", "discuss.voice.metadata", "fetchmail.server",
        "html_editor.converter.test", "html_editor.converter.test.sub", "mail.blacklist",
        "mail.gateway.allowed", "mail.ice.server", "mail.link.preview", "mail.mail",
        "mail.message.link.preview", "mail.message.reaction", "mail.message.schedule",
        "mail.message.translation", "mail.presence", "mail.push", "mail.push.device", "mail.tracking.value",
        "onboarding.onboarding", "onboarding.onboarding.step", "onboarding.progress",
        "onboarding.progress.step", "payment.provider", "phone.blacklist", "privacy.log", "product.value",
        "properties.base.definition", "sms.sms", "sms.tracker", "stock.avco.report", "stock.valuation.layer",
        "web_editor.converter.test", "web_editor.converter.test.sub",
    ),
    _SETTINGS,
)  # fmt: skip

#: model -> operation -> groups granting it. Unlisted models: internal users read, settings managers write.
ACCESS: dict[str, dict[str, tuple[str, ...]]] = {
    **_ADMINISTRATION,
    **_ADDON_RESTRICTED,
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
}
#: What differs per series: 19.0's base_install_request also lets internal users read module dependencies.
SERIES_ACCESS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "18.0": dict.fromkeys(("ir.module.module.dependency", "ir.module.module.exclusion"), _SETTINGS),
    "19.0": {},
}
_DEFAULT_ACCESS = _acl((USER,), (SYSTEM,))


def granting_groups(series: str, model: str, operation: str) -> tuple[str, ...]:
    acl = SERIES_ACCESS[series].get(model) or ACCESS.get(model, _DEFAULT_ACCESS)
    return acl[operation]


def has_model_access(series: str, user: User, model: str, operation: str) -> bool:
    return user.is_superuser or any(
        user.has_group(group) for group in granting_groups(series, model, operation)
    )


def acl_error(series: str, model: str, model_label: str, operation: str) -> AccessError:
    labels = GROUP_LABELS[series]
    granting = granting_groups(series, model, operation)
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
    if not has_model_access(series, user, model, operation):
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
