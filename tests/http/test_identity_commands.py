"""What the `users` and `tokens` commands print."""

from __future__ import annotations

import pytest

from mcp_odoo.cli.identity_actions import (
    tokens_add,
    tokens_list,
    tokens_revoke,
    users_add,
    users_list,
    users_reencrypt,
    users_remove,
    users_rotate,
)
from mcp_odoo.http.auth import READ_SCOPE, WRITE_SCOPE
from mcp_odoo.http.static_tokens import StaticTokens
from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend, UnknownIdentity, generate_secret_key


async def accept_any(login: str, api_key: str) -> None:
    """Odoo stand-in for commands whose check is not the point of the test."""


@pytest.fixture
def users(sqlite_backend: SqliteBackend, box: SecretBox) -> IdentityStore:
    return IdentityStore(sqlite_backend, box)


@pytest.fixture
def tokens(sqlite_backend: SqliteBackend) -> StaticTokens:
    return StaticTokens(sqlite_backend)


async def test_users_add_confirms_without_the_key(users: IdentityStore) -> None:
    output = await users_add(users, "alice", "alice@example.com", "throwaway-key", verify=accept_any)
    assert "'alice'" in output
    assert "throwaway-key" not in output


async def test_users_list_shows_a_row_per_identity_and_no_key(users: IdentityStore) -> None:
    await users_add(users, "alice", "alice@example.com", "throwaway-key", verify=accept_any)
    output = await users_list(users)
    assert output.splitlines()[0].split() == [
        "SUBJECT",
        "ODOO",
        "LOGIN",
        "LINKED",
        "BY",
        "CREATED",
        "UPDATED",
    ]
    assert output.splitlines()[1].split()[:3] == ["alice", "alice@example.com", "operator"]
    assert "throwaway-key" not in output


async def test_users_list_shows_who_linked_their_own_account_and_when(users: IdentityStore) -> None:
    await users_add(users, "alice", "alice@example.com", "throwaway-key", verify=accept_any)
    linked = await users.add("bob", "bob@example.com", "throwaway-key-2", verify=accept_any, origin="self")
    rows = [line.split() for line in (await users_list(users)).splitlines()[1:]]
    assert [row[:3] for row in rows] == [
        ["alice", "alice@example.com", "operator"],
        ["bob", "bob@example.com", "self"],
    ]
    assert rows[1][3] == linked.created_at


async def test_users_list_says_when_empty(users: IdentityStore) -> None:
    assert await users_list(users) == "no identities"


async def test_users_rotate_confirms_without_the_key(users: IdentityStore) -> None:
    await users_add(users, "alice", "alice@example.com", "throwaway-key", verify=accept_any)
    output = await users_rotate(users, "alice", "throwaway-key-2", verify=accept_any)
    assert "new API key for 'alice'" in output
    assert "throwaway-key-2" not in output


async def test_users_remove_of_unknown_subject_raises(users: IdentityStore) -> None:
    with pytest.raises(UnknownIdentity):
        await users_remove(users, "nobody")


async def test_users_remove_confirms(users: IdentityStore) -> None:
    await users_add(users, "alice", "alice@example.com", "throwaway-key", verify=accept_any)
    assert await users_remove(users, "alice") == "removed 'alice'"


async def test_users_reencrypt_moves_keys_to_the_new_secret_key(sqlite_backend: SqliteBackend) -> None:
    old, new = generate_secret_key(), generate_secret_key()
    await users_add(
        IdentityStore(sqlite_backend, SecretBox(old)), "alice", "alice", "throwaway", verify=accept_any
    )
    output = await users_reencrypt(IdentityStore(sqlite_backend, SecretBox(f"{new},{old}")))
    credentials = await IdentityStore(sqlite_backend, SecretBox(new)).get("alice")
    assert output.startswith("re-encrypted 1 API key(s)")
    assert credentials is not None


async def test_tokens_add_shows_the_token_once(tokens: StaticTokens) -> None:
    output = await tokens_add(tokens, "alice", [READ_SCOPE, WRITE_SCOPE])
    token = output.splitlines()[1]
    assert await tokens.check(token) is not None


async def test_tokens_list_never_shows_a_token(tokens: StaticTokens) -> None:
    token = (await tokens_add(tokens, "alice", [READ_SCOPE])).splitlines()[1]
    output = await tokens_list(tokens)
    assert "alice" in output
    assert token not in output


async def test_tokens_revoke_disables_the_token(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice")
    await tokens_revoke(tokens, issued.token_id)
    assert await tokens.check(issued.token) is None


async def test_tokens_list_says_when_empty(tokens: StaticTokens) -> None:
    assert await tokens_list(tokens) == "no tokens"
