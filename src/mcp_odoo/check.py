"""`mcp-odoo check`: connect once and report what this server would be working with.

Everything here works for an internal Odoo user without the Administration rights: model labels come
from ``ir.model.display_name_for`` and rights from each model's own access check, never from reading
ir.model (which Odoo 16-19 refuses to such a user).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from mcp_odoo.odoo import OdooClient, ServerInfo
from mcp_odoo.odoo.errors import UnknownModel
from mcp_odoo.packs.crm import POSTS_WITHOUT_EMAIL_SINCE

COMMON_MODELS = ("res.partner", "crm.lead", "sale.order", "account.move", "product.product", "stock.quant")
CHECKED_OPERATIONS = ("read", "create", "write")
HAS_ACCESS_SINCE = 18
"""``has_access`` exists from 18.0, where ``check_access_rights`` is deprecated."""


@dataclass(frozen=True)
class ModelRights:
    model: str
    label: str
    rights: dict[str, bool]


@dataclass
class CheckReport:
    info: ServerInfo
    url: str
    companies: list[tuple[int, str]] = field(default_factory=list)
    active_company: tuple[int, str] | None = None
    lang: str | None = None
    tz: str | None = None
    email: str | None = None
    warnings: list[str] = field(default_factory=list)
    models: list[ModelRights] = field(default_factory=list)
    missing_models: list[str] = field(default_factory=list)


async def run_check(client: OdooClient, url: str) -> CheckReport:
    """Connect, then read the user's companies, language, email and rights on the common models."""
    info = await client.connect()
    report = CheckReport(info=info, url=url)
    users = await client.read(
        "res.users", [info.uid], ["name", "email", "lang", "tz", "company_id", "company_ids"]
    )
    user = users[0] if users else {}
    report.lang = client.default_context.get("lang") or user.get("lang") or None
    report.tz = client.default_context.get("tz") or user.get("tz") or None
    report.email = user.get("email") or None
    if report.email is None and info.major < POSTS_WITHOUT_EMAIL_SINCE:
        report.warnings.append(
            f"the Odoo user {info.login} has no email address: Odoo {info.series} refuses to post notes "
            "from it (log_note fails with \"Unable to send message, please configure the sender's email "
            'address."); an administrator can set one in Settings > Users'
        )
    company_ids = list(user.get("company_ids") or [])
    if company_ids:
        companies = await client.read("res.company", company_ids, ["name"])
        report.companies = [(row["id"], row["name"]) for row in companies]
    active = client.default_context.get("allowed_company_ids")
    names = dict(report.companies)
    if active:
        report.active_company = (active[0], names.get(active[0], "?"))
    elif isinstance(user.get("company_id"), list):
        report.active_company = (user["company_id"][0], user["company_id"][1])

    named = await client.call("ir.model", "display_name_for", kwargs={"models": list(COMMON_MODELS)})
    labels = {str(row["model"]): str(row["display_name"]) for row in named}
    rights = await asyncio.gather(*(_rights(client, model, info.major) for model in COMMON_MODELS))
    for model, allowed in zip(COMMON_MODELS, rights, strict=True):
        if allowed is None:
            report.missing_models.append(model)
        else:
            report.models.append(ModelRights(model, labels.get(model, model), allowed))
    return report


async def _rights(client: OdooClient, model: str, major: int) -> dict[str, bool] | None:
    """The user's rights on `model` for each checked operation; None when the model is not installed."""
    try:
        return {operation: await _may(client, model, operation, major) for operation in CHECKED_OPERATIONS}
    except UnknownModel:
        return None


async def _may(client: OdooClient, model: str, operation: str, major: int) -> bool:
    if major >= HAS_ACCESS_SINCE:
        return bool(await client.call(model, "has_access", ids=[], args=[operation]))
    return bool(
        await client.call(model, "check_access_rights", args=[operation], kwargs={"raise_exception": False})
    )


def render_check(report: CheckReport) -> str:
    """The human-readable report `check` prints."""
    info = report.info
    yes_no = {True: "yes", False: "no"}
    lines = [
        f"Odoo        {info.server_version} ({info.edition}) at {report.url}",
        f"Protocol    {info.protocol}",
        f"Database    {info.db}",
        f"User        {info.login} — {info.user_name} (uid {info.uid}), email {report.email or '—'}",
        "Companies   " + (", ".join(f"{name} (#{cid})" for cid, name in report.companies) or "—"),
    ]
    if report.active_company:
        lines.append(f"Active      {report.active_company[1]} (#{report.active_company[0]})")
    lines.append(f"Language    {report.lang or '—'}   Time zone {report.tz or '—'}")
    lines.extend(f"Warning     {warning}" for warning in report.warnings)
    lines.append("")
    lines.append(f"{'model':<18} {'label':<24} " + " ".join(f"{op:<7}" for op in CHECKED_OPERATIONS))
    for row in report.models:
        cells = " ".join(f"{yes_no[row.rights[op]]:<7}" for op in CHECKED_OPERATIONS)
        lines.append(f"{row.model:<18} {row.label[:24]:<24} {cells}")
    if report.missing_models:
        lines.append("not installed: " + ", ".join(report.missing_models))
    return "\n".join(lines)
