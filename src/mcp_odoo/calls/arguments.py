"""Arguments many tools share, declared once so every tool publishes them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema

from mcp_odoo.calls.bounds import TOKEN_MAX_CHARS

COMPANY_ARGUMENT = "company_id"
"""The argument naming the company a tool works in (an id or a company name), for every tool that has it."""
CompanyArg = Annotated[
    int | str,
    WithJsonSchema({"type": "string", "maxLength": 200}),
    Field(default="", description="Company id or name; empty = default"),
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

TARGET_ARGUMENT = "target"
"""The argument naming the Odoo target a call works on, added to every tool of a server with several."""


def target_argument(names: Sequence[str]) -> Any:
    """The type of `TARGET_ARGUMENT` on a server serving the Odoo targets `names` (the first the default).

    One call works on one target: nothing an agent sends can make a call read on one and write on another.
    """
    choices = tuple(names)
    return Annotated[
        Literal[choices] | None,
        Field(
            default=None,
            description=f"Odoo database to work on: {', '.join(choices)}; empty = {choices[0]}. "
            "Each call works on one only",
        ),
    ]
