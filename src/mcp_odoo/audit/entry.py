"""What one audited tool call is, and how the log is asked for entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Outcome = Literal["ok", "error", "refused"]

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f+00:00"
"""Fixed-width UTC timestamps, so that text order is time order (SQLite stores them as text)."""


def _now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


class AuditEntry(BaseModel):
    """One MCP tool call: who, what, with which (redacted) arguments, and how it ended."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time: datetime = Field(default_factory=_now, description="When the call started, in UTC")
    client_id: str | None = Field(description="MCP client identity, when the transport knows it")
    odoo_login: str | None = Field(description="Odoo login the call ran as")
    odoo_uid: int | None = Field(description="Odoo user id the call ran as")
    tool: str = Field(description="MCP tool name")
    model: str | None = Field(description="Odoo model, e.g. res.partner")
    method: str | None = Field(description="Odoo method, e.g. search_read")
    arguments: dict[str, Any] = Field(description="Tool arguments, secrets redacted before storage")
    outcome: Outcome
    error_kind: str | None = Field(description="Stable error name (ErrorKind) when the call failed")
    duration_ms: float = Field(ge=0, allow_inf_nan=False, description="Wall time of the call")
    record_ids: list[int] = Field(default_factory=list, description="Ids read or written")
    subject: str | None = Field(default=None, description="Authenticated end user (OAuth subject)")
    request_id: str | None = Field(default=None, description="MCP request id, to correlate with logs")

    @field_validator("time")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """Naive times are taken as UTC; aware ones are converted to it."""
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def canonical_json(self) -> str:
        """The stable text the tamper-evident chain hashes: sorted keys, no spaces, ASCII only."""
        document = self.model_dump(mode="python")
        document["time"] = format_time(self.time)
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


class AuditQuery(BaseModel):
    """Which entries to return, newest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    last: int = Field(default=20, ge=1, le=100_000, description="How many entries at most")
    tool: str | None = Field(default=None, description="Only calls of this tool")
    subject: str | None = Field(default=None, description="Only calls of this person (token subject)")
    odoo_login: str | None = Field(default=None, description="Only calls made as this Odoo login")
    errors_only: bool = Field(default=False, description="Only calls whose outcome is error or refused")
