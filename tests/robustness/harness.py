"""A long-lived MCP client session driven from synchronous tests, and the checks every hostile answer
must pass.

Hypothesis drives synchronous test functions, while the MCP client lives in an event loop. A blocking
portal (an event loop in a worker thread) holds one client session per module, so hundreds of
examples share one server: `PortalSession.call` sends one tool call and waits for its result.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import httpx2
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client
from mcp_types import CallToolResult, Tool
from pydantic import SecretStr

import mcp_odoo
from mcp_odoo.audit import AuditLog
from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.calls import CallKey
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.wire.state import Simulator
from sessions import odoo_settings

from .catalogue import MISLABELLED_WRITES

SECRETS: tuple[str, ...] = tuple(
    value for credentials in DEMO_CREDENTIALS.values() for value in credentials.values()
)
"""Every key and password of the simulated Odoo: none may ever appear in an answer."""

ALLOWLISTED_METHODS = [
    {"model": "res.partner", "method": "name_search", "writes": False},
    {"model": "sale.order", "method": "action_confirm", "writes": True},
    *({"model": model, "method": method, "writes": False} for model, method in MISLABELLED_WRITES),
]
"""One read method and one write method for call_method, and methods that change data although the operator
labelled them read-only: every write must stay refused (writes are off), whatever its label."""

INTERNAL_MARKERS: tuple[str, ...] = (
    "Traceback",
    str(Path(mcp_odoo.__file__).resolve().parents[1]),
    "site-packages",
    '.py"',
    'File "',
)
"""Signs of a traceback or of the server's file layout (where the package is installed on this machine)."""


def answer_text(result: CallToolResult) -> str:
    """Everything the client sees: every text block, the structured content and the metadata."""
    texts = [block.text for block in result.content if block.type == "text"]
    extras = json.dumps([result.structured_content, result.meta], default=str)
    return "\n".join([*texts, extras])


def leaks(result: CallToolResult) -> list[str]:
    """The secrets and internal markers found in a result (empty when it is clean)."""
    seen = answer_text(result)
    return [marker for marker in (*SECRETS, *INTERNAL_MARKERS) if marker in seen]


def error_kind(result: CallToolResult) -> str | None:
    """The server's error kind, or None when the tool did not run (e.g. an SDK validation error)."""
    error = (result.meta or {}).get(ERROR_META_KEY)
    return str(error["kind"]) if isinstance(error, dict) else None


def is_sdk_validation_error(result: CallToolResult) -> bool:
    """The SDK rejected the arguments against the tool's input schema before the tool ran."""
    return result.is_error and error_kind(result) is None and "validation error" in answer_text(result)


@dataclass(frozen=True)
class Observation:
    """One call and what it caused: the result, the requests Odoo received, the writes applied, and
    whether the server answered a plain read right after."""

    result: CallToolResult
    requests: dict[CallKey, int]
    writes: int
    served_next: bool


@dataclass
class PortalSession:
    """One MCP client session on an in-process simulator, callable from synchronous code."""

    portal: BlockingPortal
    client: Client
    simulator: Simulator
    registry: Registry
    tools: list[Tool]

    def call(self, tool: str, arguments: dict[str, Any]) -> CallToolResult:
        result: CallToolResult = self.portal.call(self.client.call_tool, tool, arguments)
        return result

    def still_serving(self) -> bool:
        """A plain read succeeds: the server survived whatever came before."""
        probe = self.call("count_records", {"model": "res.partner"})
        return not probe.is_error

    def observe(self, tool: str, arguments: dict[str, Any]) -> Observation:
        self.simulator.calls.reset()
        result = self.call(tool, arguments)
        requests, writes = self.simulator.calls.snapshot(), self.simulator.calls.writes
        return Observation(result, requests, writes, self.still_serving())


@contextmanager
def portal_session(registry: Registry, audit_path: Path, **server: Any) -> Iterator[PortalSession]:
    """Serve `registry` through build_server (keyword arguments are ServerSettings fields)."""
    settings = ServerSettings(audit_path=audit_path, **server)
    app = create_app(registry)
    with ExitStack() as stack:
        portal = stack.enter_context(start_blocking_portal())
        audit = AuditLog.from_settings(settings.audit)
        stack.callback(portal.call, audit.aclose)
        mcp = build_server(
            odoo_settings(registry), settings, transport=httpx2.ASGITransport(app=app), audit=audit
        )
        client = stack.enter_context(portal.wrap_async_context_manager(Client(mcp)))
        listed = portal.call(client.list_tools)
        yield PortalSession(portal, client, app.state.simulator, registry, list(listed.tools))


def listed_tool_names(**server: Any) -> list[str]:
    """The tools a client sees on a server built with these ServerSettings fields (for parametrising)."""

    async def names(audit_path: Path) -> list[str]:
        registry_free = OdooSettings(
            url="http://simulator.invalid",
            db="unused",
            user="mcp_bot",
            api_key=SecretStr("throwaway-listing-key"),
        )
        mcp = build_server(registry_free, ServerSettings(audit_path=audit_path, **server))
        async with Client(mcp) as client:
            listed = await client.list_tools()
        return [tool.name for tool in listed.tools]

    with TemporaryDirectory() as folder, start_blocking_portal() as portal:
        return portal.call(names, Path(folder) / "audit.sqlite3")
