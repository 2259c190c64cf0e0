"""Bearer-token verification for the HTTP transport, as an OAuth 2.1 resource server.

Two verifiers implement the SDK's ``TokenVerifier`` protocol (``verify_token(token) -> AccessToken | None``):

- ``JWTTokenVerifier``: a JWT signed by the issuer (RS256 or ES256), keys from the issuer's JWKS, cached
  and fetched again when a token names an unknown ``kid`` (key rotation), at most once per
  ``min_refresh_seconds`` so that forged ``kid`` values cannot hammer the issuer.
- ``IntrospectionTokenVerifier``: RFC 7662 introspection with client credentials.

Both apply the same claim checks (``check_claims``): issuer, audience (the resource), expiry and
not-before with a small leeway, a subject, and scopes read from ``scope`` or ``scp``. ``verify`` raises
``TokenRejected`` (the token is bad: 401) or ``IssuerUnavailable`` (we could not check it: a server-side
failure); ``verify_token`` logs either and answers None, so an issuer outage never crashes a request.

Scopes are checked per call with ``missing_scope``: ``odoo:read`` for reads, ``odoo:write`` for writes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx2
import jwt
from mcp.server.auth.provider import AccessToken
from pydantic import Field

logger = logging.getLogger(__name__)

READ_SCOPE = "odoo:read"
WRITE_SCOPE = "odoo:write"
KNOWN_SCOPES = frozenset({READ_SCOPE, WRITE_SCOPE})
SUPPORTED_ALGORITHMS = ("RS256", "ES256")

Clock = Callable[[], float]


class TokenRejected(Exception):
    """The token is not acceptable (signature, issuer, audience, time, subject, inactive...)."""


class IssuerUnavailable(Exception):
    """The issuer's JWKS or introspection endpoint could not be used, so no token can be checked."""


class VerifiedAccessToken(AccessToken):
    """The SDK's AccessToken, whose repr never shows the raw token."""

    token: str = Field(repr=False)


def missing_scope(token: AccessToken, *, is_write: bool) -> str | None:
    """The scope a read (``odoo:read``) or write (``odoo:write``) needs and ``token`` lacks, else None.

    A missing scope is answered with HTTP 403 ``error="insufficient_scope"`` (or a tool error naming it).
    """
    scope = WRITE_SCOPE if is_write else READ_SCOPE
    return None if scope in token.scopes else scope


@dataclass(frozen=True)
class IssuerPolicy:
    """What every accepted token must say: who issued it and which resource (audience) it is for."""

    issuer: str
    audience: str
    leeway_seconds: float = 30.0


def token_scopes(claims: Mapping[str, Any]) -> list[str]:
    """Scopes from ``scope`` (space-separated, RFC 8693/9068) or ``scp`` (a list or a string)."""
    raw = claims.get("scope", claims.get("scp"))
    if isinstance(raw, str):
        return raw.split()
    if isinstance(raw, list):
        return [str(item) for item in raw]
    return []


def _same_resource(left: str, right: str) -> bool:
    return left.rstrip("/") == right.rstrip("/")


