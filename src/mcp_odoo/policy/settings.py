"""The policy's settings: whether writes are allowed, which models and methods are exposed, how much one
call may fetch and return.

Configured as ``MCP_ODOO_ALLOW_WRITES``, ``MCP_ODOO_DEFAULT_LIMIT``, ``MCP_ODOO_MAX_LIMIT``,
``MCP_ODOO_MAX_RESPONSE_CHARS``, ``MCP_ODOO_ENABLED_MODELS``, ``MCP_ODOO_DENIED_MODELS`` and
``MCP_ODOO_METHODS`` (``[[server.methods]]`` in the TOML file); `mcp_odoo.settings` files them here.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import NoDecode

from mcp_odoo.config import comma_list
from mcp_odoo.method_names import is_impersonation_method, is_private_method


class MethodRule(BaseModel):
    """One (model, method) pair the `call_method` tool may call, from `[[server.methods]]`."""

    model: str = Field(min_length=1, description="Technical model name, e.g. sale.order")
    method: str = Field(min_length=1, description="Public method name, e.g. action_confirm")
    writes: bool = Field(
        default=True,
        description="The method changes data (needs allow_writes); core ORM, mail, action_* and button_* "
        "methods change data whatever this says",
    )
    irreversible: bool = Field(
        default=False, description="The change cannot be undone (e.g. posting an invoice)"
    )

    @field_validator("method")
    @classmethod
    def _public_method(cls, value: str) -> str:
        if is_private_method(value):
            raise ValueError(f"{value!r} is private: methods starting with '_' can never be allowed")
        if is_impersonation_method(value):
            raise ValueError(f"{value!r} would change the acting user or bypass access rights: never allowed")
        return value


class PolicySettings(BaseModel):
    """What the policy lets through: writes, models, the `call_method` allowlist, and the limits."""

    model_config = ConfigDict(extra="forbid")

    allow_writes: bool = Field(default=False, description="Expose create/update tools and write methods")
    default_limit: int = Field(
        default=20, ge=1, le=10_000, description="Records returned when no limit is given"
    )
    max_limit: int = Field(default=200, ge=1, le=10_000, description="Largest limit a tool call may ask for")
    max_response_chars: int = Field(
        default=60_000, ge=1_000, description="Budget for one tool answer before it is truncated"
    )
    enabled_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Models re-enabled although denied by default"
    )
    denied_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra models never exposed"
    )
    methods: list[MethodRule] = Field(
        default_factory=list,
        description="Model methods call_method may call (MCP_ODOO_METHODS as a JSON list)",
    )

    @field_validator("enabled_models", "denied_models", mode="before")
    @classmethod
    def _comma_lists(cls, value: Any) -> Any:
        return comma_list(value)

    @model_validator(mode="after")
    def _limits_agree(self) -> Self:
        if self.default_limit > self.max_limit:
            raise ValueError("MCP_ODOO_DEFAULT_LIMIT must not exceed MCP_ODOO_MAX_LIMIT")
        return self
