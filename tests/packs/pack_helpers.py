"""What the pack tests share besides fixtures: elicitation answers, links of a result, a user's email.

A module of its own, not conftest.py: pytest imports every folder's conftest.py as the module ``conftest``,
so ``from conftest import`` gets whichever folder's came last in the process (the whole suite, an xdist
worker); ``from pack_helpers import links_of`` finds this file whatever else runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mcp_types as types
from mcp_types import CallToolResult

from mcp_odoo.simulator.orm import Registry

Elicit = Callable[[Any, types.ElicitRequestParams], Any]


def set_email(registry: Registry, login: str, email: str) -> None:
    """Give a user an email address, as an administrator would (Odoo 16-18 post notes only from one)."""
    admin = registry.users["admin"].uid
    registry.execute_kw(admin, "res.users", "write", [[registry.users[login].uid], {"email": email}], {})


def links_of(result: CallToolResult) -> list[str]:
    return [str(block.uri) for block in result.content if block.type == "resource_link"]


async def accept(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"confirm": True})


async def decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="decline")
