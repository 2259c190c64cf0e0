"""Free-form arguments (a domain, field values, a method's args and kwargs) published as JSON text.

Strict clients refuse the schema such arguments would need: OpenAI's strict mode refuses an object with
``additionalProperties: true``, Gemini refuses an array whose ``items`` has no type, and the items of a
domain or a method's args have no single type. So these arguments are published as a string holding
JSON (``'[["state", "=", "sale"]]'``, ``'{"name": "Acme"}'``); the JSON value itself (a list, an
object) is still accepted from clients that send one. `decoded` turns either into the value.
"""

from __future__ import annotations

import json
from typing import Any

from mcp_odoo.echo import echo
from mcp_odoo.policy.rules import InvalidRequest


def decoded(value: Any, argument: str, kind: type[list[Any]] | type[dict[str, Any]], example: str) -> Any:
    """`value` as a `kind` (list or dict): itself, or the JSON text it holds; else `InvalidRequest`."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else kind()
        except json.JSONDecodeError as exc:
            raise InvalidRequest(
                f"{argument} {echo(value)} is not JSON ({exc.msg} at character {exc.pos})",
                hint=f"give {argument} as JSON text, e.g. {example}",
            ) from None
    if not isinstance(value, kind):
        expected = "a list" if kind is list else "an object"
        raise InvalidRequest(
            f"{argument} must be {expected} (as JSON text), got {type(value).__name__}",
            hint=f"e.g. {example}",
        )
    return value
