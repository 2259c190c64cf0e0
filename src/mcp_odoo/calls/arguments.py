"""Arguments many tools share, declared once so every tool publishes them the same way."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, WithJsonSchema

from mcp_odoo.calls.bounds import TOKEN_MAX_CHARS

COMPANY_ARGUMENT = "company_id"
"""The argument naming the company a tool works in (an id or a company name), for every tool that has it."""
CompanyArg = Annotated[
    int | str,
    WithJsonSchema({"type": "string", "maxLength": 200}),
    Field(default="", description="Company id or name; empty = the default"),
]
"""`COMPANY_ARGUMENT` of every tool reading or writing company-dependent records (the runner applies it)."""

IdempotencyKeyArg = Annotated[
    str,
    Field(
        default="",
        max_length=TOKEN_MAX_CHARS,
        description="Key of this operation: a retry with it returns the first answer, creates nothing",
    ),
]
ConfirmationTokenArg = Annotated[
    str,
    Field(
        default="",
        max_length=TOKEN_MAX_CHARS,
        description="Empty at first; then the token of the preview the user agreed to, same arguments",
    ),
]
