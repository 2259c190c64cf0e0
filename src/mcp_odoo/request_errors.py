"""Errors of ``prompts/get`` and ``resources/read``: the same clear answer in both protocol eras, clipped.

The SDK reports an unknown prompt or a missing prompt argument as a ``ValueError``, which the 2025 era
answers with its text and the 2026-07 era as ``Internal server error`` (with a traceback in the log);
its read errors repeat the whole URI. This server middleware answers both eras alike: ``Invalid
params`` with the SDK's message, and every message and URI clipped, so an error never repeats a whole
input (tool errors are clipped the same way, by `run_tool`); an unknown prompt's name is repeated as
tools repeat a rejected name (`echo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS
from pydantic import ValidationError

from mcp_odoo.calls.results import clipped_message
from mcp_odoo.echo import clip, echo

ANSWERED = frozenset({"prompts/get", "resources/read"})
URI_ECHO_CHARS = 200
"""How much of a URI an error's data repeats."""


class ClearRequestErrors:
    """Server middleware: prompt and resource errors as ``Invalid params``/their own code, clipped."""

    def __init__(self, mcp: MCPServer[Any]) -> None:
        self._mcp = mcp

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method not in ANSWERED:
            return await call_next(ctx)
        name = (ctx.params or {}).get("name")
        if ctx.method == "prompts/get" and isinstance(name, str) and not await self._is_prompt(name):
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown prompt: {echo(name)}")
        try:
            return await call_next(ctx)
        except ValidationError:
            raise  # malformed params: the SDK answers Invalid params without echoing them
        except MCPError as exc:
            error = exc.error
            raise MCPError(
                code=error.code, message=clipped_message(error.message), data=_clipped_data(error.data)
            ) from None
        except ValueError as exc:
            raise MCPError(code=INVALID_PARAMS, message=clipped_message(str(exc))) from None

    async def _is_prompt(self, name: str) -> bool:
        return any(prompt.name == name for prompt in await self._mcp.list_prompts())


def _clipped_data(data: Any) -> Any:
    if isinstance(data, Mapping) and isinstance(data.get("uri"), str):
        return {**data, "uri": clip(data["uri"], URI_ECHO_CHARS)}
    return data


def clear_request_errors(mcp: MCPServer[Any]) -> None:
    """Install `ClearRequestErrors` on `mcp` (once, however often it is called)."""
    if not any(isinstance(middleware, ClearRequestErrors) for middleware in mcp.middleware):
        mcp.middleware.append(ClearRequestErrors(mcp))
