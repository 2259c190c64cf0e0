"""`mcp-odoo check`: connect once and report what this server would be working with."""

from __future__ import annotations

from dataclasses import dataclass, field

from mcp_odoo.odoo import OdooClient, ServerInfo

COMMON_MODELS = ("res.partner", "crm.lead", "sale.order", "account.move", "product.product", "stock.quant")
CHECKED_OPERATIONS = ("read", "create", "write")


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
    models: list[ModelRights] = field(default_factory=list)
    missing_models: list[str] = field(default_factory=list)


async def run_check(client: OdooClient, url: str) -> CheckReport:
    """Connect, then read the user's companies, language and rights on the common models."""
    info = await client.connect()
    report = CheckReport(info=info, url=url)
    users = await client.read("res.users", [info.uid], ["name", "lang", "tz", "company_id", "company_ids"])
    user = users[0] if users else {}
    report.lang = client.default_context.get("lang") or user.get("lang") or None
    report.tz = client.default_context.get("tz") or user.get("tz") or None
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

    installed = await client.search_read(
        "ir.model", [("model", "in", list(COMMON_MODELS))], ["model", "name"]
    )
    labels = {row["model"]: row["name"] for row in installed}
    for model in COMMON_MODELS:
        if model not in labels:
            report.missing_models.append(model)
            continue
        rights = {}
        for operation in CHECKED_OPERATIONS:
            allowed = await client.call(
                model, "check_access_rights", args=[operation], kwargs={"raise_exception": False}
            )
            rights[operation] = bool(allowed)
        report.models.append(ModelRights(model, labels[model], rights))
    return report


def render_check(report: CheckReport) -> str:
    """The human-readable report `check` prints."""
    info = report.info
    yes_no = {True: "yes", False: "no"}
    lines = [
        f"Odoo        {info.server_version} ({info.edition}) at {report.url}",
        f"Protocol    {info.protocol}",
        f"Database    {info.db}",
        f"User        {info.login} — {info.user_name} (uid {info.uid})",
        "Companies   " + (", ".join(f"{name} (#{cid})" for cid, name in report.companies) or "—"),
    ]
    if report.active_company:
        lines.append(f"Active      {report.active_company[1]} (#{report.active_company[0]})")
    lines.append(f"Language    {report.lang or '—'}   Time zone {report.tz or '—'}")
    lines.append("")
    lines.append(f"{'model':<18} {'label':<24} " + " ".join(f"{op:<7}" for op in CHECKED_OPERATIONS))
    for row in report.models:
        cells = " ".join(f"{yes_no[row.rights[op]]:<7}" for op in CHECKED_OPERATIONS)
        lines.append(f"{row.model:<18} {row.label[:24]:<24} {cells}")
    if report.missing_models:
        lines.append("not installed: " + ", ".join(report.missing_models))
    return "\n".join(lines)
