"""What a pack uses to declare its tools: the server, the policy, confirmation and idempotency.

Every pack tool runs through `PackKit.run` (or `PackKit.run_irreversible`), which goes through
`run_tool` (policy errors as isError results, audit), replays idempotent retries, asks for
confirmation of irreversible steps, and appends a `resource_link` (``odoo://<model>/<id>``) for
each record the tool created or changed.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

from mcp.server import MCPServer
from mcp.server.elicitation import ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import Resolve
from mcp_types import CallToolResult, Icon, ResourceLink, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from mcp_odoo.calls.confirm import (
    TOKEN_ARGUMENT,
    Confirmation,
    Confirmer,
    GuardFn,
    Preview,
    PreviewFn,
    accepted,
    fingerprint,
)
from mcp_odoo.calls.idempotency import KEY_ARGUMENT, IdempotencyStore, Remembered, check_replay, scope_of
from mcp_odoo.calls.runner import Runtime, ToolCall, ToolOutput, run_tool
from mcp_odoo.calls.uris import record_link
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.settings import ServerSettings
from mcp_odoo.views import view_meta

F = TypeVar("F", bound=Callable[..., Any])

READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)
CREATES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
UPDATES = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
)
IRREVERSIBLE = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
)

IdempotencyKeyArg = Annotated[
    str,
    Field(
        default="",
        max_length=200,
        description="Key of this operation: a retry with it returns the first answer, creates nothing",
    ),
]
ConfirmationTokenArg = Annotated[
    str,
    Field(
        default="",
        max_length=200,
        description="Empty at first; then the token of the preview the user agreed to, same arguments",
    ),
]


@dataclass(frozen=True)
class RecordLink:
    model: str
    id: int
    name: str


@dataclass
class PackOutput(ToolOutput):
    """A tool's answer plus the records it created or changed (sent as resource links)."""

    links: list[RecordLink] = field(default_factory=list)
    completed: bool = True
    """False for previews and declined confirmations: nothing was written, nothing to replay."""


class ReplayedOutcome(BaseModel):
    """The stored structured answer of a completed write, replayed for an idempotent retry."""

    model_config = ConfigDict(extra="allow")


class WorkflowResult(BaseModel):
    """The answer of an irreversible step: done, declined, or waiting for confirmation."""

    status: Literal["done", "declined", "confirmation_required"] = Field(
        description="done = Odoo did it; declined = nothing changed; "
        "confirmation_required = nothing changed yet"
    )
    model: str
    id: int
    document: str
    partner: str | None = None
    amount: str | None = None
    state: str | None = Field(default=None, description="The document's state after the call")
    preview: str | None = Field(default=None, description="What will happen, to show to the user")
    confirmation_token: str | None = Field(default=None, description="Pass it back to confirm (single use)")
    expires_in_seconds: int | None = None
    details: dict[str, Any] | None = None


Act = Callable[[ToolCall, Preview], Awaitable[PackOutput]]

ConfirmationAnswer = ElicitationResult[Confirmation]
"""The type of the parameter a `PackKit.confirmation` marker fills."""


async def identity_of(gateway: OdooGateway) -> tuple[str | None, int | None]:
    info = await gateway.info()
    return info.login, info.uid


def _link_blocks(links: Sequence[RecordLink]) -> list[ResourceLink]:
    return [record_link(link.model, link.id, link.name or f"{link.model} #{link.id}") for link in links]


