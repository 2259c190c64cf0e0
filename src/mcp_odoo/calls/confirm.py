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
import hmac
import inspect
import json
import math
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from mcp.server.elicitation import AcceptedElicitation
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import Elicit
from pydantic import BaseModel, Field, SecretStr

from mcp_odoo.calls.arguments import COMPANY_ARGUMENT, TARGET_ARGUMENT
from mcp_odoo.odoo.errors import OdooError
from mcp_odoo.policy import OdooGateway, PolicyError
from mcp_odoo.redis_failures import redis_failures

if TYPE_CHECKING:
    import redis.asyncio as aioredis

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


class ConfirmationUnavailable(PolicyError):
    """The shared store of spent tokens cannot be reached, so single use cannot be enforced."""

    kind = "confirmation_unavailable"
    retryable = True


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


class UsedNonces(Protocol):
    """Where spent token nonces are remembered, so that a token works once (on every replica sharing it)."""

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        """True the first time `nonce` is claimed within `ttl_seconds`, False afterwards."""
        ...


@dataclass
class MemoryNonces:
    """Spent nonces in this process: single use holds for one replica only."""

    clock: Callable[[], float] = time.time
    _spent: dict[str, float] = field(default_factory=dict)

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        now = self.clock()
        self._spent = {spent: until for spent, until in self._spent.items() if until > now}
        if nonce in self._spent:
            return False
        self._spent[nonce] = now + ttl_seconds
        return True


class RedisNonces:
    """Spent nonces in Redis, claimed with one atomic ``SET NX EX``: a reused token fails on every replica."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = "mcp-odoo:confirm") -> None:
        self._client = client
        self._prefix = prefix
        self._failures = redis_failures()

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        try:
            claimed = await self._client.set(f"{self._prefix}:{nonce}", b"1", nx=True, ex=max(ttl_seconds, 1))
        except self._failures as exc:
            raise ConfirmationUnavailable(
                f"the confirmation store is unreachable ({type(exc).__name__}); nothing was changed",
                hint="retry the same call with the same confirmation_token in a moment",
            ) from None
        return bool(claimed)


def confirmation_key(configured: SecretStr | None) -> bytes:
    """The HMAC key of confirmation tokens: derived from `configured`, the request-state keys or the secret
    key (the first of the list, as every replica has them), else random, valid in this process only."""
    if configured is None:
        return secrets.token_bytes(32)
    first = configured.get_secret_value().split(",")[0].strip()
    return hmac.new(first.encode(), b"mcp-odoo confirmation tokens", hashlib.sha256).digest()


@dataclass
class ConfirmationTokens:
    """Self-verifying single-use tokens, bound to (call fingerprint, Odoo identity) with a short expiry.

    A token is ``<expiry ms>.<nonce>.<HMAC-SHA256 of call, identity, expiry and nonce>``: any replica holding
    the same `key` verifies it without shared state; `used` (shared when Redis is configured) makes it
    single use. The expiry is wall-clock time, so replica clocks should agree (NTP).
    """

    ttl_seconds: float = DEFAULT_TOKEN_TTL_SECONDS
    clock: Callable[[], float] = time.time
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    used: UsedNonces = field(default_factory=MemoryNonces)

    def issue(self, call: str, identity: Identity) -> IssuedToken:
        expires_at = math.ceil((self.clock() + self.ttl_seconds) * 1000)
        nonce = secrets.token_urlsafe(18)
        token = f"{expires_at}.{nonce}.{self._mac(call, identity, expires_at, nonce)}"
        return IssuedToken(token, int(self.ttl_seconds))

    async def redeem(self, token: str, call: str, identity: Identity) -> None:
        """Consume `token` for this exact call, or raise `ConfirmationRejected` (nothing is done then)."""
        again = "call again without confirmation_token to get a new preview and token"
        parts = token.split(".")
        if len(parts) != 3 or not parts[0].isdigit():
            raise ConfirmationRejected(
                "this confirmation token is unknown or was already used", hint=f"tokens work once; {again}"
            )
        expires_at, nonce, mac = int(parts[0]), parts[1], parts[2]
        if not hmac.compare_digest(mac, self._mac(call, identity, expires_at, nonce)):
            raise ConfirmationRejected(
                "this confirmation token was issued for a different call, or for other records than the "
                "call would act on now; nothing was changed",
                hint=f"a token is valid only with exactly the arguments and records of its preview; {again}",
            )
        remaining = expires_at / 1000 - self.clock()
        if remaining <= 0:
            raise ConfirmationRejected("this confirmation token has expired; nothing was changed", hint=again)
        if not await self.used.claim(nonce, math.ceil(remaining)):
            raise ConfirmationRejected(
                "this confirmation token is unknown or was already used", hint=f"tokens work once; {again}"
            )

    def _mac(self, call: str, identity: Identity, expires_at: int, nonce: str) -> str:
        login, uid = identity
        signed = json.dumps([call, login, uid, expires_at, nonce], separators=(",", ":")).encode()
        return hmac.new(self.key, signed, hashlib.sha256).hexdigest()


PreviewFn = Callable[[OdooGateway], Awaitable[Preview]]
"""The pre-flight of one call (arguments bound in a closure): its preview, or PolicyError/OdooError."""
GuardFn = Callable[[OdooGateway], Awaitable[Preview | None]]
"""A pre-flight that may find nothing irreversible in the call (None), e.g. an update of a draft."""


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
        preview: Callable[..., GuardFn | None],
    ) -> Callable[..., Awaitable[Elicit[Confirmation] | NotAsked]]:
        """The SDK resolver asking the elicitation for `tool`.

        It receives the tool's arguments by name (its signature is built from `argument_names`),
        and `preview(**arguments)` (without the company and the token) gives the function building the
        preview, or None when these arguments ask for nothing irreversible (e.g. a reversible method of
        `call_method`); that function may itself find nothing to confirm (None). The preview is built in
        the call's company (its `COMPANY_ARGUMENT`) on the call's Odoo target (its `TARGET_ARGUMENT`).
        """

        async def ask(ctx: Context[Any, Any], **arguments: Any) -> Elicit[Confirmation] | NotAsked:
            company = arguments.pop(COMPANY_ARGUMENT, None)
            target = arguments.pop(TARGET_ARGUMENT, None)
            if not self.required(tool) or arguments.pop(TOKEN_ARGUMENT, "") or not client_can_elicit(ctx):
                return NOT_ASKED
            build = preview(**arguments)
            if build is None:
                return NOT_ASKED
            runtime = ctx.request_context.lifespan_context
            try:
                gateway: OdooGateway = runtime.gateway_on(runtime.target_name(target))
                shown = await build(gateway.in_company(await gateway.company_of(company)))
            except (PolicyError, OdooError):
                return NOT_ASKED
            if shown is None:
                return NOT_ASKED
            return Elicit(shown.message(), Confirmation)

        parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
        parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in argument_names]
        returns = Elicit[Confirmation] | NotAsked
        ask.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
        ask.__annotations__ = {"ctx": Context, "return": returns}
        ask.__name__ = ask.__qualname__ = f"confirm_{tool}"
        return ask
