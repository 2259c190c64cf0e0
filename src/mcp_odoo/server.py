"""build_server: the MCP surface of one Odoo identity, built from settings.

The server holds no connection until it starts: its lifespan opens the connector (which
connects lazily, on the first tool call, so a server whose Odoo is down still starts and
answers with clear errors) and the audit log, and closes what it opened when it stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

import httpx2
from mcp.server import MCPServer
from mcp.server.caching import CacheableMethod, CacheHint

from mcp_odoo import __version__
from mcp_odoo.audit import AuditLog, AuditUnavailable
from mcp_odoo.calls.bounds import bound_arguments
from mcp_odoo.calls.runtime import GatewaySource, Runtime
from mcp_odoo.config import ConfigError
from mcp_odoo.http.settings import AuthMode
from mcp_odoo.identity.account_tools import register_account_tools
from mcp_odoo.identity.gateways import PassthroughGateways, SharedGateway
from mcp_odoo.identity.settings import IdentityMode
from mcp_odoo.jobs import LongJobs
from mcp_odoo.live import CallerIdentities, install_subscriptions, shared_identity
from mcp_odoo.live.backend import subscription_backend
from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.settings import OdooSettings, OdooTarget
from mcp_odoo.packs import build_kit, install_packs
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.prompts import register_prompts
from mcp_odoo.request_errors import clear_request_errors
from mcp_odoo.resources import register_resources
from mcp_odoo.settings import NamedTarget, ServerSettings
from mcp_odoo.tools import register_core_tools
from mcp_odoo.views import views_extension

if TYPE_CHECKING:
    from mcp_odoo.http.access import HttpAccess

logger = logging.getLogger("mcp_odoo.server")

SERVER_NAME = "mcp-odoo"


def instructions(settings: ServerSettings, targets: Sequence[NamedTarget] = ()) -> str:
    """What an agent should know before its first call."""
    mode = (
        "Writes are enabled: create_record and update_record change real business data; confirm intent first."
        if settings.policy.allow_writes
        else "This server is read-only: it cannot create, change or delete anything."
    )
    if len(targets) > 1:
        listed = "; ".join(
            f"{target.name} ({'writes enabled' if target.policy.allow_writes else 'read-only'})"
            for target in targets
        )
        mode = (
            f"This server serves several Odoo databases: {listed}. Every tool takes `target` (empty = "
            f"{targets[0].name}); each call works on one database only, and record addresses name theirs "
            f"(odoo://{targets[-1].name}/res.partner/14). Writes change real business data; confirm intent "
            "first."
        )
    acting = (
        "acting as the calling person's own Odoo user with that user's access rights"
        if settings.identity.mode is IdentityMode.PASSTHROUGH
        else "acting as one Odoo user with that user's access rights"
    )
    return (
        f"Tools for one Odoo ERP database, {acting}. "
        "Start with list_models to find a model (e.g. 'invoice' -> account.move), describe_model to learn "
        "its fields, then search_records (with a domain and only the fields you need), count_records or "
        "aggregate_records for totals. Records come in pages: use next_offset for more. Values: many2one "
        "as {id, name} ('Name (#id)' in text), dates YYYY-MM-DD, datetimes ISO 8601 UTC; empty values are "
        f"left out. {mode} Prefer the business tools (find_partners, list_sale_orders, get_invoice, "
        "get_overdue_invoices, get_stock_levels ...) when one fits: they take names or references instead of "
        "ids. Irreversible steps (confirming an order, posting an invoice, registering a payment, validating "
        "a transfer) ask the user to confirm first. Read documents through odoo://{model}/{id}/document. "
        "Errors say whether a retry can help; follow their hint."
    )


def _announce_shared_identity(odoo: OdooSettings, server: ServerSettings) -> None:
    if server.http.auth_mode is AuthMode.NONE:
        return
    logger.warning(
        "identity mode shared: every authenticated caller acts in Odoo as the service user %r, "
        "with that user's rights (MCP_ODOO_IDENTITY_MODE=passthrough maps callers to their own users)",
        odoo.user,
    )


def _service_identity(odoo: OdooTarget) -> OdooSettings:
    """The one Odoo user every call acts as, when callers are not passed through to their own."""
    if not isinstance(odoo, OdooSettings):
        raise ConfigError(
            "without identity passthrough the server acts as one Odoo user: "
            "set ODOO_USER and ODOO_API_KEY (or ODOO_PASSWORD)"
        )
    return odoo


LISTS_TTL_MS = 3_600_000
"""How long a client may reuse the lists of tools, prompts and resources: they change only when the server
restarts with another configuration."""


def cache_hints(*, per_caller: bool) -> dict[CacheableMethod, CacheHint]:
    """The freshness hints of the 2026-07-28 era. The lists are the same for every caller unless the server
    authenticates callers (a token without ``odoo:write`` is listed only the read-only tools); a resource
    is Odoo data read with the caller's own rights, which may change at any time."""
    listing = CacheHint(ttl_ms=LISTS_TTL_MS, scope="private" if per_caller else "public")
    lists: tuple[CacheableMethod, ...] = (
        "tools/list",
        "prompts/list",
        "resources/list",
        "resources/templates/list",
        "server/discover",
    )
    return {**dict.fromkeys(lists, listing), "resources/read": CacheHint(ttl_ms=0, scope="private")}


