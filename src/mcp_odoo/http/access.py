"""Everything the multi-user HTTP server adds to the MCP server, built from the HTTP and identity settings.

`build_access` turns the auth, identity, rate-limit and request-state settings into the objects the
SDK and the runtime take (token verifier, `AuthSettings`, `RequestStateSecurity`, rate limiter,
metrics, identity store, and with Redis the spent confirmation nonces and idempotency entries that
replicas share) and the readiness checks of `/readyz`. Nothing is opened until `start`;
`aclose` closes what was opened. Secrets come from the settings, never from the environment here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx2
from mcp.server.auth.provider import TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.request_state import RequestStateSecurity

from mcp_odoo.calls.confirm import MemoryNonces, RedisNonces, UsedNonces
from mcp_odoo.calls.idempotency import IdempotencyStore, RedisIdempotencyStore
from mcp_odoo.config import ConfigError
from mcp_odoo.http.auth import IntrospectionTokenVerifier, IssuerPolicy, JWTTokenVerifier
from mcp_odoo.http.call_guard import HttpCallGuard
from mcp_odoo.http.linking import AccountLinking
from mcp_odoo.http.metrics import Metrics, ReadinessCheck
from mcp_odoo.http.ratelimit import InMemoryRateLimiter, RateLimiter, RateLimits, RedisRateLimiter
from mcp_odoo.http.settings import AuthMode, HttpSettings
from mcp_odoo.http.static_tokens import StaticTokens, StaticTokenVerifier
from mcp_odoo.identity import IdentityStore, SecretBox, StoreBackend, backend_for
from mcp_odoo.identity.linking import AccountLinkOffer, LinkTickets, link_key
from mcp_odoo.identity.odoo_login import odoo_key_check
from mcp_odoo.identity.settings import IdentityMode, IdentitySettings
from mcp_odoo.odoo.settings import OdooTarget

if TYPE_CHECKING:
    import redis.asyncio as aioredis

logger = logging.getLogger(__name__)

Closer = Callable[[], Awaitable[None]]


@dataclass
class HttpAccess:
    """The multi-user server's parts; `identities` is set in passthrough mode only."""

    settings: HttpSettings
    metrics: Metrics
    limiter: RateLimiter
    token_verifier: TokenVerifier | None = None
    auth: AuthSettings | None = None
    request_state: RequestStateSecurity | None = None
    backend: StoreBackend | None = None
    identities: IdentityStore | None = None
    used_nonces: UsedNonces | None = None
    """Spent confirmation-token nonces shared by the replicas (Redis); None: in this process."""
    idempotency: IdempotencyStore | None = None
    """Idempotency entries shared by the replicas (Redis); None: in this process."""
    linking: AccountLinking | None = None
    """People linking their own Odoo account (passthrough mode with MCP_ODOO_SELF_LINKING)."""
    redis: aioredis.Redis | None = None
    """The replicas' shared Redis (MCP_ODOO_REDIS_URL): change subscriptions fan out through it."""
    readiness: dict[str, ReadinessCheck] = field(default_factory=dict)
    _closers: list[Closer] = field(default_factory=list)

    @property
    def passthrough(self) -> bool:
        return self.identities is not None

    def call_guard(self) -> HttpCallGuard:
        """What every tool call, resource read and prompt passes on this server: scopes, rate limits,
        metrics."""
        return HttpCallGuard(self.limiter, self.metrics)

    async def start(self) -> None:
        """Create the identity store's tables when missing."""
        if self.backend is not None:
            await self.backend.setup()

    async def aclose(self) -> None:
        for close in reversed(self._closers):
            try:
                await close()
            except Exception as exc:
                logger.warning("closing %r failed: %s", close, exc)
        self._closers.clear()


def identity_backend(settings: IdentitySettings) -> StoreBackend:
    """The identity store's backend (`MCP_ODOO_IDENTITY_STORE`): SQLite file or PostgreSQL."""
    try:
        return backend_for(settings.store, schema=settings.store_schema)
    except ValueError as exc:
        raise ConfigError(f"MCP_ODOO_IDENTITY_SCHEMA: {exc}") from None


def secret_box(settings: IdentitySettings) -> SecretBox:
    if settings.secret_key is None:
        raise ConfigError("MCP_ODOO_SECRET_KEY is not set: it encrypts the stored Odoo API keys")
    return SecretBox(settings.secret_key.get_secret_value())


def request_state_security(settings: HttpSettings) -> RequestStateSecurity | None:
    """Shared keys for multi-round-trip state (every replica must have the same); None: per process."""
    if settings.request_state_keys is None:
        return None
    keys = [key.strip() for key in settings.request_state_keys.get_secret_value().split(",") if key.strip()]
    try:
        return RequestStateSecurity(keys=keys)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"MCP_ODOO_REQUEST_STATE_KEYS: {exc}") from None


def _token_verifier(
    settings: HttpSettings, backend: StoreBackend | None, issuer_http: httpx2.AsyncClient | None
) -> TokenVerifier | None:
    if settings.auth_mode is AuthMode.STATIC:
        assert backend is not None
        return StaticTokenVerifier(StaticTokens(backend), resource=settings.audience)
    if settings.auth_mode is AuthMode.NONE:
        return None
    assert settings.oauth_issuer is not None
    assert settings.audience is not None
    policy = IssuerPolicy(settings.oauth_issuer, settings.audience)
    if settings.oauth_jwks_url is not None:
        return JWTTokenVerifier(policy, settings.oauth_jwks_url, http_client=issuer_http)
    assert settings.oauth_introspection_url is not None
    assert settings.oauth_client_id is not None
    assert settings.oauth_client_secret is not None
    return IntrospectionTokenVerifier(
        policy,
        settings.oauth_introspection_url,
        settings.oauth_client_id,
        settings.oauth_client_secret.get_secret_value(),
        http_client=issuer_http,
    )


