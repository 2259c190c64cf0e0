"""The identity store maps subjects to Odoo credentials, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import psycopg
import pytest
from http_test_support import unused_port

from mcp_odoo.http.metrics import readiness
from mcp_odoo.identity import (
    IdentityError,
    IdentityExists,
    IdentityStore,
    OdooCredentials,
    SecretBox,
    SqliteBackend,
    StoreBackend,
    UnknownIdentity,
    backend_for,
)
from mcp_odoo.identity.postgres import PostgresBackend
from mcp_odoo.identity.secretbox import generate_secret_key


class OdooCheck:
    """A stand-in for the check against Odoo: accepts the listed pairs, records every attempt."""

    def __init__(self, *accepted: tuple[str, str]) -> None:
        self.accepted = set(accepted)
        self.attempts: list[tuple[str, str]] = []

    async def __call__(self, login: str, api_key: str) -> None:
        self.attempts.append((login, api_key))
        if (login, api_key) not in self.accepted:
            raise PermissionError(f"Odoo refused the API key of {login}")


ALICE_KEY = "throwaway-key-alice"


async def add_alice(store: IdentityStore) -> None:
    check = OdooCheck(("alice@example.com", ALICE_KEY))
    await store.add("alice", "alice@example.com", ALICE_KEY, verify=check)


async def test_added_identity_returns_its_credentials(store: IdentityStore) -> None:
    await add_alice(store)
    credentials = await store.get("alice")
    assert credentials is not None
    assert (credentials.login, credentials.api_key) == ("alice@example.com", ALICE_KEY)


async def test_key_is_checked_against_odoo_before_storing(store: IdentityStore) -> None:
    check = OdooCheck(("alice@example.com", ALICE_KEY))
    await store.add("alice", "alice@example.com", ALICE_KEY, verify=check)
    assert check.attempts == [("alice@example.com", ALICE_KEY)]


async def test_key_refused_by_odoo_is_not_stored(store: IdentityStore) -> None:
    with pytest.raises(PermissionError):
        await store.add("alice", "alice@example.com", "wrong-key", verify=OdooCheck())
    assert await store.get("alice") is None


async def test_key_is_stored_encrypted(store: IdentityStore, backend: StoreBackend) -> None:
    await add_alice(store)
    row = await backend.get_identity("alice")
    assert row is not None
    assert ALICE_KEY not in row.api_key_ciphertext


async def test_unknown_subject_has_no_credentials(store: IdentityStore) -> None:
    assert await store.get("nobody") is None


async def test_adding_a_mapped_subject_again_is_refused(store: IdentityStore) -> None:
    check = OdooCheck(("alice@example.com", ALICE_KEY), ("other@example.com", "other-key"))
    await store.add("alice", "alice@example.com", ALICE_KEY, verify=check)
    with pytest.raises(IdentityExists, match="use rotate"):
        await store.add("alice", "other@example.com", "other-key", verify=check)


async def test_empty_subject_is_refused(store: IdentityStore) -> None:
    with pytest.raises(IdentityError, match="subject must not be empty"):
        await store.add(
            "  ", "alice@example.com", ALICE_KEY, verify=OdooCheck(("alice@example.com", ALICE_KEY))
        )


async def test_list_shows_logins_in_subject_order_without_keys(store: IdentityStore) -> None:
    check = OdooCheck(("bob@example.com", "throwaway-key-bob"), ("alice@example.com", ALICE_KEY))
    await store.add("bob", "bob@example.com", "throwaway-key-bob", verify=check)
    await store.add("alice", "alice@example.com", ALICE_KEY, verify=check)
    listed = await store.list()
    assert [(item.subject, item.login) for item in listed] == [
        ("alice", "alice@example.com"),
        ("bob", "bob@example.com"),
    ]
    assert ALICE_KEY not in repr(listed)


async def test_removed_identity_is_gone(store: IdentityStore) -> None:
    await add_alice(store)
    await store.remove("alice")
    assert await store.get("alice") is None


async def test_removing_an_unknown_subject_is_an_error(store: IdentityStore) -> None:
    with pytest.raises(UnknownIdentity, match="'nobody' is not mapped"):
        await store.remove("nobody")


async def test_rotate_replaces_the_key_after_checking_it(store: IdentityStore) -> None:
    check = OdooCheck(("alice@example.com", ALICE_KEY), ("alice@example.com", "throwaway-key-alice-2"))
    await store.add("alice", "alice@example.com", ALICE_KEY, verify=check)
    await store.rotate("alice", "throwaway-key-alice-2", verify=check)
    credentials = await store.get("alice")
    assert credentials is not None
    assert credentials.api_key == "throwaway-key-alice-2"


async def test_rotate_keeps_the_old_key_when_odoo_refuses_the_new_one(store: IdentityStore) -> None:
    await add_alice(store)
    with pytest.raises(PermissionError):
        await store.rotate("alice", "bad-key", verify=OdooCheck())
    credentials = await store.get("alice")
    assert credentials is not None
    assert credentials.api_key == ALICE_KEY


async def test_rotate_of_an_unknown_subject_is_an_error(store: IdentityStore) -> None:
    with pytest.raises(UnknownIdentity):
        await store.rotate("nobody", "throwaway", verify=OdooCheck())


async def test_reencrypt_all_moves_every_key_to_the_new_secret_key(backend: StoreBackend) -> None:
    old, new = generate_secret_key(), generate_secret_key()
    check = OdooCheck(("alice@example.com", ALICE_KEY))
    await IdentityStore(backend, SecretBox(old)).add("alice", "alice@example.com", ALICE_KEY, verify=check)
    assert await IdentityStore(backend, SecretBox(f"{new},{old}")).reencrypt_all() == 1
    credentials = await IdentityStore(backend, SecretBox(new)).get("alice")
    assert credentials is not None
    assert credentials.api_key == ALICE_KEY


async def test_credentials_repr_hides_the_key(store: IdentityStore) -> None:
    await add_alice(store)
    assert ALICE_KEY not in repr(await store.get("alice"))


async def test_nothing_logged_contains_the_key(
    store: IdentityStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await add_alice(store)
    await store.get("alice")
    assert ALICE_KEY not in caplog.text


async def test_reachable_backend_passes_readiness(backend: StoreBackend) -> None:
    assert await readiness({"identity_store": backend.ping}) == {"identity_store": "ok"}


async def test_unreachable_postgres_fails_readiness() -> None:
    backend = PostgresBackend(f"postgresql://postgres@127.0.0.1:{unused_port()}/test", connect_timeout=1)
    results = await readiness({"identity_store": backend.ping})
    assert results["identity_store"].startswith("failed: OperationalError")


async def test_sqlite_file_is_readable_by_its_owner_only(
    sqlite_backend: SqliteBackend, tmp_path: Path
) -> None:
    assert (tmp_path / "identities.sqlite3").stat().st_mode & 0o077 == 0


def test_postgres_url_selects_the_postgres_backend() -> None:
    assert isinstance(backend_for("postgresql://postgres@127.0.0.1/test"), PostgresBackend)


def test_a_path_selects_the_sqlite_backend(tmp_path: Path) -> None:
    assert isinstance(backend_for(tmp_path / "ids.sqlite3"), SqliteBackend)


def test_schema_must_be_a_plain_identifier() -> None:
    with pytest.raises(ValueError, match="lower-case SQL identifier"):
        PostgresBackend("postgresql://postgres@127.0.0.1/test", schema="x; DROP TABLE y")


async def test_postgres_lookup_survives_a_lost_connection(
    postgres_backend: PostgresBackend, postgres_url: str, postgres_schema: str, box: SecretBox
) -> None:
    store = IdentityStore(postgres_backend, box)
    await add_alice(store)
    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (postgres_schema,),
        )
    assert await store.get("alice") is not None


async def test_a_store_made_before_self_linking_gains_the_origin_column(
    tmp_path: Path, box: SecretBox
) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE identities (subject TEXT PRIMARY KEY, login TEXT NOT NULL, "
            "api_key_ciphertext TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"
        )
        old.execute(
            "INSERT INTO identities VALUES ('alice', 'alice', ?, 'then', 'then')", (box.encrypt("k"),)
        )
    backend = SqliteBackend(path)
    await backend.setup()
    await backend.setup()
    store = IdentityStore(backend, box)
    assert [(item.subject, item.origin) for item in await store.list()] == [("alice", "operator")]
    assert (await store.get("alice")) == OdooCredentials("alice", "k")


async def test_a_postgres_store_made_before_self_linking_gains_the_origin_column(
    postgres_backend: PostgresBackend, postgres_url: str, postgres_schema: str, box: SecretBox
) -> None:
    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as old:
        await old.execute(f"DROP TABLE {postgres_schema}.identities".encode())
        await old.execute(
            f"CREATE TABLE {postgres_schema}.identities (subject TEXT PRIMARY KEY, login TEXT NOT NULL, "
            "api_key_ciphertext TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)".encode()
        )
    await postgres_backend.setup()
    store = IdentityStore(postgres_backend, box)
    await store.add("bob", "bob", "k", verify=accept_pair, origin="self")
    assert [(item.subject, item.origin) for item in await store.list()] == [("bob", "self")]


async def accept_pair(login: str, api_key: str) -> None:
    """Odoo stand-in: accepts any pair (the check is not the point here)."""