def _numeric(claims: Mapping[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenRejected(f"claim {name!r} is not a number")
    return float(value)


def check_claims(
    token: str, claims: Mapping[str, Any], policy: IssuerPolicy, now: float, *, issuer_required: bool = True
) -> VerifiedAccessToken:
    """The access token the claims describe, or TokenRejected naming the first failed check."""
    issuer = claims.get("iss")
    if issuer is None and issuer_required:
        raise TokenRejected("token has no issuer (iss)")
    if issuer is not None and issuer != policy.issuer:
        raise TokenRejected(f"token issuer {issuer!r} is not {policy.issuer!r}")
    audiences = claims.get("aud")
    audience_list = (
        [audiences] if isinstance(audiences, str) else audiences if isinstance(audiences, list) else []
    )
    if not any(isinstance(aud, str) and _same_resource(aud, policy.audience) for aud in audience_list):
        raise TokenRejected(f"token audience {audiences!r} does not include {policy.audience!r}")
    expires_at = _numeric(claims, "exp")
    if expires_at is None:
        raise TokenRejected("token has no expiry (exp)")
    if expires_at <= now - policy.leeway_seconds:
        raise TokenRejected("token has expired")
    not_before = _numeric(claims, "nbf")
    if not_before is not None and not_before > now + policy.leeway_seconds:
        raise TokenRejected("token is not valid yet (nbf)")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise TokenRejected("token has no subject (sub)")
    client_id = claims.get("client_id", claims.get("azp", subject))
    return VerifiedAccessToken(
        token=token,
        client_id=str(client_id),
        scopes=token_scopes(claims),
        expires_at=int(expires_at),
        resource=policy.audience,
        subject=subject,
        claims={"iss": issuer} if issuer is not None else None,
    )


class _Verifier(ABC):
    """Turns ``verify``'s exceptions into the SDK protocol's None, logging why.

    Uses the caller's HTTP client when given (and leaves it open), else its own, closed by ``aclose``.
    """

    def __init__(self, http_client: httpx2.AsyncClient | None) -> None:
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx2.AsyncClient(timeout=10.0)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    @abstractmethod
    async def verify(self, token: str) -> VerifiedAccessToken:
        """The access token, or TokenRejected / IssuerUnavailable."""

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            return await self.verify(token)
        except TokenRejected as exc:
            logger.info("bearer token refused: %s", exc)
        except IssuerUnavailable as exc:
            logger.error("bearer token not checked: %s", exc)
        return None


class JWKSCache:
    """The issuer's signing keys by ``kid``: kept ``cache_seconds``, fetched again for an unknown ``kid``.

    Fetches (successful or not) are at most one per ``min_refresh_seconds``; when a fetch of a known key
    fails, the cached key keeps working rather than failing every request during an issuer outage.
    """

    def __init__(
        self,
        jwks_url: str,
        http_client: httpx2.AsyncClient,
        *,
        cache_seconds: float = 300.0,
        min_refresh_seconds: float = 30.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._url = jwks_url
        self._http = http_client
        self._cache_seconds = cache_seconds
        self._min_refresh_seconds = min_refresh_seconds
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._last_failure: IssuerUnavailable | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK:
        async with self._lock:
            now = self._clock()
            fresh = self._fetched_at is not None and now - self._fetched_at < self._cache_seconds
            if not (fresh and kid in self._keys):
                await self._refresh_unless_throttled(now, have_key=kid in self._keys)
        found = self._keys.get(kid)
        if found is None:
            raise TokenRejected(f"token key id {kid!r} is not in the issuer's JWKS")
        return found

    async def _refresh_unless_throttled(self, now: float, *, have_key: bool) -> None:
        throttled = self._attempted_at is not None and now - self._attempted_at < self._min_refresh_seconds
        if throttled:
            if self._last_failure is not None and not have_key:
                raise self._last_failure
            return
        self._attempted_at = now
        try:
            self._keys = await self._fetch()
        except IssuerUnavailable as exc:
            self._last_failure = exc
            if not have_key:
                raise
            logger.warning("%s; using the cached key", exc)
            return
        self._fetched_at, self._last_failure = now, None

    async def _fetch(self) -> dict[str, jwt.PyJWK]:
        try:
            response = await self._http.get(self._url, headers={"Accept": "application/json"})
        except httpx2.HTTPError as exc:
            raise IssuerUnavailable(f"JWKS {self._url} unreachable: {type(exc).__name__}: {exc}") from None
        if response.status_code != 200:
            raise IssuerUnavailable(f"JWKS {self._url} answered HTTP {response.status_code}")
        try:
            entries = response.json()["keys"]
        except (ValueError, KeyError, TypeError):
            raise IssuerUnavailable(f"JWKS {self._url} did not answer a JSON key set") from None
        keys: dict[str, jwt.PyJWK] = {}
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or "kid" not in entry or entry.get("use", "sig") != "sig":
                continue
            try:
                keys[str(entry["kid"])] = jwt.PyJWK(entry)
            except jwt.PyJWTError as exc:
                logger.warning("JWKS %s: key %r skipped: %s", self._url, entry["kid"], exc)
        return keys


class JWTTokenVerifier(_Verifier):
    """Verifies JWT access tokens against the issuer's JWKS."""

    def __init__(
        self,
        policy: IssuerPolicy,
        jwks_url: str,
        *,
        http_client: httpx2.AsyncClient | None = None,
        algorithms: Sequence[str] = SUPPORTED_ALGORITHMS,
        cache_seconds: float = 300.0,
        min_refresh_seconds: float = 30.0,
        monotonic: Clock = time.monotonic,
        clock: Clock = time.time,
    ) -> None:
        unsupported = set(algorithms) - set(SUPPORTED_ALGORITHMS)
        if unsupported:
            raise ValueError(f"unsupported algorithm(s) {sorted(unsupported)}; use {SUPPORTED_ALGORITHMS}")
        self._policy = policy
        self._algorithms = tuple(algorithms)
        super().__init__(http_client)
        self._keys = JWKSCache(
            jwks_url,
            self._http,
            cache_seconds=cache_seconds,
            min_refresh_seconds=min_refresh_seconds,
            clock=monotonic,
        )
        self._clock = clock

    async def verify(self, token: str) -> VerifiedAccessToken:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenRejected("token is not a JWT") from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in self._algorithms:
            raise TokenRejected(f"token algorithm {algorithm!r} is not one of {self._algorithms}")
        if not isinstance(kid, str):
            raise TokenRejected("token header has no key id (kid)")
        key = await self._keys.key(kid)
        if key.algorithm_name != algorithm:
            raise TokenRejected(
                f"token algorithm {algorithm!r} does not match key {kid!r} ({key.algorithm_name})"
            )
        # PyJWT checks only the signature here: check_claims applies the time, issuer and audience
        # rules, the same for JWTs and introspection answers, on the verifier's clock.
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                },
            )
        except jwt.InvalidSignatureError:
            raise TokenRejected("token signature is invalid") from None
        except jwt.PyJWTError as exc:
            raise TokenRejected(f"token cannot be decoded: {exc}") from None
        return check_claims(token, claims, self._policy, self._clock())


class IntrospectionTokenVerifier(_Verifier):
    """Asks the issuer about each token (RFC 7662), authenticating with client credentials (HTTP Basic)."""

    def __init__(
        self,
        policy: IssuerPolicy,
        introspection_url: str,
        client_id: str,
        client_secret: str,
        *,
        http_client: httpx2.AsyncClient | None = None,
        clock: Clock = time.time,
    ) -> None:
        self._policy = policy
        self._url = introspection_url
        self._credentials = httpx2.BasicAuth(client_id, client_secret)
        super().__init__(http_client)
        self._clock = clock

    async def verify(self, token: str) -> VerifiedAccessToken:
        try:
            response = await self._http.post(
                self._url,
                data={"token": token, "token_type_hint": "access_token"},
                auth=self._credentials,
                headers={"Accept": "application/json"},
            )
        except httpx2.HTTPError as exc:
            raise IssuerUnavailable(
                f"introspection {self._url} unreachable: {type(exc).__name__}: {exc}"
            ) from None
        if response.status_code in (401, 403):
            raise IssuerUnavailable(
                f"introspection {self._url} refused our client credentials (HTTP {response.status_code})"
            )
        if response.status_code != 200:
            raise IssuerUnavailable(f"introspection {self._url} answered HTTP {response.status_code}")
        try:
            claims = response.json()
        except ValueError:
            raise IssuerUnavailable(f"introspection {self._url} did not answer JSON") from None
        if not isinstance(claims, dict) or claims.get("active") is not True:
            raise TokenRejected("token is not active")
        return check_claims(token, claims, self._policy, self._clock(), issuer_required=False)
