"""Each subject's own gateway: built on first use, reused, bounded, and never the service identity."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from pydantic import SecretStr

from fakes import FakeClock
from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend
from mcp_odoo.identity.gateways import IdentityUnavailable, PassthroughGateways, UnknownSubject
from mcp_odoo.odoo import OdooClient
from mcp_odoo.policy import Policy
from mcp_odoo.policy.settings import PolicySettings
from mcp_odoo.settings import OdooSettings

BASE = OdooSettings(url="http://odoo.test", user="service", api_key=SecretStr("throwaway-service-key"))


class RecordingClient(OdooClient):
    """A connector that never reaches a network and remembers whether it was closed."""

    def __init__(self, settings: OdooSettings) -> None:
        super().__init__(settings, transport=httpx2.MockTransport(lambda request: httpx2.Response(503)))
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True
        await super().aclose()


async def accept(login: str, api_key: str) -> None:
    """Stands for Odoo accepting the key."""


class BrokenBackend(SqliteBackend):
    async def get_identity(self, subject: str) -> None:
        raise OSError("disk unreadable")


@pytest.fixture
async def store(sqlite_backend: SqliteBackend, box: SecretBox) -> IdentityStore:
    identities = IdentityStore(sqlite_backend, box)
    await identities.add("alice", "alice-login", "throwaway-alice-key", verify=accept)
    await identities.add("bob", "bob-login", "throwaway-bob-key", verify=accept)
    return identities


def gateways_over(
    store: IdentityStore,
    opened: list[RecordingClient],
    *,
    capacity: int = 8,
    clock: FakeClock | None = None,
) -> PassthroughGateways:
    def factory(settings: OdooSettings) -> OdooClient:
        client = RecordingClient(settings)
        opened.append(client)
        return client

    return PassthroughGateways(
        BASE,
        Policy(PolicySettings()),
        store,
        client_factory=factory,
        capacity=capacity,
        recheck_seconds=60.0,
        clock=clock if clock is not None else FakeClock(),
    )


async def test_a_subject_gets_the_same_gateway_on_every_call(store: IdentityStore) -> None:
    gateways = gateways_over(store, [])
    assert await gateways.gateway_for("alice") is await gateways.gateway_for("alice")


async def test_two_subjects_get_connections_as_their_own_odoo_logins(store: IdentityStore) -> None:
    opened: list[RecordingClient] = []
    gateways = gateways_over(store, opened)
    await gateways.gateway_for("alice")
    await gateways.gateway_for("bob")
    assert [repr(client) for client in opened] == [
        "OdooClient(url='http://odoo.test', db=None, user='alice-login')",
        "OdooClient(url='http://odoo.test', db=None, user='bob-login')",
    ]


async def test_the_least_recently_used_connection_is_closed_beyond_capacity(store: IdentityStore) -> None:
    opened: list[RecordingClient] = []
    gateways = gateways_over(store, opened, capacity=1)
    await gateways.gateway_for("alice")
    await gateways.gateway_for("bob")
    assert opened[0].closed
    assert gateways.cached_subjects == ["bob"]


async def test_an_unmapped_subject_is_refused_without_opening_a_connection(store: IdentityStore) -> None:
    opened: list[RecordingClient] = []
    gateway = await gateways_over(store, opened).gateway_for("mallory")
    with pytest.raises(UnknownSubject, match="no Odoo user is mapped"):
        await gateway.info()
    assert opened == []


async def test_an_unmapped_subject_gets_no_pdf_either(store: IdentityStore) -> None:
    gateway = await gateways_over(store, []).gateway_for("mallory")
    with pytest.raises(UnknownSubject, match="no Odoo user is mapped"):
        gateway.pdf_fetcher("account.move")


async def test_a_removed_mapping_is_refused_once_rechecked(store: IdentityStore) -> None:
    clock = FakeClock()
    gateways = gateways_over(store, [], clock=clock)
    await gateways.gateway_for("alice")
    await store.remove("alice")
    clock.advance(61)
    gateway = await gateways.gateway_for("alice")
    with pytest.raises(UnknownSubject):
        await gateway.info()


async def test_a_rotated_key_opens_a_new_connection_once_rechecked(store: IdentityStore) -> None:
    clock = FakeClock()
    opened: list[RecordingClient] = []
    gateways = gateways_over(store, opened, clock=clock)
    first = await gateways.gateway_for("alice")
    await store.rotate("alice", "throwaway-new-key", verify=accept)
    clock.advance(61)
    assert await gateways.gateway_for("alice") is not first
    assert opened[0].closed


async def test_an_unreadable_store_gives_a_retryable_error(tmp_path: Path, box: SecretBox) -> None:
    backend = BrokenBackend(tmp_path / "broken.sqlite3")
    gateway = await gateways_over(IdentityStore(backend, box), []).gateway_for("alice")
    with pytest.raises(IdentityUnavailable) as raised:
        await gateway.info()
    assert raised.value.retryable


async def test_without_an_authenticated_caller_every_call_is_refused(store: IdentityStore) -> None:
    with pytest.raises(UnknownSubject, match="no authenticated caller"):
        await gateways_over(store, []).current().info()
