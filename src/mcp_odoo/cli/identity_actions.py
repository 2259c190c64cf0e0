"""What ``mcp-odoo users add|list|remove|rotate|reencrypt`` and ``mcp-odoo tokens add|list|revoke`` do.

Each function takes the store, does one thing and returns the text the command prints. Failures
raise ``IdentityError`` (or whatever ``verify`` raised) with a message that shows no secret. The static
tokens are named for typing only, so that loading the command line does not load the HTTP stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mcp_odoo.identity import SECRET_KEY_SETTING, IdentityStore, VerifyCredentials

if TYPE_CHECKING:
    from mcp_odoo.http.static_tokens import StaticTokens


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


async def users_add(
    store: IdentityStore, subject: str, login: str, api_key: str, *, verify: VerifyCredentials
) -> str:
    added = await store.add(subject, login, api_key, verify=verify)
    return (
        f"mapped {added.subject!r} to Odoo login {added.login!r} (API key accepted by Odoo, stored encrypted)"
    )


async def users_list(store: IdentityStore) -> str:
    """Every mapping; LINKED BY says whether an operator mapped it or the person linked their own account."""
    identities = await store.list()
    if not identities:
        return "no identities"
    return _table(
        ("SUBJECT", "ODOO LOGIN", "LINKED BY", "CREATED", "UPDATED"),
        [(item.subject, item.login, item.origin, item.created_at, item.updated_at) for item in identities],
    )


async def users_remove(store: IdentityStore, subject: str) -> str:
    await store.remove(subject)
    return f"removed {subject!r}"


async def users_rotate(
    store: IdentityStore, subject: str, api_key: str, *, verify: VerifyCredentials, login: str | None = None
) -> str:
    rotated = await store.rotate(subject, api_key, verify=verify, login=login)
    return f"new API key for {rotated.subject!r} (Odoo login {rotated.login!r}) accepted by Odoo and stored"


async def users_reencrypt(store: IdentityStore) -> str:
    """After putting a new key first in MCP_ODOO_SECRET_KEY: re-encrypt every stored API key with it."""
    count = await store.reencrypt_all()
    return (
        f"re-encrypted {count} API key(s) with the first key of {SECRET_KEY_SETTING}; "
        "older keys can now be dropped"
    )


async def tokens_add(tokens: StaticTokens, subject: str, scopes: Iterable[str]) -> str:
    issued = await tokens.issue(subject, scopes)
    return (
        f"token {issued.token_id} for {issued.subject!r} with scopes {' '.join(issued.scopes)}:\n"
        f"{issued.token}\n"
        "It is shown only now: only its hash is stored."
    )


async def tokens_list(tokens: StaticTokens) -> str:
    summaries = await tokens.list()
    if not summaries:
        return "no tokens"
    return _table(
        ("ID", "SUBJECT", "SCOPES", "CREATED"),
        [(item.token_id, item.subject, " ".join(item.scopes), item.created_at) for item in summaries],
    )


async def tokens_revoke(tokens: StaticTokens, token_id: str) -> str:
    await tokens.revoke(token_id)
    return f"revoked token {token_id}"
