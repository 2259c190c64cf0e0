"""Resources that help an agent start: who it acts as, which apps are installed, which models exist."""

from __future__ import annotations

from typing import Any

from mcp_odoo.policy import OdooGateway
from mcp_odoo.render import name_of
from mcp_odoo.resources.markdown import bullet_list, table

APP_MODELS: tuple[tuple[str, str], ...] = (
    ("Contacts", "res.partner"),
    ("CRM", "crm.lead"),
    ("Sales", "sale.order"),
    ("Invoicing / Accounting", "account.move"),
    ("Inventory", "stock.picking"),
    ("Purchase", "purchase.order"),
    ("Manufacturing", "mrp.production"),
    ("Project", "project.project"),
    ("Employees", "hr.employee"),
    ("Point of Sale", "pos.order"),
    ("Helpdesk", "helpdesk.ticket"),
    ("Website", "website"),
)
"""Each app with the model that only exists when it is installed."""

USER_FIELDS = ("name", "login", "email", "lang", "tz", "company_id", "company_ids")
COMPANY_FIELDS = ("name", "currency_id", "country_id", "email", "phone", "vat")


async def _existing(gateway: OdooGateway, model: str, names: tuple[str, ...]) -> list[str]:
    fields = await gateway.fields(model)
    return [name for name in names if name in fields]


async def render_user(gateway: OdooGateway) -> str:
    """``odoo://user``: the Odoo user this server acts as, its companies, and the server version."""
    info = await gateway.info()
    users = await gateway.read("res.users", [info.uid], await _existing(gateway, "res.users", USER_FIELDS))
    user: dict[str, Any] = users[0] if users else {}
    company_ids = list(user.get("company_ids") or info.company_ids)
    companies = (
        await gateway.read(
            "res.company", company_ids, await _existing(gateway, "res.company", COMPANY_FIELDS)
        )
        if company_ids
        else []
    )
    active = name_of(user.get("company_id"))
    lines = [f"# Acting as {user.get('name') or info.login}", ""]
    lines += bullet_list(
        [
            ("Login", str(user.get("login") or info.login)),
            ("User id", str(info.uid)),
            ("Odoo version", str(getattr(info, "server_version", info.major))),
            ("Language", user.get("lang") or None),
            ("Time zone", user.get("tz") or None),
            ("Default company", active),
        ]
    )
    lines += ["", "## Companies this user may work in (pass company_id to tools)", ""]
    lines += table(
        ["id", "Company", "Currency", "Country"],
        [
            [
                row["id"],
                row.get("name"),
                name_of(row.get("currency_id")) or "",
                name_of(row.get("country_id")) or "",
            ]
            for row in companies
        ],
    )
    return "\n".join(lines) + "\n"


async def render_apps(gateway: OdooGateway) -> str:
    """``odoo://apps``: the business apps this user can work with, recognised by their main model."""
    readable = {model for model, _label in await gateway.model_labels("")}
    rows = [[app, f"`{model}`"] for app, model in APP_MODELS if model in readable]
    lines = ["# Business apps you can work with", "", *table(["App", "Main model"], rows)]
    lines += [
        "",
        "An app is listed when it is installed and this Odoo user may read its main model; "
        "list_models shows every model you can read.",
    ]
    return "\n".join(lines) + "\n"


async def render_models(gateway: OdooGateway) -> str:
    """``odoo://models``: every model this Odoo user may read and this server exposes, with its label."""
    pairs = await gateway.model_labels("")
    lines = [
        f"# Models you can read ({len(pairs)})",
        "",
        "Security and configuration models are hidden. Odoo's record rules still apply when reading.",
        "",
    ]
    lines += [f"- `{model}`: {label}" for model, label in pairs]
    return "\n".join(lines) + "\n"
