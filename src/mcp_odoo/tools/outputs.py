"""The structured answers of the generic tools (their published output schemas)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from mcp_odoo.policy import FieldMeta


class ModelEntry(BaseModel):
    model: str = Field(description="Technical name")
    label: str = Field(description="Label shown in Odoo")


class ModelList(BaseModel):
    models: list[ModelEntry] = Field(description="Readable models matching the query")
    total: int = Field(description="How many readable models match the query")
    next_offset: int | None = Field(default=None, description="Pass as offset to see more")


class ModelDescription(BaseModel):
    model: str
    label: str | None = None
    fields: list[FieldMeta] = Field(description="Field metadata (sensitive fields are never listed)")
    notice: str | None = Field(default=None, description="Present when the list was shortened")


class RecordPage(BaseModel):
    model: str
    records: list[dict[str, Any]] = Field(
        description="Records; empty values are left out; many2one as {id, name}"
    )
    total: int = Field(description="How many records match the domain")
    offset: int
    next_offset: int | None = Field(default=None, description="Pass as offset to get the next page")
    notice: str | None = Field(default=None, description="Present when the answer was shortened")


class RecordList(BaseModel):
    model: str
    records: list[dict[str, Any]]
    missing_ids: list[int] | None = Field(
        default=None, description="Ids that do not exist or are not visible"
    )
    notice: str | None = None


class RecordCount(BaseModel):
    model: str
    count: int


class GroupTotals(BaseModel):
    model: str
    groups: list[dict[str, Any]] = Field(
        description="One entry per group: group values, aggregates and count"
    )
    notice: str | None = None


class WriteOutcome(BaseModel):
    model: str
    ids: list[int] = Field(description="Ids created or updated")
    display_name: str | None = Field(default=None, description="Name of the created record")
    status: Literal["declined", "confirmation_required"] | None = Field(
        default=None,
        description="An update waiting for the user's confirmation, or declined: nothing changed",
    )
    preview: str | None = Field(default=None, description="What the update will do, to show to the user")
    confirmation_token: str | None = Field(default=None, description="Pass it back to confirm (single use)")
