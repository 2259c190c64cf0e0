"""The prompt library: template files (shipped in ``templates/``, plus ``MCP_ODOO_PROMPTS_DIR``)
turned into MCP prompts that fetch and embed the real Odoo data when they are requested.

`register_prompts(mcp, surface)` loads the files (a broken file stops the server at start,
with a message naming it) and adds completion for the arguments that designate records.
"""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.mcpserver.prompts.base import Prompt, PromptArgument, UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from mcp_odoo.calls.runtime import Runtime
from mcp_odoo.calls.served import served
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.calls.uris import record_uri
from mcp_odoo.icons import PROMPTS, icons_for
from mcp_odoo.policy import InvalidRequest, OdooGateway
from mcp_odoo.policy.resolve import resolve_document
from mcp_odoo.prompts.library import PromptFileError, PromptTemplate, fill, load_library
from mcp_odoo.prompts.sources import SOURCES, Subject, today
from mcp_odoo.resources.completion import completions, record_names

__all__ = ["PromptFileError", "register_prompts", "render_prompt"]


async def render_prompt(gateway: OdooGateway, template: PromptTemplate, arguments: dict[str, str]) -> str:
    """The prompt text with its arguments resolved to records and its data fetched from Odoo."""
    day = today()
    values: dict[str, Any] = {"today": day.isoformat()}
    subjects: dict[str, Subject] = {}
    for spec in template.meta.arguments:
        given = (arguments.get(spec.name) or "").strip()
        values[spec.name] = given
        if spec.model:
            values[f"{spec.name}_uri"] = ""
        if not given:
            if spec.required:
                raise InvalidRequest(f"prompt {template.name} needs {spec.name!r}", hint=spec.description)
            continue
        if spec.model:
            found = await resolve_document(gateway, spec.model, given)
            record_id, name = found.id, found.name
            subjects[spec.name] = Subject(spec.model, record_id, name)
            values[spec.name] = name
            values[f"{spec.name}_uri"] = record_uri(spec.model, record_id)
    for data in template.meta.data:
        subject = subjects.get(data.argument) if data.argument else None
        values[data.placeholder] = await SOURCES[data.source].fetch(gateway, subject, day)
    return fill(template, values)


def _prompt(template: PromptTemplate) -> Prompt:
    async def render(ctx: Context[Runtime, Any], **arguments: str) -> list[UserMessage]:
        runtime = ctx.request_context.lifespan_context
        try:
            text = await served(
                runtime,
                "get_prompt",
                {"prompt": template.name, **arguments},
                lambda call: render_prompt(call.gateway, template, arguments),
                request_id=str(ctx.request_id),
            )
        except ResourceError as exc:
            raise MCPError(code=INVALID_PARAMS, message=str(exc)) from None
        return [UserMessage(text)]

    return Prompt(
        name=template.name,
        title=template.meta.title,
        description=template.meta.description,
        arguments=[
            PromptArgument(name=spec.name, description=spec.description, required=spec.required)
            for spec in template.meta.arguments
        ],
        fn=render,
        context_kwarg="ctx",
        icons=icons_for(PROMPTS),
    )


def register_prompts(mcp: MCPServer[Runtime], surface: SurfaceSettings) -> None:
    """Add every prompt of the library, with completion of their record arguments."""
    router = completions(mcp)
    for template in load_library(surface.prompts_dir):
        mcp.add_prompt(_prompt(template))
        for spec in template.meta.arguments:
            if spec.model:
                router.add("prompt", template.name, spec.name, record_names(spec.model))
