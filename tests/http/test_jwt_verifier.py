"""JWTTokenVerifier against a real local issuer serving its JWKS over HTTP."""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncIterator, Callable

import httpx2
import jwt
import pytest
from http_test_support import unreachable_url
from local_issuer import AUDIENCE, ISSUER, LocalIssuer, SigningKey, new_key

from fakes import FakeClock
from mcp_odoo.http.auth import (
    IssuerPolicy,
    IssuerUnavailable,
    JWTTokenVerifier,
    TokenRejected,
    missing_scope,
)

Sign = Callable[..., str]

LEEWAY = 30
POLICY = IssuerPolicy(issuer=ISSUER, audience=AUDIENCE, leeway_seconds=LEEWAY)


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return new_key("rsa-1")


@pytest.fixture
def issuer(rsa_key: SigningKey) -> LocalIssuer:
    return LocalIssuer(published=[rsa_key])


@pytest.fixture
def token_for(issuer: LocalIssuer, rsa_key: SigningKey) -> Sign:
    """Signs a token with the published RSA key; keyword arguments override claims (None drops one)."""
    return functools.partial(issuer.sign, rsa_key)


@pytest.fixture
def monotonic() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wall() -> FakeClock:
    """The verifier's time of day: the real one when the test starts, then still (tokens are signed with
    real times, so a test that moves neither clock sees fresh tokens as fresh)."""
    return FakeClock(float(int(time.time())))


@pytest.fixture
async def verifier(
    issuer: LocalIssuer, monotonic: FakeClock, wall: FakeClock
) -> AsyncIterator[JWTTokenVerifier]:
    async with issuer.http_client() as http:
        yield JWTTokenVerifier(
            POLICY,
            f"{ISSUER}/jwks",
            http_client=http,
            min_refresh_seconds=30,
            monotonic=monotonic,
            clock=wall,
        )


async def test_valid_token_gives_subject_client_and_scopes(
    verifier: JWTTokenVerifier, token_for: Sign
) -> None:
    access = await verifier.verify(token_for())
    assert (access.subject, access.client_id, access.scopes) == (
        "alice",
        "claude-desktop",
        ["odoo:read", "odoo:write"],
    )


