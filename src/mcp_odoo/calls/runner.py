"""What every tool shares: the per-connection runtime, and `run_tool`, which turns a tool body's
outcome into an MCP result and audits it.

A tool body receives a `ToolCall` (the gateway, a progress reporter, and the fields the audit
entry needs) and returns a `ToolOutput` (structured data plus its compact text). Policy refusals
and Odoo errors become `isError` results carrying the clean message, the error kind, whether a
retry can help and a hint; any other exception becomes a generic error (its traceback goes to
the log on stderr), so a tool never crashes the server. Every call is audited, whatever its end: a
write before its answer is sent, a read while it is sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver import Context
from mcp_types import CallToolResult, TextContent
from pydantic import BaseModel, Field, WithJsonSchema

from mcp_odoo.audit import AuditEntry, AuditLog, Outcome
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import OdooGateway, PolicyError, Refused

if TYPE_CHECKING:
    from mcp_odoo.http.metrics import Metrics
    from mcp_odoo.http.ratelimit import RateLimiter
    from mcp_odoo.identity.gateways import GatewaySource

logger = logging.getLogger("mcp_odoo.tools")

INTERNAL_ERROR = {
    "kind": "internal_error",
    "message": "the server failed while handling this call; the details are in the server log",
    "retryable": False,
    "hint": "do not retry the same call; report it to the administrator if it persists",
}


@dataclass
class Runtime:
    """What the tools of one connection use: built when the server starts, closed when it stops.

    `gateways` gives each request its gateway: the service user's, or in passthrough mode the
    caller's own. `limiter` and `metrics` are set on the HTTP transport.
    """

    gateways: GatewaySource
    audit: AuditLog
    audit_required_for_writes: bool = False
    limiter: RateLimiter | None = None
    metrics: Metrics | None = None
    _storing: set[asyncio.Task[None]] = field(default_factory=set, init=False, repr=False)

    @property
    def gateway(self) -> OdooGateway:
        """The gateway of the request being served."""
        return self.gateways.current()

    def record_soon(self, entry: AuditEntry) -> None:
        """Store the audit entry of a read without holding its answer back (a failure is logged).

        Entries reach the log in call order: each sink applies them one at a time, as they come.
        """
        task = asyncio.get_running_loop().create_task(_record(self, entry, writes=False))
        self._storing.add(task)
        task.add_done_callback(self._storing.discard)

    async def settle(self) -> None:
        """Wait until the audit entries of reads are stored (before the audit log closes)."""
        while self._storing:
            await asyncio.wait(set(self._storing))


@dataclass
class ToolOutput:
    """A tool's answer: `data` is the structured content, `text` its compact rendering."""

    data: BaseModel
    text: str


Progress = Callable[[float, float | None, str | None], Awaitable[None]]


@dataclass
class ToolCall:
    """One tool invocation: what the body needs, and what it tells the audit (model, method, ids)."""

    gateway: OdooGateway
    progress: Progress
    model: str | None = None
    method: str | None = None
    record_ids: list[int] = field(default_factory=list)
    company_id: int | None = None
    """The company the call works in (its `COMPANY_ARGUMENT`); `gateway` already selects it."""


ToolBody = Callable[[ToolCall], Awaitable[ToolOutput]]

COMPANY_ARGUMENT = "company_id"
"""The argument naming the company a tool works in (an id or a company name), for every tool that has it."""
CompanyArg = Annotated[
    int | str,
    WithJsonSchema({"type": "string", "maxLength": 200}),
    Field(default="", description="Company id or name; empty = the default"),
]
"""`COMPANY_ARGUMENT` of every tool reading or writing company-dependent records (`run_tool` applies it)."""


def ok_result(output: ToolOutput) -> CallToolResult:
    structured = output.data.model_dump(mode="json", exclude_none=True)
    return CallToolResult(content=[TextContent(type="text", text=output.text)], structured_content=structured)


ERROR_META_KEY = "mcp-odoo/error"
"""Where an isError result carries its kind, message, retry advice and hint for programs.

Not in `structuredContent`: that must match the tool's output schema, which describes success,
and strict clients (e.g. the MCP Inspector) reject an error that does not.
"""


ERROR_MESSAGE_MAX_CHARS = 2_000
"""An error repeats at most this much of its message: a huge echoed input must not blow the budget."""


