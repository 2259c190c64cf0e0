"""Business tool packs: the registry of built-in packs, third-party packs and declarative tools.

A pack is a `Pack`: a name, a `register(kit)` function declaring its tools with ``@kit.tool(kind)``
(the same decorator, policy, runner, confirmation and audit as the built-in tools), and the models,
fields and methods it needs (checked by ``mcp-odoo check --tools``). Third-party packs are found
through the Python entry point group ``mcp_odoo.packs``: each entry point names a `Pack`, and imports
everything it needs from this module.

    [project.entry-points."mcp_odoo.packs"]
    activities = "mcp_odoo_activities_pack:PACK"
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points

from mcp.server import MCPServer
from pydantic import SecretStr

from mcp_odoo.calls.arguments import CompanyArg, ConfirmationTokenArg, IdempotencyKeyArg
from mcp_odoo.calls.bounds import QUERY_MAX_CHARS, TEXT_MAX_CHARS
from mcp_odoo.calls.confirm import (
    ConfirmationTokens,
    Confirmer,
    MemoryNonces,
    Preview,
    PreviewFn,
    UsedNonces,
    confirmation_key,
)
from mcp_odoo.calls.idempotency import IdempotencyStore, MemoryIdempotencyStore
from mcp_odoo.calls.kit import Kit, WorkflowResult, done
from mcp_odoo.calls.results import RecordLink, ToolOutput
from mcp_odoo.calls.runner import CREATES, IRREVERSIBLE, READS, UPDATES, Kind, ToolCall
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.calls.schema import publish_plain_input_schemas
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.config import ConfigError
from mcp_odoo.icons import icons_for
from mcp_odoo.policy import InvalidRequest, OdooGateway, Policy
from mcp_odoo.policy.settings import MethodRule, PolicySettings

logger = logging.getLogger("mcp_odoo.packs")

ENTRY_POINT_GROUP = "mcp_odoo.packs"


@dataclass(frozen=True)
class Requirement:
    """What a pack needs on the connected Odoo. A field written ``"a|b"`` may exist under either name."""

    model: str
    fields: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    name: str
    register: Callable[[Kit], None]
    requirements: tuple[Requirement, ...] = ()
    description: str = ""


def builtin_packs() -> list[Pack]:
    from mcp_odoo.packs import contacts, crm, inventory, invoicing, products, sales

    return [contacts.PACK, crm.PACK, sales.PACK, invoicing.PACK, inventory.PACK, products.PACK]


def installed_packs() -> list[Pack]:
    """Packs declared by installed distributions under the ``mcp_odoo.packs`` entry point group."""
    found: list[Pack] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as exc:
            raise ConfigError(
                f"pack entry point {entry.name!r} ({entry.value}) failed to load: {exc}"
            ) from exc
        if not isinstance(loaded, Pack):
            raise ConfigError(f"pack entry point {entry.name!r} ({entry.value}) is not a mcp_odoo.packs.Pack")
        found.append(loaded)
    return found


def available_packs() -> list[Pack]:
    """Built-in then installed packs; a name used twice is a configuration error."""
    packs = builtin_packs() + installed_packs()
    seen: set[str] = set()
    for pack in packs:
        if pack.name in seen:
            raise ConfigError(f"two packs are named {pack.name!r}; pack names must be unique")
        seen.add(pack.name)
    return packs


def enabled_packs(surface: SurfaceSettings) -> list[Pack]:
    """The built-in and installed packs the configuration leaves on (all by default)."""
    packs = available_packs()
    unknown = sorted(set(surface.disabled_packs) - {pack.name for pack in packs})
    if unknown:
        names = ", ".join(pack.name for pack in packs)
        raise ConfigError(f"MCP_ODOO_DISABLED_PACKS: unknown pack(s) {', '.join(unknown)} (known: {names})")
    chosen = [pack for pack in packs if pack.name not in surface.disabled_packs]
    return chosen


def build_kit(
    mcp: MCPServer[Runtime],
    surface: SurfaceSettings,
    policy: Policy,
    *,
    confirmation_secret: SecretStr | None = None,
    used_nonces: UsedNonces | None = None,
    idempotency: IdempotencyStore | None = None,
    clock: Callable[[], float] = time.time,
    targets: Sequence[str] = (),
) -> Kit:
    """The kit; confirmation tokens are signed with a key derived from `confirmation_secret` (random when
    None) and expire on `clock`; `used_nonces` and `idempotency` are the replicas' shared stores (in memory
    when None); `targets` names the Odoo targets of a server with several."""
    tokens = ConfirmationTokens(
        ttl_seconds=surface.confirmation_ttl_seconds,
        clock=clock,
        key=confirmation_key(confirmation_secret),
        used=used_nonces or MemoryNonces(),
    )
    confirmer = Confirmer(frozenset(surface.confirmation_off), tokens)
    return Kit(
        mcp, surface, policy, confirmer, idempotency or MemoryIdempotencyStore(), targets=tuple(targets)
    )


def register_packs(
    mcp: MCPServer[Runtime],
    surface: SurfaceSettings,
    policy: PolicySettings,
    used_nonces: UsedNonces | None = None,
    idempotency: IdempotencyStore | None = None,
) -> list[str]:
    """Register the tools of every enabled pack on `mcp` through a kit of their own; returns the names
    of the tools registered (`build_server` builds one kit for the packs and call_method: `install_packs`).

    Raises `ConfigError` for an unknown or broken pack or an invalid declarative tool.
    """
    kit = build_kit(mcp, surface, Policy(policy), used_nonces=used_nonces, idempotency=idempotency)
    return install_packs(kit)


def install_packs(kit: Kit) -> list[str]:
    """Register the tools of every enabled pack, and the declarative ones, through `kit`."""
    from mcp_odoo.packs.declarative import declarative_pack

    publish_plain_input_schemas(kit.mcp)
    for pack in enabled_packs(kit.surface):
        _register(kit, pack)
    declared = declarative_pack(kit.surface, set(kit.registered))
    if declared is not None:
        _register(kit, declared)
    return list(kit.registered)


def _register(kit: Kit, pack: Pack) -> None:
    before = len(kit.registered)
    pack.register(kit.with_icons(icons_for(pack.name)))
    logger.info("pack %s: %s", pack.name, ", ".join(kit.registered[before:]) or "no tools")


__all__ = [
    "CREATES",
    "ENTRY_POINT_GROUP",
    "IRREVERSIBLE",
    "QUERY_MAX_CHARS",
    "READS",
    "TEXT_MAX_CHARS",
    "UPDATES",
    "CompanyArg",
    "ConfirmationTokenArg",
    "IdempotencyKeyArg",
    "InvalidRequest",
    "Kind",
    "Kit",
    "MethodRule",
    "OdooGateway",
    "Pack",
    "Preview",
    "PreviewFn",
    "RecordLink",
    "Requirement",
    "ToolCall",
    "ToolOutput",
    "WorkflowResult",
    "available_packs",
    "build_kit",
    "done",
    "enabled_packs",
    "install_packs",
    "register_packs",
]
