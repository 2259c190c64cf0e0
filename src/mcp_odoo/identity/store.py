"""Subjects mapped to their own Odoo credentials, the API keys encrypted at rest.

A key is checked against Odoo (through the ``verify`` callable the caller passes) before it is
stored, so a mapping in the store always worked at least once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from mcp_odoo.identity.records import IdentityRow, Origin, StoreBackend
from mcp_odoo.identity.secretbox import SecretBox

VerifyCredentials = Callable[[str, str], Awaitable[None]]
"""``await verify(login, api_key)`` returns when Odoo accepts the pair and raises otherwise."""


class IdentityError(Exception):
    """An identity operation that cannot be done; the message is safe to show (no secrets)."""


class IdentityExists(IdentityError):
    pass


class UnknownIdentity(IdentityError):
    pass


@dataclass(frozen=True)
class OdooCredentials:
    """How one subject signs in to Odoo; the key never appears in a repr."""

    login: str
    api_key: str = field(repr=False)


@dataclass(frozen=True)
class IdentitySummary:
    """What may be listed about a mapping: everything but the key."""

    subject: str
    login: str
    created_at: str
    updated_at: str
    origin: Origin = "operator"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _summary(row: IdentityRow) -> IdentitySummary:
    return IdentitySummary(row.subject, row.login, row.created_at, row.updated_at, row.origin)


def _require_text(value: str, what: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise IdentityError(f"{what} must not be empty")
    return stripped


class IdentityStore:
    def __init__(self, backend: StoreBackend, box: SecretBox) -> None:
        self._backend = backend
        self._box = box

    @property
    def backend(self) -> StoreBackend:
        return self._backend

    async def add(
        self,
        subject: str,
        login: str,
        api_key: str,
        *,
        verify: VerifyCredentials,
        origin: Origin = "operator",
    ) -> IdentitySummary:
        """Map a new subject after Odoo accepted ``login``/``api_key``; IdentityExists when already mapped.

        `origin` records who mapped it: an operator, or the person on the account-linking page.
        """
        subject, login = _require_text(subject, "subject"), _require_text(login, "login")
        already_mapped = IdentityExists(
            f"subject {subject!r} is already mapped; use rotate to change its key"
        )
        if await self._backend.get_identity(subject) is not None:
            raise already_mapped
        await verify(login, api_key)
        now = utc_now()
        row = IdentityRow(subject, login, self._box.encrypt(api_key), now, now, origin)
        if not await self._backend.insert_identity(row):
            raise already_mapped
        return _summary(row)

    async def rotate(
        self, subject: str, api_key: str, *, verify: VerifyCredentials, login: str | None = None
    ) -> IdentitySummary:
        """Replace a subject's API key (and login when given) after Odoo accepted the new pair."""
        current = await self._backend.get_identity(subject)
        if current is None:
            raise UnknownIdentity(f"subject {subject!r} is not mapped")
        new_login = current.login if login is None else _require_text(login, "login")
        await verify(new_login, api_key)
        row = replace(
            current, login=new_login, api_key_ciphertext=self._box.encrypt(api_key), updated_at=utc_now()
        )
        if not await self._backend.update_identity(row):
            raise UnknownIdentity(f"subject {subject!r} was removed meanwhile")
        return _summary(row)

    async def get(self, subject: str) -> OdooCredentials | None:
        """The subject's Odoo credentials, decrypted; None when the subject is not mapped."""
        row = await self._backend.get_identity(subject)
        if row is None:
            return None
        return OdooCredentials(row.login, self._box.decrypt(row.api_key_ciphertext))

    async def list(self) -> list[IdentitySummary]:
        return [_summary(row) for row in await self._backend.list_identities()]

    async def remove(self, subject: str) -> None:
        if not await self._backend.delete_identity(subject):
            raise UnknownIdentity(f"subject {subject!r} is not mapped")

    async def reencrypt_all(self) -> int:
        """Re-encrypt every stored key with the first secret key (after adding one); returns the count."""
        rows = await self._backend.list_identities()
        for row in rows:
            await self._backend.update_identity(
                replace(row, api_key_ciphertext=self._box.reencrypt(row.api_key_ciphertext))
            )
        return len(rows)

    def __repr__(self) -> str:
        return f"IdentityStore({self._backend!r})"
