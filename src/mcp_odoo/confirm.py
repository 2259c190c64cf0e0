"""Confirmation of irreversible steps: a human says yes before Odoo is asked to do them.

Two ways, chosen per call:
- MCP elicitation, when the client declares it: the server shows a form (document, partner,
  amount, what will happen) and acts only on an explicit "confirm".
- Otherwise a preview and a single-use confirmation token. The token is bound to the tool, the
  exact arguments and the Odoo identity, and expires quickly; the agent shows the preview to its
  user and calls again with the token. Declined, expired, reused or mismatched tokens change nothing.

The elicitation is asked by an SDK resolver (`Resolve`), which runs before the tool body and so
outside `run_tool`; it therefore never raises: when it cannot build the preview it does not ask,
and the tool body, which runs the same preview inside `run_tool`, reports the error properly.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mcp.server.elicitation import AcceptedElicitation
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import Elicit
from pydantic import BaseModel, Field

from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import OdooGateway, PolicyError

DEFAULT_TOKEN_TTL_SECONDS = 300.0
TOKEN_ARGUMENT = "confirmation_token"
UNBOUND_ARGUMENTS = frozenset({TOKEN_ARGUMENT})
"""Arguments a token is not bound to (the token itself)."""


class Confirmation(BaseModel):
    """The elicitation form: one explicit yes."""

    confirm: bool = Field(description="Tick to let the server do this now; it cannot be undone")


class ConfirmationRejected(PolicyError):
    """A confirmation token that cannot be used: unknown, expired, already used or for another call."""

    kind = "confirmation_invalid"


@dataclass(frozen=True)
class Preview:
    """What an irreversible step will do, shown to the human before it happens."""

    action: str
    model: str
    record_id: int
    document: str
    partner: str | None = None
    amount: str | None = None
    details: tuple[str, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    """What the pre-flight resolved for the step itself (e.g. a payment's journal and amount)."""
    record_ids: tuple[int, ...] = ()
    """Every record the step acts on, when it acts on several (`record_id` is the first)."""

    @property
    def touched(self) -> list[int]:
        """The ids of the records the step acts on."""
        return list(self.record_ids) or ([self.record_id] if self.record_id else [])

    def message(self) -> str:
        rows = [f"{self.action}: {self.document}"]
        if self.partner:
            rows.append(f"Partner: {self.partner}")
        if self.amount:
            rows.append(f"Amount: {self.amount}")
        rows.extend(self.details)
        rows.append("This cannot be undone. Confirm?")
        return "\n".join(rows)


class NotAsked:
    """The resolver's answer when no elicitation was asked (token flow, confirmation off, or no preview)."""


NOT_ASKED = NotAsked()


Identity = tuple[str | None, int | None]


def fingerprint(tool: str, arguments: Mapping[str, Any], ignored: frozenset[str] = UNBOUND_ARGUMENTS) -> str:
    """A stable digest of a tool call: the tool name and its arguments, minus the `ignored` ones."""
    bound = {key: value for key, value in arguments.items() if key not in ignored}
    canonical = json.dumps([tool, bound], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_in_seconds: int


@dataclass
class _Pending:
    call: str
    identity: Identity
    expires_at: float


@dataclass
class ConfirmationTokens:
    """Single-use tokens in memory, bound to (call fingerprint, Odoo identity) with a short expiry."""

    ttl_seconds: float = DEFAULT_TOKEN_TTL_SECONDS
    clock: Callable[[], float] = time.monotonic
    _pending: dict[str, _Pending] = field(default_factory=dict)

    def issue(self, call: str, identity: Identity) -> IssuedToken:
        self._forget_expired()
        token = secrets.token_urlsafe(24)
        self._pending[token] = _Pending(call, identity, self.clock() + self.ttl_seconds)
        return IssuedToken(token, int(self.ttl_seconds))

    def redeem(self, token: str, call: str, identity: Identity) -> None:
        """Consume `token` for this exact call, or raise `ConfirmationRejected` (nothing is done then)."""
        pending = self._pending.pop(token, None)
        again = "call again without confirmation_token to get a new preview and token"
        if pending is None:
            raise ConfirmationRejected(
                "this confirmation token is unknown or was already used", hint=f"tokens work once; {again}"
            )
        if pending.expires_at <= self.clock():
            raise ConfirmationRejected("this confirmation token has expired; nothing was changed", hint=again)
        if pending.call != call or pending.identity != identity:
            raise ConfirmationRejected(
                "this confirmation token was issued for a different call; nothing was changed",
                hint=f"a token is valid only with exactly the arguments of its preview; {again}",
            )

    def _forget_expired(self) -> None:
        now = self.clock()
        for token in [token for token, pending in self._pending.items() if pending.expires_at <= now]:
            del self._pending[token]


PreviewFn = Callable[[OdooGateway], Awaitable[Preview]]
"""The pre-flight of one call (arguments bound in a closure): its preview, or PolicyError/OdooError."""


def client_can_elicit(ctx: Context[Any, Any]) -> bool:
    capabilities = ctx.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and (elicitation.form is not None or elicitation.url is None)


def accepted(answer: object) -> bool | None:
    """True/False for an elicitation that was answered, None when none was asked."""
    if isinstance(answer, AcceptedElicitation):
        if isinstance(answer.data, Confirmation):
            return answer.data.confirm
        return None
    return False


@dataclass
class Confirmer:
    """Decides how each irreversible call is confirmed; one per server."""

    disabled_tools: frozenset[str] = frozenset()
    tokens: ConfirmationTokens = field(default_factory=ConfirmationTokens)

    def required(self, tool: str) -> bool:
        return tool not in self.disabled_tools

    def resolver(
        self,
        tool: str,
        argument_names: Sequence[str],
        preview: Callable[..., PreviewFn | None],
    ) -> Callable[..., Awaitable[Elicit[Confirmation] | NotAsked]]:
        """The SDK resolver asking the elicitation for `tool`.

        It receives the tool's arguments by name (its signature is built from `argument_names`),
        and `preview(**arguments)` gives the function building the preview, or None when these
        arguments ask for nothing irreversible (e.g. a reversible method of `call_method`).
        """

        async def ask(ctx: Context[Any, Any], **arguments: Any) -> Elicit[Confirmation] | NotAsked:
            if not self.required(tool) or arguments.get(TOKEN_ARGUMENT) or not client_can_elicit(ctx):
                return NOT_ASKED
            build = preview(**arguments)
            if build is None:
                return NOT_ASKED
            gateway: OdooGateway = ctx.request_context.lifespan_context.gateway
            try:
                shown = await build(gateway)
            except (PolicyError, OdooError):
                return NOT_ASKED
            return Elicit(shown.message(), Confirmation)

        parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
        parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in argument_names]
        returns = Elicit[Confirmation] | NotAsked
        ask.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
        ask.__annotations__ = {"ctx": Context, "return": returns}
        ask.__name__ = ask.__qualname__ = f"confirm_{tool}"
        return ask
