"""What the identity store keeps, row by row, and the protocol every storage backend implements.

Rows hold secrets only in protected form: an identity's API key encrypted (see ``secretbox``), a
static token as a salted SHA-256 digest. Their reprs never show either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Origin = Literal["operator", "self"]
"""Who mapped an identity: an operator (``mcp-odoo users add``) or the person (the account-linking page)."""


@dataclass(frozen=True)
class IdentityRow:
    """One subject mapped to one Odoo login; ``api_key_ciphertext`` is the encrypted API key."""

    subject: str
    login: str
    api_key_ciphertext: str = field(repr=False)
    created_at: str
    updated_at: str
    origin: Origin = "operator"


@dataclass(frozen=True)
class TokenRow:
    """One static bearer token: its public id, owner and scopes, and the salted digest of its secret."""

    token_id: str
    subject: str
    scopes: tuple[str, ...]
    salt: str = field(repr=False)
    digest: str = field(repr=False)
    created_at: str


class StoreBackend(Protocol):
    """Durable storage for identities and static tokens (SQLite or PostgreSQL)."""

    async def setup(self) -> None:
        """Create the tables when missing; safe to call on every start."""

    async def ping(self) -> None:
        """Raise when the storage cannot be reached (used by readiness)."""

    async def insert_identity(self, row: IdentityRow) -> bool:
        """Store a new mapping; False when the subject is already mapped."""

    async def update_identity(self, row: IdentityRow) -> bool:
        """Replace login, key and updated_at of a mapped subject; False when it is not mapped."""

    async def get_identity(self, subject: str) -> IdentityRow | None: ...

    async def list_identities(self) -> list[IdentityRow]:
        """All mappings, ordered by subject."""

    async def delete_identity(self, subject: str) -> bool: ...

    async def insert_token(self, row: TokenRow) -> None: ...

    async def get_token(self, token_id: str) -> TokenRow | None: ...

    async def list_tokens(self) -> list[TokenRow]:
        """All tokens, ordered by subject then creation."""

    async def delete_token(self, token_id: str) -> bool: ...

    async def aclose(self) -> None: ...
