"""IntrospectionTokenVerifier against a real local issuer's RFC 7662 endpoint."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx2
import pytest
from http_test_support import unreachable_url
from local_issuer import AUDIENCE, CLIENT_ID, CLIENT_SECRET, ISSUER, LocalIssuer

from fakes import FakeClock
from mcp_odoo.http.auth import IntrospectionTokenVerifier, IssuerPolicy, IssuerUnavailable, TokenRejected

POLICY = IssuerPolicy(issuer=ISSUER, audience=AUDIENCE)
INTROSPECTION_URL = f"{ISSUER}/introspect"


@pytest.fixture
def issuer() -> LocalIssuer:
    return LocalIssuer()


@pytest.fixture
async def issuer_http(issuer: LocalIssuer) -> AsyncIterator[httpx2.AsyncClient]:
    async with issuer.http_client() as http:
        yield http


@pytest.fixture
def wall() -> FakeClock:
    """The verifier's time of day: the real one when the test starts, then still."""
    return FakeClock(float(int(time.time())))


@pytest.fixture
def verifier(issuer_http: httpx2.AsyncClient, wall: FakeClock) -> IntrospectionTokenVerifier:
    return IntrospectionTokenVerifier(
        POLICY, INTROSPECTION_URL, CLIENT_ID, CLIENT_SECRET, http_client=issuer_http, clock=wall
    )


async def test_active_token_gives_subject_and_scopes(
    verifier: IntrospectionTokenVerifier, issuer: LocalIssuer
) -> None:
    access = await verifier.verify(issuer.opaque_token(sub="bob", scope="odoo:read"))
    assert (access.subject, access.scopes, access.resource) == ("bob", ["odoo:read"], AUDIENCE)


async def test_inactive_token_is_refused(verifier: IntrospectionTokenVerifier, issuer: LocalIssuer) -> None:
    with pytest.raises(TokenRejected, match="not active"):
        await verifier.verify(issuer.opaque_token(active=False))


async def test_token_unknown_to_the_issuer_is_refused(verifier: IntrospectionTokenVerifier) -> None:
    assert await verifier.verify_token("never-issued") is None


async def test_active_token_for_another_audience_is_refused(
    verifier: IntrospectionTokenVerifier, issuer: LocalIssuer
) -> None:
    with pytest.raises(TokenRejected, match="audience"):
        await verifier.verify(issuer.opaque_token(aud="https://other-server.test/mcp"))


async def test_active_token_from_another_issuer_is_refused(
    verifier: IntrospectionTokenVerifier, issuer: LocalIssuer
) -> None:
    with pytest.raises(TokenRejected, match="issuer"):
        await verifier.verify(issuer.opaque_token(iss="https://evil.test"))


async def test_answer_without_issuer_is_trusted_as_the_issuers_own(
    verifier: IntrospectionTokenVerifier, issuer: LocalIssuer
) -> None:
    access = await verifier.verify(issuer.opaque_token(iss=None))
    assert access.subject == "alice"


async def test_expired_token_is_refused_even_if_reported_active(
    verifier: IntrospectionTokenVerifier, issuer: LocalIssuer, wall: FakeClock
) -> None:
    with pytest.raises(TokenRejected, match="expired"):
        await verifier.verify(issuer.opaque_token(exp=int(wall.now) - 3600))


async def test_wrong_client_credentials_are_an_issuer_failure(
    issuer_http: httpx2.AsyncClient, issuer: LocalIssuer
) -> None:
    verifier = IntrospectionTokenVerifier(
        POLICY, INTROSPECTION_URL, CLIENT_ID, "wrong", http_client=issuer_http
    )
    with pytest.raises(IssuerUnavailable, match="refused our client credentials"):
        await verifier.verify(issuer.opaque_token())


async def test_unreachable_endpoint_makes_verify_token_refuse_without_raising() -> None:
    async with httpx2.AsyncClient(timeout=5) as http:
        url = unreachable_url("/introspect")
        verifier = IntrospectionTokenVerifier(POLICY, url, CLIENT_ID, CLIENT_SECRET, http_client=http)
        assert await verifier.verify_token("some-token") is None
