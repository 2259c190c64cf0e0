"""Which Odoo gateway serves a request: the service user's (shared) or the caller's own (passthrough).

In passthrough mode every authenticated subject gets its own connector and gateway, built on first
use from its stored credentials and kept in a bounded least-recently-used cache. A gateway holds
everything that depends on the Odoo user's rights (uid, field metadata, readable models), so
nothing is shared between identities. A subject without a mapping gets a gateway that refuses
every call with a clear error: it never falls back to the service identity.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext

from mcp_odoo.identity.odoo_login import odoo_settings_for
from mcp_odoo.identity.store import IdentityStore, OdooCredentials
from mcp_odoo.odoo import OdooCall, OdooClient
from mcp_odoo.odoo.reports import PdfFetcher
from mcp_odoo.odoo.settings import OdooSettings, OdooTarget
from mcp_odoo.policy import OdooGateway, Policy, PolicyError, Refused

logger = logging.getLogger(__name__)

ClientFactory = Callable[[OdooSettings], OdooClient]
Clock = Callable[[], float]

ODOO_METHODS = frozenset({"tools/call", "resources/read", "prompts/get", "completion/complete"})
"""The MCP requests that may reach Odoo, so the only ones that need the caller's gateway."""


class LinkOffer(Protocol):
    """What answers a caller with no Odoo user (e.g. `mcp_odoo.identity.linking.AccountLinkOffer`)."""

    hint: str
    """What such a caller is told when its request is refused."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], subject: str) -> HandlerResult:
        """An answer to the request (or raise a protocol error); None: refuse it as usual."""


class SharedGateway:
    """One service identity for every caller (stdio, or HTTP in shared mode)."""

    def __init__(self, gateway: OdooGateway, client: OdooClient) -> None:
        self._gateway = gateway
        self._client = client

    def current(self) -> OdooGateway:
        return self._gateway

    async def aclose(self) -> None:
        await self._client.aclose()


class UnknownSubject(Refused):
    """The caller authenticated, but no Odoo user is mapped to its subject."""


class IdentityUnavailable(PolicyError):
    """The identity store could not be read, so the caller's Odoo user is not known right now."""

    kind = "identity_unavailable"
    retryable = True


class _RefusingConnector:
    """A connector that refuses every call with one error: the caller never reaches Odoo."""

    def __init__(self, error: PolicyError) -> None:
        self._error = error

    def _refuse(self) -> NoReturn:
        raise self._error

    async def connect(self) -> Any:
        self._refuse()

    async def execute(self, call: OdooCall) -> Any:
        self._refuse()

    def pdf_fetcher(self) -> PdfFetcher:
        self._refuse()


@dataclass(frozen=True)
class _Bound:
    """A caller's gateways: on the default Odoo target, and on each other one of a server with several."""

    gateway: OdooGateway
    elsewhere: dict[str, OdooGateway] = field(default_factory=dict)

    def on(self, target: str | None) -> OdooGateway:
        """The gateway on `target`; the default one for None or the default target's own name, and for
        every target when the caller is refused (a refusing gateway has nothing elsewhere)."""
        return self.elsewhere.get(target, self.gateway) if target is not None else self.gateway


@dataclass
class _Entry:
    credentials: OdooCredentials
    clients: list[OdooClient]
    bound: _Bound
    checked_at: float

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


@dataclass(frozen=True)
class TargetGateways:
    """The request's caller on one named Odoo target (a `GatewaySource` view of `PassthroughGateways`)."""

    gateways: PassthroughGateways
    target: str

    def current(self) -> OdooGateway:
        return self.gateways.current_on(self.target)

    async def aclose(self) -> None:
        """Nothing of its own: `PassthroughGateways.aclose` closes every target's connections."""


