"""Static bearer tokens: shown once, stored hashed, bound to a subject and scopes."""

from __future__ import annotations

import pytest

from mcp_odoo.http.auth import READ_SCOPE, WRITE_SCOPE
from mcp_odoo.http.static_tokens import StaticTokens, StaticTokenVerifier
from mcp_odoo.identity import IdentityError, StoreBackend, UnknownIdentity


@pytest.fixture
def tokens(backend: StoreBackend) -> StaticTokens:
    return StaticTokens(backend)


async def test_issued_token_verifies_as_its_subject_and_scopes(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice", [READ_SCOPE, WRITE_SCOPE])
    access = await StaticTokenVerifier(tokens).verify_token(issued.token)
    assert access is not None
    assert (access.subject, access.scopes) == ("alice", [READ_SCOPE, WRITE_SCOPE])


async def test_token_defaults_to_read_scope(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice")
    assert issued.scopes == (READ_SCOPE,)


async def test_only_a_digest_of_the_secret_is_stored(tokens: StaticTokens, backend: StoreBackend) -> None:
    issued = await tokens.issue("alice")
    row = await backend.get_token(issued.token_id)
    assert row is not None
    secret = issued.token.split("_", 2)[2]
    assert secret not in (row.digest, row.salt)


async def test_two_tokens_are_different(tokens: StaticTokens) -> None:
    first, second = await tokens.issue("alice"), await tokens.issue("alice")
    assert first.token != second.token


async def test_token_with_a_wrong_secret_is_refused(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice")
    forged = f"mcpo_{issued.token_id}_{'A' * 43}"
    assert await StaticTokenVerifier(tokens).verify_token(forged) is None


async def test_malformed_token_is_refused(tokens: StaticTokens) -> None:
    assert await StaticTokenVerifier(tokens).verify_token("Bearer nonsense") is None


async def test_revoked_token_is_refused(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice")
    await tokens.revoke(issued.token_id)
    assert await StaticTokenVerifier(tokens).verify_token(issued.token) is None


async def test_revoking_an_unknown_token_is_an_error(tokens: StaticTokens) -> None:
    with pytest.raises(UnknownIdentity, match="no token with id"):
        await tokens.revoke("000000000000")


async def test_list_shows_ids_subjects_and_scopes_but_no_secret(tokens: StaticTokens) -> None:
    issued = await tokens.issue("bob", [WRITE_SCOPE])
    listed = await tokens.list()
    assert [(item.token_id, item.subject, item.scopes) for item in listed] == [
        (issued.token_id, "bob", (WRITE_SCOPE,))
    ]
    assert issued.token not in repr(listed)


async def test_unknown_scope_is_refused(tokens: StaticTokens) -> None:
    with pytest.raises(IdentityError, match="unknown scope"):
        await tokens.issue("alice", ["odoo:admin"])


async def test_token_without_scopes_is_refused(tokens: StaticTokens) -> None:
    with pytest.raises(IdentityError, match="at least one scope"):
        await tokens.issue("alice", [])


async def test_reprs_show_no_token(tokens: StaticTokens) -> None:
    issued = await tokens.issue("alice")
    access = await StaticTokenVerifier(tokens).verify_token(issued.token)
    assert issued.token not in repr(issued)
    assert issued.token not in repr(access)