def clipped_message(message: str) -> str:
    """`message` cut to `ERROR_MESSAGE_MAX_CHARS`, saying how much was left out."""
    if len(message) <= ERROR_MESSAGE_MAX_CHARS:
        return message
    return message[:ERROR_MESSAGE_MAX_CHARS] + f"… ({len(message) - ERROR_MESSAGE_MAX_CHARS} more characters)"


def error_result(error: Mapping[str, Any]) -> CallToolResult:
    error = {**error, "message": clipped_message(str(error["message"]))}
    retry = "a retry may help" if error["retryable"] else "do not retry as is"
    text = f"Error ({error['kind']}, {retry}): {error['message']}\nHint: {error['hint']}"
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        _meta={ERROR_META_KEY: dict(error)},
        is_error=True,
    )


async def run_tool(
    ctx: Context[Runtime, Any],
    tool: str,
    arguments: dict[str, Any],
    body: ToolBody,
    *,
    writes: bool = False,
) -> CallToolResult:
    """Run `body` for `tool`, convert its outcome into a result, and audit the call."""
    runtime: Runtime = ctx.request_context.lifespan_context
    token = get_access_token()
    gateway = runtime.gateway
    call = ToolCall(gateway=gateway, progress=ctx.report_progress, model=arguments.get("model"))
    started = time.perf_counter()
    outcome: Outcome = "ok"
    error_kind: str | None = None
    try:
        if token is not None or runtime.limiter is not None:
            # Scopes and rate limits exist on the HTTP transport only: stdio never loads their modules.
            from mcp_odoo.http.call_guard import guard_call

            await guard_call(token, writes=writes, limiter=runtime.limiter, metrics=runtime.metrics)
        if writes and runtime.audit_required_for_writes:
            await _audit_ready_for_write(runtime.audit)
        call.company_id = await gateway.company_of(arguments.get(COMPANY_ARGUMENT))
        call.gateway = gateway.in_company(call.company_id)
        result = ok_result(await body(call))
    except PolicyError as exc:
        outcome = "refused" if isinstance(exc, Refused) else "error"
        error_kind = exc.kind
        result = error_result(exc.to_dict())
    except OdooError as exc:
        outcome, error_kind = "error", str(exc.kind)
        logger.info("%s: Odoo answered %s: %s", tool, exc.kind, exc.message)
        logger.debug("%s: Odoo's details: %s", tool, exc.debug)
        result = error_result(exc.to_dict())
    except Exception:
        outcome, error_kind = "error", str(INTERNAL_ERROR["kind"])
        logger.exception("%s failed unexpectedly", tool)
        result = error_result(INTERNAL_ERROR)
    duration = time.perf_counter() - started
    if runtime.metrics is not None:
        runtime.metrics.tool_call(tool, outcome, duration)
        if error_kind is not None:
            runtime.metrics.error(error_kind)
    login, uid = gateway.identity
    logger.info(
        "%s: %s",
        tool,
        outcome,
        extra={
            "tool": tool,
            "outcome": outcome,
            "error_kind": error_kind,
            "duration_ms": round(duration * 1000, 1),
        },
    )
    entry = AuditEntry(
        client_id=token.client_id if token is not None else None,
        subject=token.subject if token is not None else None,
        odoo_login=login,
        odoo_uid=uid,
        tool=tool,
        model=call.model,
        method=call.method,
        arguments=arguments,
        outcome=outcome,
        error_kind=error_kind,
        duration_ms=duration * 1000,
        record_ids=call.record_ids,
        request_id=str(ctx.request_id),
    )
    if writes:
        await _record(runtime, entry, writes=True)
    else:
        runtime.record_soon(entry)
    return result


async def _audit_ready_for_write(audit: AuditLog) -> None:
    try:
        await audit.ensure_ready()
    except Exception as exc:
        logger.error("audit log unavailable, write refused: %s", exc)
        raise Refused(
            "the audit log is unavailable and this server requires every write to be audited",
            hint="do not retry now; the administrator must restore the audit log first",
        ) from None


async def _record(runtime: Runtime, entry: AuditEntry, *, writes: bool) -> None:
    try:
        await runtime.audit.record(entry)
    except Exception as exc:
        level = logging.CRITICAL if writes and runtime.audit_required_for_writes else logging.ERROR
        logger.log(level, "audit entry for %s was not stored: %s", entry.tool, exc)