class PassthroughGateways(ServerMiddleware[Any]):
    """Each caller's own gateway, bound for the duration of each request that may reach Odoo.

    Installed as a server middleware: before a tool call, resource read or prompt it resolves the
    caller's subject (from the verified access token) to its gateway; ``current`` returns it. A cached
    mapping is checked against the store again after ``recheck_seconds``, so a removed or rotated
    identity stops being used within that delay.
    """

    def __init__(
        self,
        base: OdooTarget,
        policy: Policy,
        store: IdentityStore,
        *,
        client_factory: ClientFactory,
        capacity: int = 256,
        recheck_seconds: float = 60.0,
        clock: Clock = time.monotonic,
        link_offer: LinkOffer | None = None,
        elsewhere: Mapping[str, tuple[OdooTarget, Policy]] | None = None,
    ) -> None:
        """`base` and `policy` are the default Odoo target's; `elsewhere` names the other targets of a
        server with several, where each caller signs in with the same stored login and key."""
        self._base = base
        self._policy = policy
        self._elsewhere = dict(elsewhere or {})
        self._store = store
        self._client_factory = client_factory
        self._capacity = capacity
        self._recheck_seconds = recheck_seconds
        self._clock = clock
        self._link_offer = link_offer
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = asyncio.Lock()
        self._bound: ContextVar[_Bound | None] = ContextVar("mcp_odoo_caller_gateways", default=None)

    def _refusing(self, error: PolicyError) -> OdooGateway:
        return OdooGateway(_RefusingConnector(error), self._policy)

    def current(self) -> OdooGateway:
        return self.current_on(None)

    def current_on(self, target: str | None) -> OdooGateway:
        """The request's gateway on the Odoo target `target` (None: the default one)."""
        bound = self._bound.get()
        return bound.on(target) if bound is not None else self._no_caller()

    def on(self, target: str) -> TargetGateways:
        return TargetGateways(self, target)

    def _no_caller(self) -> OdooGateway:
        return self._refusing(
            UnknownSubject(
                "this server acts as each caller's own Odoo user; this request has no authenticated caller",
                hint="connect with a bearer token",
            )
        )

    @property
    def cached_subjects(self) -> list[str]:
        """Subjects with an open connection, least recently used first."""
        return list(self._entries)

    async def gateway_for(self, subject: str, target: str | None = None) -> OdooGateway:
        """``subject``'s gateway (cached) on `target` (None: the default one), or one refusing every call
        when the subject is not mapped."""
        bound = await self._mapped(subject)
        return bound.on(target) if bound is not None else self._unmapped(subject)

    def _unmapped(self, subject: str) -> OdooGateway:
        logger.warning("caller %r has no Odoo identity mapped", subject)
        hint = (
            self._link_offer.hint
            if self._link_offer is not None
            else "ask the administrator to run `mcp-odoo users add` for you; do not retry"
        )
        return self._refusing(
            UnknownSubject(f"no Odoo user is mapped to your identity ({subject!r}) on this server", hint=hint)
        )

    async def _mapped(self, subject: str) -> _Bound | None:
        """``subject``'s gateways (cached; refusing every call when the store is unreadable), or None when
        the subject is not mapped."""
        async with self._lock:
            now = self._clock()
            entry = self._entries.get(subject)
            if entry is not None and now - entry.checked_at < self._recheck_seconds:
                self._entries.move_to_end(subject)
                return entry.bound
            try:
                credentials = await self._store.get(subject)
            except Exception as exc:
                logger.error("identity store unreadable for a caller: %s: %s", type(exc).__name__, exc)
                return _Bound(
                    self._refusing(
                        IdentityUnavailable(
                            "the identity store cannot be read, so your Odoo user is not known right now",
                            hint="retry in a moment; tell the administrator if it persists",
                        )
                    )
                )
            if entry is not None and entry.credentials == credentials:
                entry.checked_at = now
                self._entries.move_to_end(subject)
                return entry.bound
            if entry is not None:
                await self._drop(subject)
            if credentials is None:
                return None
            return await self._open(subject, credentials, now)

    async def _open(self, subject: str, credentials: OdooCredentials, now: float) -> _Bound:
        """Open ``subject``'s connection to each Odoo target (lazily: none connects before its first call)."""
        client = self._client_factory(odoo_settings_for(self._base, credentials))
        clients = [client]
        elsewhere: dict[str, OdooGateway] = {}
        for target, (base, policy) in self._elsewhere.items():
            clients.append(self._client_factory(odoo_settings_for(base, credentials)))
            elsewhere[target] = OdooGateway(clients[-1], policy)
        entry = _Entry(credentials, clients, _Bound(OdooGateway(client, self._policy), elsewhere), now)
        self._entries[subject] = entry
        while len(self._entries) > self._capacity:
            await self._drop(next(iter(self._entries)))
        return entry.bound

    async def _drop(self, subject: str) -> None:
        await self._entries.pop(subject).aclose()

    async def forget(self, subject: str) -> None:
        """Close ``subject``'s cached connection now (its identity was just removed from the store)."""
        async with self._lock:
            if subject in self._entries:
                await self._drop(subject)

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method not in ODOO_METHODS:
            return await call_next(ctx)
        token = get_access_token()
        subject = token.subject if token is not None else None
        if not subject:
            serving = _Bound(self._no_caller())
        else:
            found = await self._mapped(subject)
            if found is None and self._link_offer is not None:
                offered = await self._link_offer(ctx, subject)
                if offered is not None:
                    return offered
            serving = found if found is not None else _Bound(self._unmapped(subject))
        bound = self._bound.set(serving)
        try:
            return await call_next(ctx)
        finally:
            self._bound.reset(bound)

    async def aclose(self) -> None:
        async with self._lock:
            while self._entries:
                await self._drop(next(iter(self._entries)))