def _auth_settings(settings: HttpSettings) -> AuthSettings | None:
    if settings.auth_mode is AuthMode.NONE:
        return None
    # Static tokens come from this server itself, so it names itself as their issuer.
    issuer = settings.oauth_issuer if settings.auth_mode is AuthMode.OAUTH else settings.public_url
    return AuthSettings.model_validate(
        {
            "issuer_url": issuer,
            "resource_server_url": settings.audience,
            "required_scopes": settings.required_scopes,
            "validate_token_resource": True,
        }
    )


def _redis_client(settings: HttpSettings, closers: list[Closer]) -> aioredis.Redis | None:
    """The client of `MCP_ODOO_REDIS_URL` (closed with the access), or None when it is not set."""
    if settings.redis_url is None:
        return None
    try:
        import redis.asyncio as aioredis
    except ImportError:
        raise ConfigError("MCP_ODOO_REDIS_URL needs the redis extra: pip install 'mcp-odoo[redis]'") from None
    client = aioredis.Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=5)
    closers.append(client.aclose)
    return client


def _pinger(client: aioredis.Redis) -> ReadinessCheck:
    async def redis_ready() -> None:
        await client.ping()

    return redis_ready


def _rate_limiter(settings: HttpSettings, client: aioredis.Redis | None) -> RateLimiter:
    limits = RateLimits(
        requests_per_window=settings.rate_limit_requests,
        writes_per_window=settings.rate_limit_writes,
        window_seconds=settings.rate_limit_window_seconds,
    )
    return InMemoryRateLimiter(limits) if client is None else RedisRateLimiter(client, limits)


def odoo_reachable(odoo: OdooTarget, transport: httpx2.AsyncBaseTransport | None) -> ReadinessCheck:
    """Asks Odoo its version, which needs no login: the server answers and is an Odoo."""
    body: dict[str, Any] = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": "common", "method": "version", "args": []},
        "id": 1,
    }

    async def check() -> None:
        async with httpx2.AsyncClient(transport=transport, timeout=odoo.timeout) as client:
            response = await client.post(f"{odoo.url}/jsonrpc", json=body)
        if response.status_code != 200 or "result" not in response.json():
            raise RuntimeError(f"{odoo.url} answered HTTP {response.status_code} without a version")

    return check


def account_linking(
    odoo: OdooTarget,
    http: HttpSettings,
    identity: IdentitySettings,
    store: IdentityStore,
    used: UsedNonces,
    odoo_transport: httpx2.AsyncBaseTransport | None,
) -> AccountLinking:
    """The account-linking page and offer: links signed with a key derived from MCP_ODOO_SECRET_KEY."""
    assert identity.secret_key is not None
    assert http.public_url is not None
    tickets = LinkTickets(
        link_key(identity.secret_key.get_secret_value()), used, ttl_seconds=identity.link_ttl_seconds
    )
    return AccountLinking(
        tickets=tickets,
        offer=AccountLinkOffer(tickets, http.public_url),
        store=store,
        verify=odoo_key_check(odoo, transport=odoo_transport),
        public_url=http.public_url,
        allowed_origins=tuple(http.allowed_origins),
    )


def build_access(
    odoo: OdooTarget,
    settings: HttpSettings,
    identity: IdentitySettings,
    *,
    odoo_transport: httpx2.AsyncBaseTransport | None = None,
    issuer_http: httpx2.AsyncClient | None = None,
) -> HttpAccess:
    """The parts the settings ask for; ConfigError (one line) when they cannot be built.

    `odoo_transport` replaces the network to Odoo, `issuer_http` the client reaching the OAuth issuer
    (tests serve both in process); the caller closes `issuer_http`.
    """
    closers: list[Closer] = []
    passthrough = identity.mode is IdentityMode.PASSTHROUGH
    backend = identity_backend(identity) if settings.auth_mode is AuthMode.STATIC or passthrough else None
    if backend is not None:
        closers.append(backend.aclose)
    identities = IdentityStore(backend, secret_box(identity)) if backend is not None and passthrough else None
    verifier = _token_verifier(settings, backend, issuer_http)
    if isinstance(verifier, JWTTokenVerifier | IntrospectionTokenVerifier):
        closers.append(verifier.aclose)
    redis = _redis_client(settings, closers)
    readiness: dict[str, ReadinessCheck] = {"odoo": odoo_reachable(odoo, odoo_transport)}
    if backend is not None:
        readiness["identity_store"] = backend.ping
    if redis is not None:
        readiness["rate_limit_store"] = _pinger(redis)
    used_nonces = RedisNonces(redis) if redis is not None else None
    linking = (
        account_linking(odoo, settings, identity, identities, used_nonces or MemoryNonces(), odoo_transport)
        if identities is not None and identity.self_linking
        else None
    )
    return HttpAccess(
        settings=settings,
        metrics=Metrics(),
        limiter=_rate_limiter(settings, redis),
        token_verifier=verifier,
        auth=_auth_settings(settings),
        request_state=request_state_security(settings),
        backend=backend,
        identities=identities,
        used_nonces=used_nonces,
        idempotency=RedisIdempotencyStore(redis) if redis is not None else None,
        linking=linking,
        redis=redis,
        readiness=readiness,
        _closers=closers,
    )
