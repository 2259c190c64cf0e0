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

Each is declared through `Kit.tool` like any other tool: a function taking ``call`` whose signature
(`_declared`) lists the configured parameters, so the kit sees what it sees in a written tool.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.config import ConfigError
from mcp_odoo.packs import (
    IRREVERSIBLE,
    READS,
    UPDATES,
    Kit,
    MethodRule,
    OdooGateway,
    Pack,
    Preview,
    PreviewFn,
    Requirement,
    ToolCall,
    ToolOutput,
    WorkflowResult,
    done,
)
from mcp_odoo.packs.records import RecordCards, card_lines, cards
from mcp_odoo.policy import PolicyError
from mcp_odoo.policy.domain import check_shape
from mcp_odoo.policy.resolve import RecordRef, resolve_document

PYTHON_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool, "date": str}
_PLACEHOLDER = re.compile(r"^\{([a-z_][a-z0-9_]*)\}$")
_TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
RESERVED = ("call", "ctx", "record", "answer", "confirmation_token")
"""Names a configured parameter cannot take: the tool function's and the kit's own."""


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
        if not parameter.isidentifier() or keyword.iskeyword(parameter) or parameter in RESERVED:
            raise ConfigError(f"{kind} {name!r}: parameter {parameter!r} is not a usable name")


def load_queries(settings: SurfaceSettings, taken: set[str]) -> list[NamedQuery]:
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


def load_actions(settings: SurfaceSettings, taken: set[str]) -> list[NamedAction]:
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


Body = Callable[..., Awaitable[ToolOutput]]


def _declared(body: Body, name: str, parameters: list[inspect.Parameter], output: type[BaseModel]) -> Body:
    """`body` (taking ``call`` and keyword arguments) as a tool function the kit can declare: named
    `name`, with the configured `parameters` in its signature and `output` as its output model."""
    call = inspect.Parameter("call", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=ToolCall)
    returns = cast(Any, Annotated)[ToolOutput, output]
    body.__signature__ = inspect.Signature([call, *parameters], return_annotation=returns)  # type: ignore[attr-defined]
    body.__annotations__ = {parameter.name: parameter.annotation for parameter in (call, *parameters)}
    body.__annotations__["return"] = returns
    body.__name__ = body.__qualname__ = name
    return body


def _register_query(kit: Kit, query: NamedQuery) -> None:
    async def run_query(call: ToolCall, **arguments: Any) -> ToolOutput:
        domain = fill_domain(query.domain, arguments)
        found = await cards(
            call.gateway, query.model, domain, query.fields, limit=query.limit, order=query.order
        )
        header = f"{query.name}: {len(found)} {query.model} record(s)"
        return ToolOutput(RecordCards(model=query.model, records=found), card_lines(header, found))

    parameters = _signature_parameters(query.parameters)
    kit.tool(READS, description=query.description)(_declared(run_query, query.name, parameters, RecordCards))


def _action_preview(action: NamedAction) -> Callable[[RecordRef], PreviewFn]:
    """The preview factory of `action`: what it will do on the record the call names."""

    def preview_for(record: RecordRef) -> PreviewFn:
        async def preview(gateway: OdooGateway) -> Preview:
            found = await resolve_document(gateway, action.model, record)
            return Preview(
                action=action.description, model=action.model, record_id=found.id, document=found.name
            )

        return preview

    return preview_for


def _register_action(kit: Kit, action: NamedAction) -> None:
    rule = MethodRule(model=action.model, method=action.method, writes=True, irreversible=action.irreversible)
    preview_for = _action_preview(action)

    async def run_action(call: ToolCall, record: RecordRef, **kwargs: Any) -> ToolOutput:
        shown = call.preview or await preview_for(record)(call.gateway)
        call.record_ids = [shown.record_id]
        result = await call.gateway.call_allowed(rule, [shown.record_id], [], kwargs)
        shown_result = result if isinstance(result, str | int | float | bool) else None
        return done(
            shown,
            f"{action.name}: {action.model}.{action.method} done on {shown.document}.",
            details={"result": shown_result} if shown_result is not None else None,
        )

    record_parameter = inspect.Parameter(
        "record",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[RecordRef, Field(description=f"The {action.model} record: id or name")],
    )
    parameters = [record_parameter, *_signature_parameters(action.parameters)]
    declare = (
        kit.tool(IRREVERSIBLE, preview=preview_for, description=action.description)
        if action.irreversible
        else kit.tool(UPDATES, description=action.description)
    )
    declare(_declared(run_action, action.name, parameters, WorkflowResult))


def declarative_pack(settings: SurfaceSettings, taken: set[str] | None = None) -> Pack | None:
    """The pack of the configured queries and actions (validated now), or None when there are none."""
    names = set(taken or ())
    queries = load_queries(settings, names)
    actions = load_actions(settings, names)
    if not queries and not actions:
        return None

    def register(kit: Kit) -> None:
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
