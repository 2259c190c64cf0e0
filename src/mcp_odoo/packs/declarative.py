"""Declarative tools from the configuration file: named queries and named actions.

    [[server.queries]]
    name = "leads_in_stage"
    description = "Open leads in a CRM stage"
    model = "crm.lead"
    domain = [["stage_id.name", "=", "{stage}"]]
    fields = ["name", "partner_id", "expected_revenue"]
    order = "expected_revenue desc"
    limit = 10
    parameters = { stage = { type = "string", description = "Stage name, e.g. Qualified" } }

    [[server.actions]]
    name = "mark_lead_lost"
    description = "Mark a lead as lost"
    model = "crm.lead"
    method = "action_set_lost"
    irreversible = true

A domain value written ``"{name}"`` is replaced by the typed parameter ``name``. An action acts on
one record (argument ``record``: id or name) and passes its parameters as keyword arguments; an
irreversible action asks for confirmation like the built-in irreversible tools. Everything is
validated when the server starts; an error names the tool and what is wrong.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, cast

from mcp.server.mcpserver import Context
from mcp_types import CallToolResult
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mcp_odoo.calls.confirm import Preview, PreviewFn
from mcp_odoo.calls.kit import (
    IRREVERSIBLE,
    READ_ONLY,
    UPDATES,
    ConfirmationAnswer,
    ConfirmationTokenArg,
    PackKit,
    PackOutput,
    WorkflowResult,
    done,
)
from mcp_odoo.calls.runner import Runtime, ToolCall
from mcp_odoo.packs import Pack, Requirement
from mcp_odoo.packs.records import RecordCards, card_lines, cards
from mcp_odoo.packs.resolve import RecordRef, resolve_document
from mcp_odoo.policy import OdooGateway, PolicyError
from mcp_odoo.policy.domain import check_shape
from mcp_odoo.settings import ConfigError, MethodRule, ServerSettings

PYTHON_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool, "date": str}
_PLACEHOLDER = re.compile(r"^\{([a-z_][a-z0-9_]*)\}$")
_TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["string", "integer", "number", "boolean", "date"] = "string"
    description: str = Field(min_length=1)
    default: str | int | float | bool | None = None


class NamedQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = Field(min_length=1)
    model: str = Field(min_length=1)
    domain: list[Any] = Field(default_factory=list)
    fields: list[str] = Field(min_length=1)
    order: str | None = None
    limit: int = Field(default=20, ge=1, le=1000)
    parameters: dict[str, Parameter] = Field(default_factory=dict)


class NamedAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = Field(min_length=1)
    model: str = Field(min_length=1)
    method: str = Field(min_length=1)
    irreversible: bool = False
    parameters: dict[str, Parameter] = Field(default_factory=dict)


def _placeholders(domain: Any) -> set[str]:
    if isinstance(domain, list):
        return set().union(*(_placeholders(item) for item in domain)) if domain else set()
    match = _PLACEHOLDER.match(domain) if isinstance(domain, str) else None
    return {match[1]} if match else set()


def _check_names(kind: str, name: str, parameters: Mapping[str, Parameter], taken: set[str]) -> None:
    if not _TOOL_NAME.match(name):
        raise ConfigError(f"{kind} {name!r}: the name must be snake_case (a-z, 0-9, _), 3 to 64 characters")
    if name in taken:
        raise ConfigError(f"{kind} {name!r}: a tool with this name already exists")
    for parameter in parameters:
        if (
            not parameter.isidentifier()
            or keyword.iskeyword(parameter)
            or parameter in ("ctx", "record", "answer")
        ):
            raise ConfigError(f"{kind} {name!r}: parameter {parameter!r} is not a usable name")


def load_queries(settings: ServerSettings, taken: set[str]) -> list[NamedQuery]:
    queries: list[NamedQuery] = []
    for index, raw in enumerate(settings.queries):
        label = f"[[server.queries]] #{index + 1} ({raw.get('name', 'unnamed')})"
        try:
            query = NamedQuery.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise ConfigError(f"{label}: {where}: {error['msg']}") from None
        _check_names("query", query.name, query.parameters, taken)
        try:
            check_shape(query.domain)
        except PolicyError as exc:
            raise ConfigError(f"query {query.name!r}: invalid domain: {exc.message}") from None
        used = _placeholders(query.domain)
        if used - set(query.parameters):
            undeclared = sorted(used - set(query.parameters))
            raise ConfigError(f"query {query.name!r}: domain uses undeclared parameter(s) {undeclared}")
        if set(query.parameters) - used:
            raise ConfigError(
                f"query {query.name!r}: parameter(s) {sorted(set(query.parameters) - used)} unused in domain"
            )
        taken.add(query.name)
        queries.append(query)
    return queries


def load_actions(settings: ServerSettings, taken: set[str]) -> list[NamedAction]:
    actions: list[NamedAction] = []
    for index, raw in enumerate(settings.actions):
        label = f"[[server.actions]] #{index + 1} ({raw.get('name', 'unnamed')})"
        try:
            action = NamedAction.model_validate(raw)
            MethodRule(model=action.model, method=action.method)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise ConfigError(
                f"{label}: {where}: {str(error['msg']).removeprefix('Value error, ')}"
            ) from None
        _check_names("action", action.name, action.parameters, taken)
        taken.add(action.name)
        actions.append(action)
    return actions


def fill_domain(domain: Any, values: Mapping[str, Any]) -> Any:
    """`domain` with every ``"{name}"`` value replaced by the typed parameter value."""
    if isinstance(domain, list):
        return [fill_domain(item, values) for item in domain]
    match = _PLACEHOLDER.match(domain) if isinstance(domain, str) else None
    return values[match[1]] if match else domain


def _signature_parameters(parameters: Mapping[str, Parameter]) -> list[inspect.Parameter]:
    built = []
    for name, parameter in parameters.items():
        field = Field(description=parameter.description)
        if parameter.default is not None:
            field = Field(default=parameter.default, description=parameter.description)
        annotation = cast(Any, Annotated)[PYTHON_TYPES[parameter.type], field]
        built.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation))
    return built


def _with_signature(
    fn: Any, name: str, description: str, parameters: list[inspect.Parameter], returns: Any
) -> Any:
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context[Runtime, Any])
    fn.__signature__ = inspect.Signature([context, *parameters], return_annotation=returns)
    fn.__annotations__ = {
        "ctx": Context[Runtime, Any],
        **{parameter.name: parameter.annotation for parameter in parameters},
        "return": returns,
    }
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = description
    return fn


def _register_query(kit: PackKit, query: NamedQuery) -> None:
    async def tool(ctx: Context[Runtime, Any], **arguments: Any) -> CallToolResult:
        async def body(call: ToolCall) -> PackOutput:
            call.model, call.method = query.model, "search_read"
            domain = fill_domain(query.domain, arguments)
            found = await cards(
                call.gateway, query.model, domain, query.fields, limit=query.limit, order=query.order
            )
            header = f"{query.name}: {len(found)} {query.model} record(s)"
            return PackOutput(RecordCards(model=query.model, records=found), card_lines(header, found))

        return await kit.run(ctx, query.name, dict(arguments), body)

    parameters = _signature_parameters(query.parameters)
    returns = Annotated[CallToolResult, RecordCards]
    kit.tool(annotations=READ_ONLY, description=query.description)(
        _with_signature(tool, query.name, query.description, parameters, returns)
    )


def _action_preview(action: NamedAction, record: RecordRef) -> PreviewFn:
    async def preview(gateway: OdooGateway) -> Preview:
        found = await resolve_document(gateway, action.model, record)
        return Preview(action=action.description, model=action.model, record_id=found.id, document=found.name)

    return preview


def _register_action(kit: PackKit, action: NamedAction) -> None:
    rule = MethodRule(model=action.model, method=action.method, writes=True, irreversible=action.irreversible)

    async def act(call: ToolCall, shown: Preview, kwargs: Mapping[str, Any]) -> PackOutput:
        call.method = action.method
        result = await call.gateway.call_allowed(rule, [shown.record_id], [], dict(kwargs))
        shown_result = result if isinstance(result, str | int | float | bool) else None
        return done(
            shown,
            f"{action.name}: {action.model}.{action.method} done on {shown.document}.",
            details={"result": shown_result} if shown_result is not None else None,
        )

    def preview_for(record: RecordRef, confirmation_token: str = "", **_: Any) -> PreviewFn:
        return _action_preview(action, record)

    async def tool(ctx: Context[Runtime, Any], record: RecordRef, **arguments: Any) -> CallToolResult:
        answer = arguments.pop("answer", None)
        token = arguments.pop("confirmation_token", "")
        call_arguments = {"record": record, **arguments, "confirmation_token": token}
        preview = _action_preview(action, record)
        if action.irreversible:
            return await kit.run_irreversible(
                ctx,
                action.name,
                call_arguments,
                answer=answer,
                preview=preview,
                act=lambda call, shown: act(call, shown, arguments),
            )

        async def body(call: ToolCall) -> PackOutput:
            shown = await preview(call.gateway)
            call.model, call.record_ids = action.model, [shown.record_id]
            return await act(call, shown, arguments)

        return await kit.run(ctx, action.name, call_arguments, body, writes=True)

    record_parameter = inspect.Parameter(
        "record",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[RecordRef, Field(description=f"The {action.model} record: id or name")],
    )
    parameters = [record_parameter, *_signature_parameters(action.parameters)]
    if action.irreversible:
        answer = cast(Any, Annotated)[
            ConfirmationAnswer, kit.confirmation(action.name, ["record"], preview_for)
        ]
        parameters += [
            inspect.Parameter("answer", inspect.Parameter.KEYWORD_ONLY, annotation=answer),
            inspect.Parameter(
                "confirmation_token", inspect.Parameter.KEYWORD_ONLY, annotation=ConfirmationTokenArg
            ),
        ]
    returns = Annotated[CallToolResult, WorkflowResult]
    annotations = IRREVERSIBLE if action.irreversible else UPDATES
    kit.tool(annotations=annotations, description=action.description)(
        _with_signature(tool, action.name, action.description, parameters, returns)
    )


def declarative_pack(settings: ServerSettings, taken: set[str] | None = None) -> Pack | None:
    """The pack of the configured queries and actions (validated now), or None when there are none."""
    names = set(taken or ())
    queries = load_queries(settings, names)
    actions = load_actions(settings, names)
    if not queries and not actions:
        return None

    def register(kit: PackKit) -> None:
        for query in queries:
            _register_query(kit, query)
        if kit.writes_enabled:
            for action in actions:
                _register_action(kit, action)

    requirements = tuple(
        [Requirement(query.model, tuple(query.fields)) for query in queries]
        + [Requirement(action.model, (), (action.method,)) for action in actions]
    )
    return Pack("declarative", register, requirements, "Queries and actions from the configuration file")