@dataclass
class PackKit:
    """One per server: packs register their tools through it."""

    mcp: MCPServer[Runtime]
    settings: ServerSettings
    policy: Policy
    confirmer: Confirmer
    idempotency: IdempotencyStore
    registered: list[str] = field(default_factory=list)
    icons: list[Icon] = field(default_factory=list)
    """The icons of the pack registering its tools (see `mcp_odoo.icons`)."""

    @property
    def writes_enabled(self) -> bool:
        return self.policy.allow_writes

    def tool(self, *, annotations: ToolAnnotations, description: str | None = None) -> Callable[[F], F]:
        """Register a tool on the server (like ``mcp.tool``) and remember its name."""

        def decorate(fn: F) -> F:
            text = inspect.cleandoc(description or fn.__doc__ or "")
            self.mcp.tool(
                description=text, annotations=annotations, icons=self.icons, meta=view_meta(fn.__name__)
            )(fn)
            self.registered.append(fn.__name__)
            return fn

        return decorate

    async def run(
        self,
        ctx: Context[Runtime, Any],
        tool: str,
        arguments: dict[str, Any],
        body: Callable[[ToolCall], Awaitable[ToolOutput]],
        *,
        writes: bool = False,
    ) -> CallToolResult:
        """`run_tool` plus idempotent replay (when `idempotency_key` is given) and resource links."""
        links: list[RecordLink] = []

        async def guarded(call: ToolCall) -> ToolOutput:
            key = str(arguments.get(KEY_ARGUMENT) or "")
            output = await (self._idempotent(call, tool, arguments, key, body) if key else body(call))
            if isinstance(output, PackOutput):
                links.extend(output.links)
            return output

        result = await run_tool(ctx, tool, arguments, guarded, writes=writes)
        if not result.is_error:
            result.content.extend(_link_blocks(links))
        return result

    async def _idempotent(
        self,
        call: ToolCall,
        tool: str,
        arguments: Mapping[str, Any],
        key: str,
        body: Callable[[ToolCall], Awaitable[ToolOutput]],
    ) -> ToolOutput:
        scope = scope_of(tool, await identity_of(call.gateway))
        digest = fingerprint(tool, arguments, frozenset({TOKEN_ARGUMENT}))
        async with self.idempotency.lock(scope, key):
            stored = await self.idempotency.recall(scope, key)
            if stored is not None:
                entry = check_replay(stored, digest)
                links = [RecordLink(model, record_id, name) for model, record_id, name in entry.links]
                call.record_ids = [link.id for link in links]
                note = "\n(Replayed: this idempotency_key was already used; nothing was done again.)"
                return PackOutput(ReplayedOutcome(**entry.data), entry.text + note, links)
            output = await body(call)
            if not isinstance(output, PackOutput) or output.completed:
                links_kept = output.links if isinstance(output, PackOutput) else []
                await self.idempotency.remember(
                    scope,
                    key,
                    Remembered(
                        digest,
                        output.data.model_dump(mode="json", exclude_none=True),
                        output.text,
                        tuple((link.model, link.id, link.name) for link in links_kept),
                    ),
                )
            return output

    def confirmation(
        self, tool: str, argument_names: Sequence[str], preview: Callable[..., GuardFn | None]
    ) -> Resolve:
        """The marker of a tool parameter receiving the human's answer (asked by elicitation):
        ``answer: Annotated[ConfirmationAnswer, kit.confirmation("tool", ["order"], preview_factory)]``.

        `argument_names` are the tool's arguments the preview needs; `preview(**arguments)` returns
        the pre-flight function (None: these arguments need no confirmation).
        """
        return Resolve(self.confirmer.resolver(tool, [*argument_names, TOKEN_ARGUMENT], preview))

    async def run_irreversible(
        self,
        ctx: Context[Runtime, Any],
        tool: str,
        arguments: dict[str, Any],
        *,
        answer: object,
        preview: PreviewFn,
        act: Act,
    ) -> CallToolResult:
        """Pre-flight, then confirmation (elicitation answer or token), then `act`; audited as a write."""

        async def body(call: ToolCall) -> ToolOutput:
            shown = await preview(call.gateway)
            call.model, call.record_ids = shown.model, shown.touched
            stopped = await self.confirm(call, tool, arguments, answer, shown)
            return stopped if stopped is not None else await act(call, shown)

        return await self.run(ctx, tool, arguments, body, writes=True)

    async def confirm(
        self, call: ToolCall, tool: str, arguments: Mapping[str, Any], answer: object, shown: Preview
    ) -> PackOutput | None:
        """None when the step `shown` may be done now (confirmation off for `tool`, its token redeemed, or
        the human accepted); else what to answer instead: the preview with a token, or the refusal."""
        if not self.confirmer.required(tool):
            return None
        token = str(arguments.get(TOKEN_ARGUMENT) or "")
        if token:
            identity = await identity_of(call.gateway)
            await self.confirmer.tokens.redeem(token, fingerprint(tool, arguments), identity)
            return None
        decision = accepted(answer)
        if decision is False:
            return _declined(shown)
        if decision is None:
            return await self._token_preview(call, tool, arguments, shown)
        return None

    async def _token_preview(
        self, call: ToolCall, tool: str, arguments: Mapping[str, Any], shown: Preview
    ) -> PackOutput:
        issued = self.confirmer.tokens.issue(fingerprint(tool, arguments), await identity_of(call.gateway))
        data = _workflow(shown, "confirmation_required")
        data.preview = shown.message()
        data.confirmation_token = issued.token
        data.expires_in_seconds = issued.expires_in_seconds
        text = (
            f"NOT DONE YET. {shown.message()}\nShow this to the user. Only if they agree, call {tool} again "
            f"with the same arguments and confirmation_token={issued.token!r} "
            f"(valid once, for {issued.expires_in_seconds} s)."
        )
        return PackOutput(data, text, completed=False)


def _workflow(shown: Preview, status: Literal["done", "declined", "confirmation_required"]) -> WorkflowResult:
    return WorkflowResult(
        status=status,
        model=shown.model,
        id=shown.record_id,
        document=shown.document,
        partner=shown.partner,
        amount=shown.amount,
    )


def _declined(shown: Preview) -> PackOutput:
    return PackOutput(
        _workflow(shown, "declined"),
        f"Declined by the user: {shown.action.lower()} {shown.document} was not done; nothing changed.",
        completed=False,
    )


def done(
    shown: Preview,
    text: str,
    *,
    state: str | None = None,
    details: dict[str, Any] | None = None,
    links: Sequence[RecordLink] = (),
) -> PackOutput:
    """The answer of an irreversible step that Odoo carried out."""
    data = _workflow(shown, "done")
    data.state = state
    data.details = details
    document_link = RecordLink(shown.model, shown.record_id, shown.document)
    return PackOutput(data, text, [document_link, *links])
