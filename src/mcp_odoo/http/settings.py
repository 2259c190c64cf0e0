"""The HTTP transport's settings: how callers authenticate, which hosts and origins are accepted, what the
replicas share (Redis, request-state keys), rate limits, logs and metrics.

Configured under the same names in ``MCP_ODOO_*`` (``MCP_ODOO_AUTH_MODE``, ``MCP_ODOO_OAUTH_ISSUER``,
``MCP_ODOO_REDIS_URL`` ...); `mcp_odoo.settings` files them here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode

from mcp_odoo.config import comma_list


class AuthMode(StrEnum):
    """How HTTP callers authenticate: not at all (stdio, one user), static tokens, or OAuth 2.1."""

    NONE = "none"
    STATIC = "static"
    OAUTH = "oauth"


class HttpSettings(BaseModel):
    """How the Streamable HTTP server admits, limits and observes its callers."""

    model_config = ConfigDict(extra="forbid")

    auth_mode: AuthMode = Field(default=AuthMode.NONE, description="none | static | oauth (HTTP transport)")
    public_url: str | None = Field(
        default=None, description="This server's public MCP URL, e.g. https://mcp.example.com/mcp"
    )
    oauth_issuer: str | None = Field(default=None, description="OAuth issuer URL tokens must name (iss)")
    oauth_audience: str | None = Field(
        default=None, description="Audience tokens must carry (aud); MCP_ODOO_PUBLIC_URL when unset"
    )
    oauth_jwks_url: str | None = Field(default=None, description="Issuer's JWKS URL (JWT access tokens)")
    oauth_introspection_url: str | None = Field(
        default=None, description="Issuer's RFC 7662 introspection URL (opaque access tokens)"
    )
    oauth_client_id: str | None = Field(default=None, description="Client id for introspection")
    oauth_client_secret: SecretStr | None = Field(default=None, description="Client secret for introspection")
    required_scopes: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["odoo:read"], description="Scopes every request needs"
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra Host headers accepted over HTTP"
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra Origin headers accepted over HTTP"
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://... shared by replicas: rate limits, confirmation tokens, idempotency keys",
    )
    rate_limit_requests: int = Field(default=120, ge=1, description="Tool calls per identity per window")
    rate_limit_writes: int = Field(default=20, ge=1, description="Writing tool calls per identity per window")
    rate_limit_window_seconds: float = Field(default=60.0, gt=0, description="Rate-limit window")
    request_state_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated 32+ character keys sealing multi-round-trip state (same on replicas)",
    )
    stateless_http: bool = Field(
        default=False, description="Serve each HTTP request on its own (any replica serves any request)"
    )
    json_logs: bool = Field(default=False, description="Log one JSON object per line, with the request id")
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token GET /metrics requires (it also shows /readyz details); unset: /metrics "
        "answers callers on loopback and private networks only",
    )

    @field_validator("required_scopes", mode="before")
    @classmethod
    def _scope_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.replace(",", " ").split() if part]
        return value

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def _comma_lists(cls, value: Any) -> Any:
        return comma_list(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.rate_limit_writes > self.rate_limit_requests:
            raise ValueError("MCP_ODOO_RATE_LIMIT_WRITES must not exceed MCP_ODOO_RATE_LIMIT_REQUESTS")
        problem = self._auth_problem()
        if problem is not None:
            raise ValueError(problem)
        return self

    def _auth_problem(self) -> str | None:
        """The first setting the auth mode needs and lacks, as one line; None when sound."""
        mode = self.auth_mode
        if mode is AuthMode.NONE:
            return None
        if self.public_url is None:
            return (
                f"MCP_ODOO_AUTH_MODE={mode.value} needs MCP_ODOO_PUBLIC_URL "
                "(this server's URL ending in /mcp)"
            )
        if mode is AuthMode.STATIC:
            return None
        if self.oauth_issuer is None:
            return "MCP_ODOO_AUTH_MODE=oauth needs MCP_ODOO_OAUTH_ISSUER"
        if (self.oauth_jwks_url is None) == (self.oauth_introspection_url is None):
            return (
                "MCP_ODOO_AUTH_MODE=oauth needs exactly one of MCP_ODOO_OAUTH_JWKS_URL "
                "and MCP_ODOO_OAUTH_INTROSPECTION_URL"
            )
        if self.oauth_introspection_url is not None and (
            self.oauth_client_id is None or self.oauth_client_secret is None
        ):
            return (
                "MCP_ODOO_OAUTH_INTROSPECTION_URL needs MCP_ODOO_OAUTH_CLIENT_ID and "
                "MCP_ODOO_OAUTH_CLIENT_SECRET"
            )
        return None

    @property
    def audience(self) -> str | None:
        """The resource tokens must be issued for: the configured audience, else the public URL."""
        return self.oauth_audience or self.public_url
