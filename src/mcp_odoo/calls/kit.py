"""The one way to declare a tool: `Kit.tool`, used by the generic tools, the built-in packs, third-party
packs and declarative tools alike.

A tool is an async function taking a `ToolCall` and its arguments, returning a `ToolOutput`; its return
annotation names the structured output model::

    @kit.tool(READS)
    async def list_leads(call: ToolCall, stage: StageArg, limit: LimitArg) -> Annotated[ToolOutput, Cards]:
        \"\"\"What it does, when to use it, what it does not do (the description the model reads).\"\"\"

The decorator takes the tool's name from the function, the audited arguments from the call's bound
arguments, and how to run it from its `Kind`. Every tool is served by `run_call` (guard, policy errors,
audit, metrics); a tool with an ``idempotency_key`` argument replays a retry; an `IRREVERSIBLE` tool
with a `preview` is confirmed by the user (elicitation, or a preview and a single-use token) before its
body runs, and its body finds the confirmed preview in ``call.preview``.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal, TypeVar

from mcp.server import MCPServer
from mcp.server.elicitation import ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import Resolve
from mcp_types import CallToolResult, Icon, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from mcp_odoo.calls.arguments import (
    COMPANY_ARGUMENT,
    TARGET_ARGUMENT,
    ConfirmationTokenArg,
    target_argument,
)
from mcp_odoo.calls.confirm import (
    NOT_ASKED,
    TOKEN_ARGUMENT,
    Confirmation,
    Confirmer,
    GuardFn,
    Preview,
    accepted,
    fingerprint,
)
from mcp_odoo.calls.idempotency import KEY_ARGUMENT, IdempotencyStore, Remembered, check_replay, scope_of
from mcp_odoo.calls.results import RecordLink, ToolOutput, error_result, ok_result
from mcp_odoo.calls.runner import IRREVERSIBLE, Kind, ToolCall, run_call
from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.views import view_meta

Body = TypeVar("Body", bound=Callable[..., Awaitable[ToolOutput]])
PreviewFactory = Callable[..., GuardFn | None]
"""Given some of a tool's arguments by name: the function building the preview to confirm, or None when
these arguments need no confirmation."""

ConfirmationAnswer = ElicitationResult[Confirmation]
ANSWER_PARAMETER = "answer"
CONTEXT_PARAMETER = "ctx"


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


async def identity_of(gateway: OdooGateway) -> tuple[str | None, int | None]:
    info = await gateway.info()
    return info.login, info.uid


@dataclass(frozen=True)
class Declared:
    """A tool as declared: its name, body and how it is run."""

    name: str
    body: Callable[..., Awaitable[ToolOutput]]
    kind: Kind
    preview: PreviewFactory | None
    writes: Callable[[Mapping[str, Any]], bool] | None = None
    """Whether a call writes, for a tool where that depends on its arguments (call_method)."""
    body_takes: frozenset[str] = frozenset()
    """The parameters of `body` (read once, not at every call)."""
    preview_takes: frozenset[str] = frozenset()
    """The parameters of `preview`."""

    def writes_with(self, arguments: Mapping[str, Any]) -> bool:
        return self.writes(arguments) if self.writes is not None else self.kind.writes


@dataclass
class Kit:
    """One per server: every tool is declared through it (`tool`), and served by it."""

    mcp: MCPServer[Runtime]
    surface: SurfaceSettings
    policy: Policy
    confirmer: Confirmer
    idempotency: IdempotencyStore
    registered: list[str] = field(default_factory=list)
    icons: list[Icon] = field(default_factory=list)
    """The icons of the pack declaring its tools (see `mcp_odoo.icons`)."""
    targets: tuple[str, ...] = ()
    """The Odoo targets of a server with several (the default first): every tool takes `TARGET_ARGUMENT`."""

    @property
    def writes_enabled(self) -> bool:
        return self.policy.allow_writes

    def with_icons(self, icons: list[Icon]) -> Kit:
        """This kit declaring tools with `icons` (one pack's), registering them in the same list."""
        return replace(self, icons=icons)

    def tool(
        self,
        kind: Kind,
        *,
        preview: PreviewFactory | None = None,
        annotations: ToolAnnotations | None = None,
        description: str | None = None,
        writes: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> Callable[[Body], Body]:
        """Declare the decorated function as a tool (see the module docstring); `preview` asks the user
        to confirm (always for an `IRREVERSIBLE` kind; else when the tool's body calls `confirm`);
        `annotations`, `description` and `writes` replace the kind's, the docstring and the kind's."""

        def declare(fn: Body) -> Body:
            declared = Declared(
                fn.__name__,
                fn,
                kind,
                preview,
                writes,
                body_takes=_parameters(fn),
                preview_takes=_parameters(preview) if preview is not None else frozenset(),
            )
            handler = self._handler(declared)
            self.mcp.add_tool(
                handler,
                name=declared.name,
                description=inspect.cleandoc(description or fn.__doc__ or ""),
                annotations=annotations or kind.annotations,
                icons=self.icons,
                meta=view_meta(declared.name),
            )
            self.registered.append(declared.name)
            return fn

        return declare

    def _handler(self, declared: Declared) -> Callable[..., Awaitable[CallToolResult]]:
        """The function the SDK registers: the body's signature with a `Context` in place of its
        `ToolCall`, the confirmation parameters when it confirms, and the tool result as its return."""
        signature = inspect.signature(declared.body, eval_str=True)
        parameters = list(signature.parameters.values())
        if not parameters or parameters[0].name != "call":
            raise TypeError(f"tool {declared.name}: the first parameter must be `call: ToolCall`")
        arguments = [parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY) for parameter in parameters[1:]]
        if len(self.targets) > 1:
            arguments.append(_keyword(TARGET_ARGUMENT, target_argument(self.targets)))
        names = [parameter.name for parameter in arguments]
        if declared.preview is not None:
            if TOKEN_ARGUMENT not in names:
                arguments.append(_keyword(TOKEN_ARGUMENT, ConfirmationTokenArg))
            resolver = self.confirmer.resolver(
                declared.name, _preview_arguments(declared.preview_takes, names), declared.preview
            )
            arguments.append(_keyword(ANSWER_PARAMETER, Annotated[ConfirmationAnswer, Resolve(resolver)]))
        context = _keyword(CONTEXT_PARAMETER, Context[Runtime, Any])
        returns = Annotated[CallToolResult, _output_model(declared.name, signature.return_annotation)]

        async def handler(**given: Any) -> CallToolResult:
            ctx: Context[Runtime, Any] = given.pop(CONTEXT_PARAMETER)
            answer = given.pop(ANSWER_PARAMETER, NOT_ASKED)
            return await self.serve(ctx, declared, given, answer)

        handler.__signature__ = inspect.Signature([context, *arguments], return_annotation=returns)  # type: ignore[attr-defined]
        handler.__annotations__ = {
            **{parameter.name: parameter.annotation for parameter in (context, *arguments)},
            "return": returns,
        }
        handler.__name__ = handler.__qualname__ = declared.name
        handler.__doc__ = declared.body.__doc__
        return handler

    async def serve(
        self, ctx: Context[Runtime, Any], declared: Declared, arguments: dict[str, Any], answer: object
    ) -> CallToolResult:
        """Run one call of `declared` with its `arguments` (the confirmation token among them): the body
        gets them as validated, the audit, the confirmation and the idempotency key see them as JSON."""
        given = arguments
        arguments = {name: _plain(value) for name, value in given.items()}

        async def body(call: ToolCall) -> ToolOutput:
            call.confirm = lambda shown: self.confirm(call, declared.name, arguments, answer, shown)
            if declared.kind.confirmed and declared.preview is not None:
                build = declared.preview(**_taken(declared.preview_takes, given))
                shown = await build(call.gateway) if build is not None else None
                if shown is not None:
                    call.preview = shown
                    call.record_ids = shown.touched
                    stopped = await call.confirm(shown)
                    if stopped is not None:
                        return stopped
            return await declared.body(call, **_taken(declared.body_takes, given))

        key = str(arguments.get(KEY_ARGUMENT) or "")

        async def run(call: ToolCall) -> ToolOutput:
            return await (self._idempotent(call, declared.name, arguments, key, body) if key else body(call))

        runtime = ctx.request_context.lifespan_context
        target = given.get(TARGET_ARGUMENT)
        with runtime.addressing(target):
            ran = await run_call(
                runtime,
                declared.name,
                arguments,
                run,
                writes=declared.writes_with(arguments),
                request_id=str(ctx.request_id),
                progress=ctx.report_progress,
                target=target,
            )
            if ran.error is not None or ran.value is None:
                return error_result(ran.error or {})
            return ok_result(ran.value)

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
                return ToolOutput(ReplayedOutcome(**entry.data), entry.text + note, links)
            output = await body(call)
            if output.completed:
                await self.idempotency.remember(
                    scope,
                    key,
                    Remembered(
                        digest,
                        output.data.model_dump(mode="json", exclude_none=True),
                        output.text,
                        tuple((link.model, link.id, link.name) for link in output.links),
                    ),
                )
            return output

    async def confirm(
        self, call: ToolCall, tool: str, arguments: Mapping[str, Any], answer: object, shown: Preview
    ) -> ToolOutput | None:
        """None when the step `shown` may be done now (confirmation off for `tool`, its token redeemed, or
        the human accepted); else what to answer instead: the preview with a token, or the refusal."""
        if not self.confirmer.required(tool):
            return None
        token = str(arguments.get(TOKEN_ARGUMENT) or "")
        if token:
            identity = await identity_of(call.gateway)
            await self.confirmer.tokens.redeem(token, _confirmed_call(tool, arguments, shown), identity)
            return None
        decision = accepted(answer)
        if decision is False:
            return _declined(shown)
        if decision is None:
            return await self._token_preview(call, tool, arguments, shown)
        return None

    async def _token_preview(
        self, call: ToolCall, tool: str, arguments: Mapping[str, Any], shown: Preview
    ) -> ToolOutput:
        issued = self.confirmer.tokens.issue(
            _confirmed_call(tool, arguments, shown), await identity_of(call.gateway)
        )
        data = _workflow(shown, "confirmation_required")
        data.preview = shown.message()
        data.confirmation_token = issued.token
        data.expires_in_seconds = issued.expires_in_seconds
        text = (
            f"NOT DONE YET. {shown.message()}\nShow this to the user. Only if they agree, call {tool} again "
            f"with the same arguments and confirmation_token={issued.token!r} "
            f"(valid once, for {issued.expires_in_seconds} s)."
        )
        return ToolOutput(data, text, completed=False)


PREVIEWED = "previewed records"
"""Where a confirmed call's fingerprint holds the records its preview acted on (no argument has a space)."""


def _confirmed_call(tool: str, arguments: Mapping[str, Any], shown: Preview) -> str:
    """What a confirmation token is bound to: the call and the records its preview showed, so that a token
    never confirms a step on other records than the user saw (a batch whose domain now matches more, or
    fewer, asks again), on whichever replica it is redeemed."""
    return fingerprint(tool, {**arguments, PREVIEWED: shown.touched})


def _plain(value: Any) -> Any:
    """An argument as JSON values: the models a tool declares as arguments (e.g. quotation lines) as
    objects without their empty fields."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _keyword(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)


def _output_model(tool: str, annotation: Any) -> type[BaseModel]:
    """The model of ``Annotated[ToolOutput, Model]``, the return annotation every tool declares."""
    metadata = typing.get_args(annotation)[1:] if typing.get_origin(annotation) is Annotated else ()
    models = [item for item in metadata if isinstance(item, type) and issubclass(item, BaseModel)]
    if len(models) != 1:
        raise TypeError(f"tool {tool}: declare the return as Annotated[ToolOutput, <output model>]")
    return models[0]


def _parameters(function: Callable[..., Any]) -> frozenset[str]:
    return frozenset(inspect.signature(function).parameters)


def _preview_arguments(preview_takes: frozenset[str], names: Sequence[str]) -> list[str]:
    """The tool arguments the resolver passes on: those the preview takes, the company, the target and the
    token."""
    passed = (COMPANY_ARGUMENT, TARGET_ARGUMENT)
    return [name for name in names if name in preview_takes or name in passed] + [TOKEN_ARGUMENT]


def _taken(parameters: frozenset[str], arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The `arguments` a function with these `parameters` takes (the confirmation token only when named)."""
    return {name: value for name, value in arguments.items() if name in parameters}


def _workflow(shown: Preview, status: Literal["done", "declined", "confirmation_required"]) -> WorkflowResult:
    return WorkflowResult(
        status=status,
        model=shown.model,
        id=shown.record_id,
        document=shown.document,
        partner=shown.partner,
        amount=shown.amount,
    )


def _declined(shown: Preview) -> ToolOutput:
    return ToolOutput(
        _workflow(shown, "declined"),
        f"Declined by the user: {shown.action.lower()} {shown.document} was not done; nothing changed.",
        completed=False,
    )


NotDone = Literal["declined", "confirmation_required"]


def not_done(stopped: ToolOutput) -> tuple[NotDone, WorkflowResult]:
    """What `ToolCall.confirm` answered instead of going on: declined, or waiting for confirmation (with the
    preview and its token), for a tool to say in its own output."""
    flow = stopped.data
    if not isinstance(flow, WorkflowResult):
        raise TypeError("not the answer of a step awaiting confirmation")
    return ("declined" if flow.status == "declined" else "confirmation_required"), flow


def done(
    shown: Preview,
    text: str,
    *,
    state: str | None = None,
    details: dict[str, Any] | None = None,
    links: Sequence[RecordLink] = (),
) -> ToolOutput:
    """The answer of an irreversible step that Odoo carried out."""
    data = _workflow(shown, "done")
    data.state = state
    data.details = details
    document_link = RecordLink(shown.model, shown.record_id, shown.document)
    return ToolOutput(data, text, [document_link, *links])


__all__ = [
    "IRREVERSIBLE",
    "ConfirmationAnswer",
    "Kit",
    "NotDone",
    "ReplayedOutcome",
    "WorkflowResult",
    "done",
    "identity_of",
    "not_done",
]
