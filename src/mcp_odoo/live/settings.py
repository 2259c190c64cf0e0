"""How change subscriptions run: how often each Odoo identity's subscriptions are polled, how many one
identity may hold, and the saved queries a client may watch.

Configured as ``MCP_ODOO_SUBSCRIPTION_INTERVAL_SECONDS``, ``MCP_ODOO_SUBSCRIPTION_CAP``,
``MCP_ODOO_SUBSCRIPTION_QUERY_CAP`` and ``MCP_ODOO_SAVED_QUERIES`` (``[[server.saved_queries]]`` in the TOML
file: name, model, domain, description); `mcp_odoo.settings` files them here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mcp_odoo.live.targets import SavedQuery


class SavedQuerySettings(BaseModel):
    """One saved query: ``odoo://query/{name}``, the records of `model` matching `domain` (``"$uid"`` and
    ``"$today"`` stand for the subscriber's user id and today)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_]{1,64}$", description="Lower-case name used in the URI")
    model: str = Field(min_length=1, description="Technical model name, e.g. sale.order")
    domain: list[Any] = Field(default_factory=list, description="Odoo domain, e.g. [['state', '=', 'draft']]")
    description: str = Field(default="", description="What the query lists, shown to the client")

    def saved(self) -> SavedQuery:
        return SavedQuery(self.name, self.model, list(self.domain), self.description)


class LiveSettings(BaseModel):
    """Change subscriptions: the poll interval, the caps and the saved queries."""

    model_config = ConfigDict(extra="forbid")

    subscription_interval_seconds: float = Field(
        default=30.0, ge=1, le=3600, description="Seconds between two polls of one identity's subscriptions"
    )
    subscription_cap: int = Field(
        default=100, ge=1, le=10_000, description="Subscriptions one Odoo identity may hold, across replicas"
    )
    subscription_query_cap: int = Field(
        default=200, ge=1, le=10_000, description="Records of a saved query compared at each poll"
    )
    saved_queries: list[SavedQuerySettings] = Field(
        default_factory=list, description="Saved queries a client may watch, from [[server.saved_queries]]"
    )

    @field_validator("saved_queries")
    @classmethod
    def _unique_names(cls, queries: list[SavedQuerySettings]) -> list[SavedQuerySettings]:
        names = [query.name for query in queries]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"saved query name(s) used twice: {', '.join(twice)}")
        return queries
