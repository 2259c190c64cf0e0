"""``mcp-odoo check --tools``: does the connected Odoo have every model and field the enabled tools use?

Models and fields are checked through field metadata (one ``fields_get`` per model). Methods cannot
be probed over RPC without calling them, so they are listed as assumed, not verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.packs import Pack, enabled_packs
from mcp_odoo.packs.declarative import declarative_pack
from mcp_odoo.policy import OdooGateway, PolicyError


@dataclass
class PackDrift:
    pack: str
    missing_models: list[str] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    unverified_methods: list[str] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.missing_models or self.missing_fields)


@dataclass
class DriftReport:
    packs: list[PackDrift]

    @property
    def drifted(self) -> bool:
        return any(pack.drifted for pack in self.packs)


async def check_pack(gateway: OdooGateway, pack: Pack) -> PackDrift:
    drift = PackDrift(pack.name)
    for requirement in pack.requirements:
        try:
            known = await gateway.fields(requirement.model)
        except (OdooError, PolicyError):
            drift.missing_models.append(requirement.model)
            continue
        for wanted in requirement.fields:
            if not any(name in known for name in wanted.split("|")):
                drift.missing_fields.append(f"{requirement.model}.{wanted}")
        drift.unverified_methods.extend(f"{requirement.model}.{method}" for method in requirement.methods)
    return drift


async def check_tools(gateway: OdooGateway, settings: SurfaceSettings) -> DriftReport:
    """Check every enabled pack (and the declarative tools) against the connected Odoo."""
    packs = enabled_packs(settings)
    declared = declarative_pack(settings)
    if declared is not None:
        packs.append(declared)
    return DriftReport([await check_pack(gateway, pack) for pack in packs])


def render_drift(report: DriftReport) -> str:
    rows = []
    for pack in report.packs:
        status = "DRIFT" if pack.drifted else "ok"
        rows.append(f"{pack.pack}: {status}")
        rows.extend(f"  missing model {model}" for model in pack.missing_models)
        rows.extend(f"  missing field {name}" for name in pack.missing_fields)
        if pack.unverified_methods:
            rows.append(
                f"  methods assumed (not callable without side effects): {', '.join(pack.unverified_methods)}"
            )
    rows.append("schema drift found" if report.drifted else "no schema drift")
    return "\n".join(rows)