async def test_valid_token_is_bound_to_the_resource(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    access = await verifier.verify(token_for())
    assert access.resource == AUDIENCE


async def test_scopes_are_read_from_scp_when_scope_is_absent(
    verifier: JWTTokenVerifier, token_for: Sign
) -> None:
    access = await verifier.verify(token_for(scope=None, scp=["odoo:read"]))
    assert access.scopes == ["odoo:read"]


async def test_es256_token_is_accepted(verifier: JWTTokenVerifier, issuer: LocalIssuer) -> None:
    ec_key = new_key("ec-1", "ES256")
    issuer.published.append(ec_key)
    access = await verifier.verify(issuer.sign(ec_key))
    assert access.subject == "alice"


async def test_audience_list_containing_the_resource_is_accepted(
    verifier: JWTTokenVerifier, token_for: Sign
) -> None:
    access = await verifier.verify(token_for(aud=["https://other.test", AUDIENCE]))
    assert access.subject == "alice"


async def test_wrong_issuer_is_refused(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, token_for: Sign
) -> None:
    with pytest.raises(TokenRejected, match=r"issuer 'https://evil\.test' is not"):
        await verifier.verify(token_for(iss="https://evil.test"))


async def test_wrong_audience_is_refused(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    with pytest.raises(TokenRejected, match="audience"):
        await verifier.verify(token_for(aud="https://other-server.test/mcp"))


async def test_expired_token_is_refused(verifier: JWTTokenVerifier, wall: FakeClock, token_for: Sign) -> None:
    with pytest.raises(TokenRejected, match="expired"):
        await verifier.verify(token_for(exp=int(wall.now) - 3600))


async def test_token_expired_within_the_leeway_is_accepted(
    verifier: JWTTokenVerifier, wall: FakeClock, token_for: Sign
) -> None:
    access = await verifier.verify(token_for(exp=int(wall.now) - LEEWAY + 1))
    assert access.subject == "alice"


async def test_token_expired_by_the_whole_leeway_is_refused(
    verifier: JWTTokenVerifier, wall: FakeClock, token_for: Sign
) -> None:
    with pytest.raises(TokenRejected, match="expired"):
        await verifier.verify(token_for(exp=int(wall.now) - LEEWAY))


async def test_token_refused_once_its_expiry_and_the_leeway_have_passed(
    verifier: JWTTokenVerifier, wall: FakeClock, token_for: Sign
) -> None:
    token = token_for(exp=int(wall.now) + 60)
    await verifier.verify(token)
    wall.advance(60 + LEEWAY)
    with pytest.raises(TokenRejected, match="expired"):
        await verifier.verify(token)


async def test_token_not_yet_valid_is_refused(
    verifier: JWTTokenVerifier, wall: FakeClock, token_for: Sign
) -> None:
    with pytest.raises(TokenRejected, match="not valid yet"):
        await verifier.verify(token_for(nbf=int(wall.now) + 3600))


async def test_token_without_expiry_is_refused(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    with pytest.raises(TokenRejected, match="no expiry"):
        await verifier.verify(token_for(exp=None))


async def test_token_without_subject_is_refused(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    with pytest.raises(TokenRejected, match="no subject"):
        await verifier.verify(token_for(sub=None))


async def test_token_signed_by_another_key_with_the_same_kid_is_refused(
    verifier: JWTTokenVerifier, issuer: LocalIssuer
) -> None:
    impostor = new_key("rsa-1")
    with pytest.raises(TokenRejected, match="signature is invalid"):
        await verifier.verify(issuer.sign(impostor))


async def test_token_with_a_changed_payload_is_refused(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    header, _, signature = token_for().split(".")
    other_payload = token_for(sub="mallory").split(".")[1]
    with pytest.raises(TokenRejected, match="signature is invalid"):
        await verifier.verify(f"{header}.{other_payload}.{signature}")


async def test_symmetric_algorithm_is_refused(verifier: JWTTokenVerifier, issuer: LocalIssuer) -> None:
    forged = jwt.encode(
        issuer.claims(), "a-shared-secret-of-32-bytes-long!", algorithm="HS256", headers={"kid": "rsa-1"}
    )
    with pytest.raises(TokenRejected, match="algorithm 'HS256'"):
        await verifier.verify(forged)


async def test_text_that_is_not_a_jwt_is_refused(verifier: JWTTokenVerifier) -> None:
    with pytest.raises(TokenRejected, match="not a JWT"):
        await verifier.verify("not-a-jwt")


async def test_keys_are_fetched_once_for_many_tokens(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, token_for: Sign
) -> None:
    await verifier.verify(token_for())
    await verifier.verify(token_for(sub="bob"))
    assert issuer.jwks_requests == 1


async def test_rotated_key_is_fetched_when_a_token_names_it(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, monotonic: FakeClock, token_for: Sign
) -> None:
    await verifier.verify(token_for())
    rotated = new_key("rsa-2")
    issuer.published = [rotated]
    monotonic.advance(31)
    access = await verifier.verify(issuer.sign(rotated))
    assert (access.subject, issuer.jwks_requests) == ("alice", 2)


async def test_unknown_kid_is_refused_after_a_refresh(
    verifier: JWTTokenVerifier, issuer: LocalIssuer
) -> None:
    unpublished = new_key("rsa-unpublished")
    with pytest.raises(TokenRejected, match="'rsa-unpublished' is not in the issuer's JWKS"):
        await verifier.verify(issuer.sign(unpublished))


async def test_unknown_kids_do_not_refetch_within_the_refresh_interval(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, token_for: Sign
) -> None:
    await verifier.verify(token_for())
    unpublished = new_key("rsa-unpublished")
    for _ in range(3):
        with pytest.raises(TokenRejected):
            await verifier.verify(issuer.sign(unpublished))
    assert issuer.jwks_requests == 1


async def test_unreachable_jwks_is_a_clear_issuer_failure() -> None:
    url = unreachable_url("/jwks")
    async with httpx2.AsyncClient(timeout=5) as http:
        verifier = JWTTokenVerifier(POLICY, url, http_client=http)
        with pytest.raises(IssuerUnavailable, match=f"JWKS {url} unreachable"):
            await verifier.verify(LocalIssuer().sign(new_key("rsa-1")))


async def test_unreachable_jwks_makes_verify_token_refuse_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = unreachable_url("/jwks")
    async with httpx2.AsyncClient(timeout=5) as http:
        verifier = JWTTokenVerifier(POLICY, url, http_client=http)
        assert await verifier.verify_token(LocalIssuer().sign(new_key("rsa-1"))) is None
    assert "unreachable" in caplog.text


async def test_jwks_error_status_is_a_clear_issuer_failure(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, token_for: Sign
) -> None:
    issuer.jwks_status = 503
    with pytest.raises(IssuerUnavailable, match="answered HTTP 503"):
        await verifier.verify(token_for())


async def test_cached_key_keeps_working_while_the_jwks_is_down(
    verifier: JWTTokenVerifier, issuer: LocalIssuer, monotonic: FakeClock, token_for: Sign
) -> None:
    await verifier.verify(token_for())
    issuer.jwks_status = 503
    monotonic.advance(3600)
    access = await verifier.verify(token_for())
    assert (access.subject, issuer.jwks_requests) == ("alice", 2)


async def test_read_only_token_may_read(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    access = await verifier.verify(token_for(scope="odoo:read"))
    assert missing_scope(access, is_write=False) is None


async def test_read_only_token_may_not_write(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    access = await verifier.verify(token_for(scope="odoo:read"))
    assert missing_scope(access, is_write=True) == "odoo:write"


async def test_access_token_repr_hides_the_token(verifier: JWTTokenVerifier, token_for: Sign) -> None:
    token = token_for()
    assert token not in repr(await verifier.verify(token))


def test_unsupported_algorithm_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="unsupported algorithm"):
        JWTTokenVerifier(POLICY, f"{ISSUER}/jwks", algorithms=["HS256"])
