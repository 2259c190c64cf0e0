"""Running a resource read or a prompt rendering: audited, with clean error messages.

Tools get this from `run_tool`; resources and prompts answer differently (a read error is a
JSON-RPC error, not an `isError` result), so policy refusals and Odoo errors become a
`ResourceError` whose message says what failed and what to do, and anything unexpected is
logged and reported without details. Every read is audited like a tool call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ResourceError

from mcp_odoo.audit import AuditEntry, Outcome
from mcp_odoo.calls.runner import Runtime
from mcp_odoo.echo import echo
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import PolicyError, Refused

logger = logging.getLogger("mcp_odoo.resources")

T = TypeVar("T")
ID_MAX_DIGITS = 18
"""Odoo ids are PostgreSQL integers: a longer number is no id (and Python refuses to read 4300+ digits)."""


def parse_id(text: str) -> int:
    """A record id from a URI segment, or a `ResourceError` saying what was expected."""
    if not text.isdigit() or len(text) > ID_MAX_DIGITS or int(text) == 0:
        raise ResourceError(f"{echo(text)} is not a record id: use a positive integer id in the URI")
    return int(text)


def error_text(error: PolicyError | OdooError) -> str:
    return f"{error.message} (hint: {error.hint})"


async def served(
    runtime: Runtime,
    action: str,
    arguments: dict[str, Any],
    body: Callable[[], Awaitable[T]],
    *,
    model: str | None = None,
    record_ids: list[int] | None = None,
    request_id: str | None = None,
) -> T:
    """`body()` under audit as `action` (e.g. ``read_resource``); failures raise `ResourceError`."""
    started = time.perf_counter()
    outcome: Outcome = "ok"
    error_kind: str | None = None
    try:
        return await body()
    except PolicyError as exc:
        outcome = "refused" if isinstance(exc, Refused) else "error"
        error_kind = exc.kind
        raise ResourceError(error_text(exc)) from None
    except OdooError as exc:
        outcome, error_kind = "error", str(exc.kind)
        logger.info("%s: Odoo error %s: %s", action, exc.kind, exc.debug or exc.message)
        raise ResourceError(error_text(exc)) from None
    except ResourceError:
        outcome, error_kind = "error", "bad_arguments"
        raise
    except Exception:
        outcome, error_kind = "error", "internal_error"
        logger.exception("%s failed unexpectedly", action)
        raise ResourceError("the server failed while handling this request; details are in its log") from None
    finally:
        login, uid = runtime.gateway.identity
        token = get_access_token()
        entry = AuditEntry(
            client_id=token.client_id if token is not None else None,
            subject=token.subject if token is not None else None,
            odoo_login=login,
            odoo_uid=uid,
            tool=action,
            model=model,
            method="read",
            arguments=arguments,
            outcome=outcome,
            error_kind=error_kind,
            duration_ms=(time.perf_counter() - started) * 1000,
            record_ids=record_ids or [],
            request_id=request_id,
        )
        try:
            await runtime.audit.record(entry)
        except Exception as exc:
            logger.error("audit entry for %s was not stored: %s", action, exc)
