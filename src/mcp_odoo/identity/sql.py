"""The SQL both backends share; each backend supplies only how a statement is executed."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcp_odoo.identity.records import IdentityRow, Origin, TokenRow

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_IDENTITY_COLUMNS = "subject, login, api_key_ciphertext, created_at, updated_at, origin"
ORIGIN_COLUMN = "origin TEXT NOT NULL DEFAULT 'operator'"
"""Added to stores created before people could link their own account (see each backend's setup)."""
_TOKEN_COLUMNS = "token_id, subject, scopes, salt, digest, created_at"


def checked_identifier(name: str, what: str) -> str:
    """``name`` when it is a plain lower-case SQL identifier, so it can be written into statements."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"{what} {name!r} must be a lower-case SQL identifier (letters, digits, _)")
    return name


@dataclass(frozen=True)
class Statements:
    create: tuple[str, ...]
    insert_identity: str
    update_identity: str
    get_identity: str
    list_identities: str
    delete_identity: str
    insert_token: str
    get_token: str
    list_tokens: str
    delete_token: str


def build_statements(prefix: str, placeholder: str) -> Statements:
    """Statements over the tables ``<prefix>identities`` and ``<prefix>static_tokens``."""
    identities, tokens, p = f"{prefix}identities", f"{prefix}static_tokens", placeholder
    return Statements(
        create=(
            f"CREATE TABLE IF NOT EXISTS {identities} (subject TEXT PRIMARY KEY, login TEXT NOT NULL, "
            "api_key_ciphertext TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
            f"{ORIGIN_COLUMN})",
            f"CREATE TABLE IF NOT EXISTS {tokens} (token_id TEXT PRIMARY KEY, subject TEXT NOT NULL, "
            "scopes TEXT NOT NULL, salt TEXT NOT NULL, digest TEXT NOT NULL, created_at TEXT NOT NULL)",
        ),
        insert_identity=(
            f"INSERT INTO {identities} ({_IDENTITY_COLUMNS}) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
            "ON CONFLICT (subject) DO NOTHING"
        ),
        update_identity=(
            f"UPDATE {identities} SET login = {p}, api_key_ciphertext = {p}, updated_at = {p} "
            f"WHERE subject = {p}"
        ),
        get_identity=f"SELECT {_IDENTITY_COLUMNS} FROM {identities} WHERE subject = {p}",
        list_identities=f"SELECT {_IDENTITY_COLUMNS} FROM {identities} ORDER BY subject",
        delete_identity=f"DELETE FROM {identities} WHERE subject = {p}",
        insert_token=f"INSERT INTO {tokens} ({_TOKEN_COLUMNS}) VALUES ({p}, {p}, {p}, {p}, {p}, {p})",
        get_token=f"SELECT {_TOKEN_COLUMNS} FROM {tokens} WHERE token_id = {p}",
        list_tokens=f"SELECT {_TOKEN_COLUMNS} FROM {tokens} ORDER BY subject, created_at",
        delete_token=f"DELETE FROM {tokens} WHERE token_id = {p}",
    )


def _identity(row: Sequence[Any]) -> IdentityRow:
    subject, login, ciphertext, created_at, updated_at, origin = (str(value) for value in row)
    return IdentityRow(subject, login, ciphertext, created_at, updated_at, _origin(origin))


def _origin(value: str) -> Origin:
    return "self" if value == "self" else "operator"


def _token(row: Sequence[Any]) -> TokenRow:
    token_id, subject, scopes, salt, digest, created_at = (str(value) for value in row)
    return TokenRow(token_id, subject, tuple(scopes.split()), salt, digest, created_at)


class SqlBackend(ABC):
    """A StoreBackend over any SQL database; subclasses run statements."""

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    @abstractmethod
    async def _execute(
        self, statement: str, params: Sequence[Any] = (), *, idempotent: bool = False
    ) -> tuple[list[tuple[Any, ...]], int]:
        """Run one statement in its own transaction; return (fetched rows, affected row count).

        ``idempotent`` statements may be run again after a lost connection.
        """

    async def setup(self) -> None:
        for statement in self._sql.create:
            await self._execute(statement, idempotent=True)

    async def ping(self) -> None:
        await self._execute("SELECT 1", idempotent=True)

    async def insert_identity(self, row: IdentityRow) -> bool:
        values = (row.subject, row.login, row.api_key_ciphertext, row.created_at, row.updated_at, row.origin)
        _, count = await self._execute(self._sql.insert_identity, values)
        return count == 1

    async def update_identity(self, row: IdentityRow) -> bool:
        values = (row.login, row.api_key_ciphertext, row.updated_at, row.subject)
        _, count = await self._execute(self._sql.update_identity, values)
        return count == 1

    async def get_identity(self, subject: str) -> IdentityRow | None:
        rows, _ = await self._execute(self._sql.get_identity, (subject,), idempotent=True)
        return _identity(rows[0]) if rows else None

    async def list_identities(self) -> list[IdentityRow]:
        rows, _ = await self._execute(self._sql.list_identities, idempotent=True)
        return [_identity(row) for row in rows]

    async def delete_identity(self, subject: str) -> bool:
        _, count = await self._execute(self._sql.delete_identity, (subject,))
        return count == 1

    async def insert_token(self, row: TokenRow) -> None:
        values = (row.token_id, row.subject, " ".join(row.scopes), row.salt, row.digest, row.created_at)
        await self._execute(self._sql.insert_token, values)

    async def get_token(self, token_id: str) -> TokenRow | None:
        rows, _ = await self._execute(self._sql.get_token, (token_id,), idempotent=True)
        return _token(rows[0]) if rows else None

    async def list_tokens(self) -> list[TokenRow]:
        rows, _ = await self._execute(self._sql.list_tokens, idempotent=True)
        return [_token(row) for row in rows]

    async def delete_token(self, token_id: str) -> bool:
        _, count = await self._execute(self._sql.delete_token, (token_id,))
        return count == 1
