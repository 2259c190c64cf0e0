"""The one runner every tool call, resource read and prompt rendering goes through.

`run_call` gives the body a `ToolCall` (the request's gateway, in the call's company, observed for the
audit), lets the transport's guard admit it, turns policy refusals and Odoo errors into one error shape
(any other exception into a generic error, its traceback in the log), reports it to the guard's
metrics and audits it, whatever its end: a write before its answer is sent, a read while it is sent.
Tools present the outcome as a tool result (`isError` for errors); resources and prompts as a
protocol error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp_types import ToolAnnotations

from mcp_odoo.audit import AuditEntry, AuditLog, Outcome
from mcp_odoo.calls.arguments import COMPANY_ARGUMENT, TARGET_ARGUMENT
from mcp_odoo.calls.confirm import Preview
from mcp_odoo.calls.results import INTERNAL_ERROR, ToolOutput
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import OdooGateway, PolicyError, Refused

logger = logging.getLogger("mcp_odoo.tools")

T = TypeVar("T")


@dataclass(frozen=True)
class Kind:
    """What a tool does to Odoo, declared once: its MCP annotations and how it is run and audited."""

    annotations: ToolAnnotations
    writes: bool
    confirmed: bool = False
    """Irreversible: its preview is confirmed by the user before its body runs."""


READS = Kind(
    ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False),
    writes=False,
)
CREATES = Kind(
    ToolAnnotations(
        read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
    ),
    writes=True,
)
UPDATES = Kind(
    ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False),
    writes=True,
)
IRREVERSIBLE = Kind(
    ToolAnnotations(
        read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
    ),
    writes=True,
    confirmed=True,
)

Progress = Callable[[float, float | None, str | None], Awaitable[None]]

LOOKUP_METHODS = frozenset(
    {"fields_get", "name_search", "default_get", "get_available_models", "display_name_for"}
)
"""Calls that look something up for the call's real work: not what its audit entry names."""


Confirm = Callable[[Preview], Awaitable[ToolOutput | None]]


async def _confirmed(shown: Preview) -> ToolOutput | None:
    """Calls served outside the kit (resources, prompts) confirm nothing."""
    return None


async def no_progress(progress: float, total: float | None = None, message: str | None = None) -> None:
    """The progress reporter of a call whose client asked for none (resources and prompts)."""


@dataclass
class ToolCall:
    """One call being served: what its body needs, and the facts its audit entry records.

    `model`, `method` and the ids come from the gateway, which reports every Odoo call it sends: the
    entry names the call's last write; else its first read of the `subject` (the model the call names),
    else its last read (lookups such as ``fields_get`` aside). `record_ids` is set by a body that knows
    better (e.g. the id it created).
    """

    gateway: OdooGateway
    progress: Progress = no_progress
    subject: str | None = None
    model: str | None = None
    method: str | None = None
    record_ids: list[int] = field(default_factory=list)
    company_id: int | None = None
    """The company the call works in (its `COMPANY_ARGUMENT`); `gateway` already selects it."""
    preview: Preview | None = None
    """The preview the user confirmed, for the body of an irreversible tool."""
    confirm: Confirm = field(default=lambda shown: _confirmed(shown))
    """Ask the user to confirm `shown`: None to go on, else the answer to give instead (set by the kit)."""
    seen_ids: list[int] = field(default_factory=list)
    wrote: bool = False

    def saw(self, model: str, method: str, ids: Sequence[int] | None, writes: bool) -> None:
        """The gateway sent `method` on `model` for this call."""
        if not writes and (self.wrote or self._read_is_known(method)):
            return
        self.model, self.method, self.seen_ids, self.wrote = model, method, list(ids or []), writes

    def _read_is_known(self, method: str) -> bool:
        """Whether the read already recorded outranks a new read by `method`."""
        if self.method is None:
            return False
        subject_read = self.model == self.subject and self.method not in LOOKUP_METHODS
        return method in LOOKUP_METHODS or subject_read


@dataclass(frozen=True)
class Ran(Generic[T]):
    """How a call ended: its value, or the error to answer (kind, message, retryable, hint)."""

    value: T | None = None
    error: dict[str, Any] | None = None


async def run_call(
    runtime: Runtime,
    name: str,
    arguments: dict[str, Any],
    body: Callable[[ToolCall], Awaitable[T]],
    *,
    writes: bool = False,
    request_id: str | None = None,
    progress: Progress = no_progress,
    subject: str | None = None,
    target: str | None = None,
) -> Ran[T]:
    """Run `body` as the call `name` with `arguments` on the Odoo `target` (None: the default), and audit
    it; `subject` is the model the call is about when its arguments do not name it.

    On a server with several targets the audited arguments name the target the call ran on."""
    token = get_access_token()
    subject = subject or _named_model(arguments)
    call = ToolCall(gateway=runtime.gateway, progress=progress, subject=subject, model=subject)
    started = time.perf_counter()
    outcome: Outcome = "ok"
    error_kind: str | None = None
    ran: Ran[T]
    try:
        named = runtime.target_name(target)
        if named is not None:
            arguments = {**arguments, TARGET_ARGUMENT: named}
        gateway = call.gateway = runtime.gateway_on(named)
        if runtime.guard is not None:
            await runtime.guard.admit(writes=writes)
        if writes and runtime.audit_required_for_writes:
            await _audit_ready_for_write(runtime.audit)
        call.company_id = await gateway.company_of(arguments.get(COMPANY_ARGUMENT))
        call.gateway = gateway.in_company(call.company_id).observed(call.saw)
        ran = Ran(value=await body(call))
    except PolicyError as exc:
        outcome = "refused" if isinstance(exc, Refused) else "error"
        error_kind = exc.kind
        ran = Ran(error=exc.to_dict())
    except OdooError as exc:
        outcome, error_kind = "error", str(exc.kind)
        logger.info("%s: Odoo answered %s: %s", name, exc.kind, exc.message)
        logger.debug("%s: Odoo's details: %s", name, exc.debug)
        ran = Ran(error=exc.to_dict())
    except Exception:
        outcome, error_kind = "error", str(INTERNAL_ERROR["kind"])
        logger.exception("%s failed unexpectedly", name)
        ran = Ran(error=dict(INTERNAL_ERROR))
    duration = time.perf_counter() - started
    if runtime.guard is not None:
        runtime.guard.observe(name, outcome, duration, error_kind)
    logger.info(
        "%s: %s",
        name,
        outcome,
        extra={
            "tool": name,
            "outcome": outcome,
            "error_kind": error_kind,
            "duration_ms": round(duration * 1000, 1),
        },
    )
    login, uid = call.gateway.identity
    entry = AuditEntry(
        client_id=token.client_id if token is not None else None,
        subject=token.subject if token is not None else None,
        odoo_login=login,
        odoo_uid=uid,
        tool=name,
        model=call.model,
        method=call.method,
        arguments=arguments,
        outcome=outcome,
        error_kind=error_kind,
        duration_ms=duration * 1000,
        record_ids=call.record_ids or call.seen_ids,
        request_id=request_id,
    )
    if writes:
        await runtime.record(entry, writes=True)
    else:
        runtime.record_soon(entry)
    return ran


def _named_model(arguments: dict[str, Any]) -> str | None:
    model = arguments.get("model")
    return model if isinstance(model, str) else None


async def _audit_ready_for_write(audit: AuditLog) -> None:
    try:
        await audit.ensure_ready()
    except Exception as exc:
        logger.error("audit log unavailable, write refused: %s", exc)
        raise Refused(
            "the audit log is unavailable and this server requires every write to be audited",
            hint="do not retry now; the administrator must restore the audit log first",
        ) from None
