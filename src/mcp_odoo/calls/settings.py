"""The MCP surface's settings: which tools, declarative tools and prompts are offered, how documents are
returned, and which irreversible steps ask for confirmation.

Configured as ``MCP_ODOO_DISABLED_PACKS``, ``MCP_ODOO_QUERIES`` and ``MCP_ODOO_ACTIONS``
(``[[server.queries]]``, ``[[server.actions]]`` in the TOML file), ``MCP_ODOO_PROMPTS_DIR``,
``MCP_ODOO_PDF_INLINE_MAX_BYTES``, ``MCP_ODOO_CONFIRMATION_OFF`` and ``MCP_ODOO_CONFIRMATION_TTL_SECONDS``;
`mcp_odoo.settings` files them here. The kit carries them to the packs, resources and prompts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import NoDecode

from mcp_odoo.config import comma_list


class SurfaceSettings(BaseModel):
    """What the server offers beyond the generic tools, and how its irreversible tools are confirmed."""

    model_config = ConfigDict(extra="forbid")

    disabled_packs: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Business tool packs left out (all packs are on by default)"
    )
    queries: list[dict[str, Any]] = Field(
        default_factory=list, description="Declarative read tools, from [[server.queries]]"
    )
    actions: list[dict[str, Any]] = Field(
        default_factory=list, description="Declarative method tools, from [[server.actions]]"
    )
    prompts_dir: Path | None = Field(
        default=None, description="Folder of extra prompt templates (*.md) loaded beside the shipped ones"
    )
    pdf_inline_max_bytes: int = Field(
        default=2_000_000,
        ge=0,
        description="PDFs up to this size are returned inline; larger ones as a resource link",
    )
    confirmation_off: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Irreversible tools that run without asking for confirmation (unattended deployments)",
    )
    confirmation_ttl_seconds: float = Field(
        default=300.0, gt=0, le=3600, description="How long a confirmation token stays valid"
    )

    @field_validator("disabled_packs", "confirmation_off", mode="before")
    @classmethod
    def _comma_lists(cls, value: Any) -> Any:
        return comma_list(value)
