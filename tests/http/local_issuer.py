"""A real OAuth issuer for tests: keys generated here, a JWKS and an RFC 7662 introspection endpoint
served by Starlette, tokens signed with PyJWT. Verifiers reach it over HTTP (in-process ASGI)."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx2
import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ISSUER = "https://issuer.test"
AUDIENCE = "https://mcp.test/mcp"
CLIENT_ID = "mcp-odoo"
CLIENT_SECRET = "throwaway-client-secret"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass
class SigningKey:
    kid: str
    algorithm: str
    private: PrivateKey

    def public_jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}


def new_key(kid: str, algorithm: str = "RS256") -> SigningKey:
    private: PrivateKey
    if algorithm == "RS256":
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        private = ec.generate_private_key(ec.SECP256R1())
    return SigningKey(kid, algorithm, private)


@dataclass
class LocalIssuer:
    published: list[SigningKey] = field(default_factory=list)
    jwks_status: int = 200
    jwks_requests: int = 0
    introspectable: dict[str, dict[str, Any]] = field(default_factory=dict)

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        base: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "alice",
            "client_id": "claude-desktop",
            "scope": "odoo:read odoo:write",
            "iat": now,
            "exp": now + 300,
        }
        base.update(overrides)
        return {name: value for name, value in base.items() if value is not None}

    def sign(self, key: SigningKey, **overrides: Any) -> str:
        return jwt.encode(
            self.claims(**overrides), key.private, algorithm=key.algorithm, headers={"kid": key.kid}
        )

    def opaque_token(self, *, active: bool = True, **overrides: Any) -> str:
        token = secrets.token_urlsafe(24)
        self.introspectable[token] = {"active": active, **self.claims(**overrides)}
        return token

    async def _jwks(self, request: Request) -> JSONResponse:
        self.jwks_requests += 1
        if self.jwks_status != 200:
            return JSONResponse({"error": "unavailable"}, status_code=self.jwks_status)
        return JSONResponse({"keys": [key.public_jwk() for key in self.published]})

    async def _introspect(self, request: Request) -> JSONResponse:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        form = await request.form()
        return JSONResponse(self.introspectable.get(str(form.get("token")), {"active": False}))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/jwks", self._jwks, methods=["GET"]),
                Route("/introspect", self._introspect, methods=["POST"]),
            ]
        )

    def http_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=self.app()), base_url=ISSUER)
