"""Static bearer tokens for small teams that run no OAuth issuer.

A token reads ``mcpo_<id>_<secret>``: the id is public (it names the token in ``tokens list`` and
``tokens revoke``), the secret is 256 random bits shown once at creation. Only a salted SHA-256
digest of the secret is stored; a slow hash would add nothing against a 256-bit random secret and
would cost every request. Digests are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from mcp.server.auth.provider import AccessToken

from mcp_odoo.http.auth import KNOWN_SCOPES, READ_SCOPE, VerifiedAccessToken
from mcp_odoo.identity.records import StoreBackend, TokenRow
from mcp_odoo.identity.store import IdentityError, UnknownIdentity, utc_now

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "mcpo"


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``token`` is shown to the operator once and never stored."""

    token_id: str
    subject: str
    scopes: tuple[str, ...]
    token: str = field(repr=False)


@dataclass(frozen=True)
class TokenSummary:
    token_id: str
    subject: str
    scopes: tuple[str, ...]
    created_at: str


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def _split(token: str) -> tuple[str, str] | None:
    prefix, _, rest = token.partition("_")
    token_id, _, secret = rest.partition("_")
    if prefix != TOKEN_PREFIX or not token_id or not secret:
        return None
    return token_id, secret


def _checked_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(scopes))
    if not chosen:
        raise IdentityError("a token needs at least one scope")
    unknown = [scope for scope in chosen if scope not in KNOWN_SCOPES]
    if unknown:
        raise IdentityError(
            f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_SCOPES))}"
        )
    return chosen


class StaticTokens:
    """Issue, list, revoke and check static tokens kept in the identity store's backend."""

    def __init__(self, backend: StoreBackend) -> None:
        self._backend = backend

    async def issue(self, subject: str, scopes: Iterable[str] = (READ_SCOPE,)) -> IssuedToken:
        subject = subject.strip()
        if not subject:
            raise IdentityError("subject must not be empty")
        chosen = _checked_scopes(scopes)
        token_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
        await self._backend.insert_token(
            TokenRow(token_id, subject, chosen, salt, _digest(salt, secret), utc_now())
        )
        return IssuedToken(token_id, subject, chosen, f"{TOKEN_PREFIX}_{token_id}_{secret}")

    async def list(self) -> list[TokenSummary]:
        return [
            TokenSummary(row.token_id, row.subject, row.scopes, row.created_at)
            for row in await self._backend.list_tokens()
        ]

    async def revoke(self, token_id: str) -> None:
        if not await self._backend.delete_token(token_id):
            raise UnknownIdentity(f"no token with id {token_id!r}")

    async def check(self, token: str) -> TokenRow | None:
        """The stored row when ``token`` is a live token, else None."""
        parts = _split(token)
        if parts is None:
            return None
        token_id, secret = parts
        row = await self._backend.get_token(token_id)
        if row is None or not hmac.compare_digest(_digest(row.salt, secret), row.digest):
            return None
        return row


class StaticTokenVerifier:
    """The SDK's TokenVerifier over static tokens: subject and scopes come from the stored row.

    ``resource`` is the server's own URL: static tokens are valid for this server only, so they name it
    as their resource, which lets them pass the SDK's ``validate_token_resource`` check.
    """

    def __init__(self, tokens: StaticTokens, *, resource: str | None = None) -> None:
        self._tokens = tokens
        self._resource = resource

    async def verify_token(self, token: str) -> AccessToken | None:
        row = await self._tokens.check(token)
        if row is None:
            logger.info("static bearer token refused: unknown, revoked or malformed")
            return None
        return VerifiedAccessToken(
            token=token,
            client_id=f"static-token:{row.token_id}",
            scopes=list(row.scopes),
            subject=row.subject,
            resource=self._resource,
            claims={"token_id": row.token_id},
        )
