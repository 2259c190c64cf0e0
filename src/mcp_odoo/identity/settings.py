"""The identity settings: whom Odoo sees for a caller, where identities are stored and how their keys are
sealed.

Configured as ``MCP_ODOO_IDENTITY_MODE``, ``MCP_ODOO_IDENTITY_STORE``, ``MCP_ODOO_IDENTITY_SCHEMA``,
``MCP_ODOO_IDENTITY_CACHE_SIZE``, ``MCP_ODOO_SELF_LINKING``, ``MCP_ODOO_LINK_TTL_SECONDS`` and
``MCP_ODOO_SECRET_KEY``; `mcp_odoo.settings` files them here (``identity_mode`` is `IdentitySettings.mode`).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class IdentityMode(StrEnum):
    """Whom Odoo sees: the configured service user, or each caller's own mapped Odoo user."""

    SHARED = "shared"
    PASSTHROUGH = "passthrough"


class IdentitySettings(BaseModel):
    """Whom each call acts as in Odoo, and the store of the callers' own Odoo users."""

    model_config = ConfigDict(extra="forbid")

    mode: IdentityMode = Field(
        default=IdentityMode.SHARED, description="shared (the configured Odoo user) | passthrough"
    )
    store: str = Field(
        default="mcp-odoo-identities.sqlite3",
        description="Identities and static tokens: a SQLite file path or a postgresql:// URL",
    )
    store_schema: str = Field(default="mcp_odoo", description="PostgreSQL schema of the identity store")
    cache_size: int = Field(
        default=256, ge=1, le=100_000, description="Odoo connections kept open, one per recent identity"
    )
    self_linking: bool = Field(
        default=True,
        description="In passthrough mode, people without an Odoo user link their own on this server's page",
    )
    link_ttl_seconds: float = Field(
        default=600.0, gt=0, le=3600, description="How long an account-linking link stays valid"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Fernet key(s) encrypting stored Odoo API keys (comma-separated)"
    )