def _surface_policy(targets: Sequence[NamedTarget]) -> Policy:
    """What the tool list offers on a server with several targets: the default target's limits, the write
    tools when any target takes writes, and every target's callable methods (each target's own policy still
    decides every call)."""
    first = targets[0].policy
    rules = {(rule.model, rule.method): rule for target in targets for rule in target.policy.methods}
    return Policy(
        first.model_copy(
            update={
                "allow_writes": any(target.policy.allow_writes for target in targets),
                "methods": list(rules.values()),
            }
        )
    )


def build_server(
    odoo: OdooTarget | Sequence[NamedTarget],
    server: ServerSettings,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    audit: AuditLog | None = None,
    access: HttpAccess | None = None,
    clock: Callable[[], float] = time.time,
) -> MCPServer[Runtime]:
    """The MCP server for `odoo` under `server`'s policy, or for several named Odoo targets (the first the
    default), each under its own policy, every tool then taking a `target` argument.

    With per-caller identities (`access` in passthrough mode) `odoo` only says where Odoo is: a service
    login and key, if it has them, are never used. Otherwise it must be `OdooSettings`, the one user
    every call acts as (ConfigError when it is not).
    `transport` replaces the network (tests and the demo pass the simulator's ASGI transport).
    `audit` replaces the log built from `server` (its owner then opens and closes it).
    `access` (HTTP transport) adds authentication, per-caller identities, rate limits and metrics;
    the server opens and closes it. `clock` is the wall clock confirmation tokens expire on (tests move it).
    """
    targets: list[NamedTarget] = []
    if not isinstance(odoo, OdooTarget):
        targets = list(odoo)
        if not targets:
            raise ConfigError("no Odoo target: declare at least one [targets.<name>]")
        odoo = targets[0].odoo
    policy = _surface_policy(targets) if targets else Policy(server.policy)
    owned_audit = audit is None
    audit_log = audit if audit is not None else AuditLog.from_settings(server.audit)
    metrics = access.metrics if access is not None else None
    if access is not None:
        access.readiness["audit"] = audit_log.ensure_ready
        if access.linking is not None:
            access.linking.audit = audit_log

    def new_client(settings: OdooSettings) -> OdooClient:
        if metrics is None:
            return OdooClient(settings, transport=transport)
        return OdooClient(
            settings,
            transport=transport,
            on_call=lambda call, outcome, seconds: metrics.odoo_rpc(call.method, outcome, seconds),
        )

    def shared(settings: OdooSettings, target_policy: Policy) -> SharedGateway:
        client = new_client(settings)
        return SharedGateway(OdooGateway(client, target_policy), client)

    identity: PassthroughGateways | OdooSettings
    services: list[tuple[str, OdooSettings, Policy]] = []
    if access is not None and access.identities is not None:
        identity = PassthroughGateways(
            odoo,
            Policy(targets[0].policy) if targets else policy,
            access.identities,
            client_factory=new_client,
            capacity=server.identity.cache_size,
            link_offer=access.linking.offer if access.linking is not None else None,
            elsewhere={target.name: (target.odoo, Policy(target.policy)) for target in targets[1:]},
        )
    else:
        identity = _service_identity(odoo)
        services = [(t.name, _service_identity(t.odoo), Policy(t.policy)) for t in targets]
    changes = subscription_backend(
        access.redis if access is not None else None,
        url=odoo.url,
        db=odoo.db or "",
        interval_seconds=server.live.subscription_interval_seconds,
    )

    @asynccontextmanager
    async def lifespan(_: MCPServer[Runtime]) -> AsyncIterator[Runtime]:
        async with AsyncExitStack() as stack:
            gateways: GatewaySource
            named: dict[str, GatewaySource] = {}
            if isinstance(identity, PassthroughGateways):
                gateways = identity
                named = {target.name: identity.on(target.name) for target in targets}
                stack.push_async_callback(identity.aclose)
                logger.info("identity mode passthrough: each caller acts in Odoo as its own mapped user")
            else:
                named = {name: shared(service, target_policy) for name, service, target_policy in services}
                gateways = next(iter(named.values())) if named else shared(identity, policy)
                for source in list(named.values()) or [gateways]:
                    stack.push_async_callback(source.aclose)
                _announce_shared_identity(identity, server)
            if access is not None:
                stack.push_async_callback(access.aclose)
                await access.start()
            if owned_audit:
                stack.push_async_callback(audit_log.aclose)
            try:
                await audit_log.ensure_ready()
            except AuditUnavailable as exc:
                logger.error("audit log unavailable, tool calls will not be audited: %s", exc)
            runtime = Runtime(
                gateways=gateways,
                audit=audit_log,
                audit_required_for_writes=server.audit.required_for_writes,
                guard=access.call_guard() if access is not None else None,
                targets=named,
            )
            stack.push_async_callback(runtime.settle)
            await stack.enter_async_context(changes.running())
            await stack.enter_async_context(live.running())
            await stack.enter_async_context(long_jobs.running())
            yield runtime

    long_jobs = LongJobs.from_settings(server.jobs)
    mcp: MCPServer[Runtime] = MCPServer(
        SERVER_NAME,
        title="Odoo",
        instructions=instructions(server, targets),
        version=__version__,
        lifespan=lifespan,
        token_verifier=access.token_verifier if access is not None else None,
        auth=access.auth if access is not None else None,
        request_state_security=access.request_state if access is not None else None,
        middleware=[identity] if isinstance(identity, PassthroughGateways) else None,
        extensions=[views_extension(), long_jobs.extension],
        cache_hints=cache_hints(per_caller=access is not None and access.auth is not None),
        subscriptions=changes.bus,
    )
    kit = build_kit(
        mcp,
        server.surface,
        policy,
        confirmation_secret=server.confirmation_secret,
        used_nonces=access.used_nonces if access is not None else None,
        idempotency=access.idempotency if access is not None else None,
        clock=clock,
        targets=[target.name for target in targets],
    )
    register_core_tools(kit)
    long_jobs.register(kit)
    install_packs(kit)
    register_resources(kit)
    live = install_subscriptions(
        mcp,
        bus=changes.bus,
        store=changes.store,
        identities=CallerIdentities(identity)
        if isinstance(identity, PassthroughGateways)
        else shared_identity,
        queries=[query.saved() for query in server.live.saved_queries],
        odoo_targets=[target.name for target in targets],
        interval=server.live.subscription_interval_seconds,
        cap=server.live.subscription_cap,
        query_cap=server.live.subscription_query_cap,
    )
    register_prompts(mcp, server.surface)
    if isinstance(identity, PassthroughGateways) and access is not None and access.identities is not None:
        register_account_tools(kit, access.identities, identity)
    clear_request_errors(mcp)
    bound_arguments(mcp)
    if access is not None and access.auth is not None:
        from mcp_odoo.http.write_scope import ScopedToolList

        mcp.middleware.append(ScopedToolList())
    return mcp
