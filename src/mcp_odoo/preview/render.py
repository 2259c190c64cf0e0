"""Render a view as a host would, in headless Chromium, with a tool's real answer.

`open_view` loads a minimal MCP Apps host page (``assets/host.html``) holding the view in a sandboxed
frame, hands it the tool's input and result, and passes every ``tools/call`` the view makes to
`call_tool` (an MCP client of the real server), so a click in the view goes through the server's tools
and policy. `demo_client` is such a client, on the in-process simulator with the demo data.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx2
from mcp import Client
from mcp.client import advertise
from mcp.client.extension import ClientExtension
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.preview.browser import Browser, BrowserError, Page
from mcp_odoo.views import View, asset, view_html

ToolCaller = Callable[[str, dict[str, Any]], Awaitable[CallToolResult]]
Theme = Literal["light", "dark"]
BINDING = "mcpOdooHostCall"
SETTLE_SECONDS = 0.15


def apps_support() -> ClientExtension:
    """What a client that renders views announces (the MCP Apps extension and its MIME type)."""
    return advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})


def wire(result: CallToolResult) -> dict[str, Any]:
    """A tool result as it travels (camelCase keys)."""
    return result.model_dump(mode="json", by_alias=True, exclude_none=True)


@asynccontextmanager
async def demo_client(*, allow_writes: bool = True, series: str = "19.0") -> AsyncIterator[Client]:
    """An MCP client announcing MCP Apps, in process with the server on a fresh demo simulator."""
    from mcp_odoo.server import build_server
    from mcp_odoo.settings import OdooSettings, ServerSettings
    from mcp_odoo.simulator.app import create_app
    from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

    registry = Registry(series)
    odoo = OdooSettings(
        url="http://simulator.invalid",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    with tempfile.TemporaryDirectory(prefix="mcp-odoo-preview-") as folder:
        server = ServerSettings(allow_writes=allow_writes, audit_path=Path(folder) / "audit.sqlite3")
        mcp = build_server(odoo, server, transport=httpx2.ASGITransport(app=create_app(registry)))
        async with Client(mcp, extensions=[apps_support()]) as client:
            yield client


@dataclass
class OpenView:
    """A view shown by the preview host; `evaluate` runs in the view's frame."""

    page: Page
    context: int
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Every tools/call the view made, in order."""

    async def evaluate(self, expression: str) -> Any:
        return await self.page.evaluate(expression, self.context)

    async def ready(self) -> None:
        """Wait until the view has shown its data (and finished the action in progress)."""
        await self.page.wait_for("document.body.dataset.state === 'ready'", self.context)
        await self._settled()

    async def click(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        await self.ready()

    async def choose(self, selector: str, value: str) -> None:
        """Pick `value` in the <select> matching `selector`, as a person would."""
        await self.evaluate(
            f"(() => {{ const select = document.querySelector({json.dumps(selector)}); "
            f"select.value = {json.dumps(value)}; "
            "select.dispatchEvent(new Event('change', { bubbles: true })); })()"
        )
        await self.ready()

    async def screenshot(self, path: Path) -> None:
        """A PNG of the view as the host shows it."""
        frame = await self.page.evaluate(
            "(() => { const box = document.getElementById('view').getBoundingClientRect(); "
            "return { x: box.x, y: box.y, width: box.width, height: box.height }; })()"
        )
        await self.page.screenshot(path, frame)

    async def close(self) -> None:
        await self.page.close()

    async def _settled(self) -> None:
        """Let the host follow the view's last size change (the frame takes the view's height)."""
        previous = None
        while True:
            height = await self.page.evaluate(
                "document.getElementById('view').getBoundingClientRect().height"
            )
            if height == previous:
                return
            previous = height
            await asyncio.sleep(SETTLE_SECONDS)


async def open_view(
    browser: Browser,
    view: View,
    tool: str,
    arguments: dict[str, Any],
    result: CallToolResult,
    call_tool: ToolCaller,
    *,
    theme: Theme = "light",
    variables: dict[str, str] | None = None,
    width: int = 960,
) -> OpenView:
    """Show `view` with `tool`'s `result` (called with `arguments`) and wait until it has rendered."""
    page = await browser.new_page(width, 600)
    await page.emulate_dark(theme == "dark")
    secret = secrets.token_hex(16)
    opened = OpenView(page, 0)

    async def host_call(event: dict[str, Any]) -> None:
        if event.get("name") != BINDING:
            return
        payload = json.loads(event["payload"])
        if payload.get("secret") != secret:
            return
        params = payload.get("params") or {}
        name, given = str(params.get("name")), dict(params.get("arguments") or {})
        opened.calls.append((name, given))
        try:
            outcome: dict[str, Any] = {"result": wire(await call_tool(name, given))}
        except Exception as exc:
            outcome = {"error": str(exc) or type(exc).__name__}
        await page.evaluate(f"mcpHost.answer({int(payload['call'])}, {json.dumps(outcome)})")

    page.on("Runtime.bindingCalled", host_call)
    await page.send("Runtime.addBinding", {"name": BINDING})
    await page.set_content(asset("host.html"))
    config = {
        "html": view_html(view),
        "binding": BINDING,
        "secret": secret,
        "input": arguments,
        "result": wire(result),
        "context": {
            "theme": theme,
            "displayMode": "inline",
            "locale": "en-US",
            "toolInfo": {"tool": {"name": tool}},
            "styles": {"variables": variables or {}},
        },
    }
    await page.evaluate(f"mcpHost.open({json.dumps(config)})")
    opened.context = await _view_context(page)
    await opened.ready()
    return opened


async def _view_context(page: Page, within: float = 20.0) -> int:
    """A context in the view's frame, once the frame holds the view's document."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        tree = await page.send("Page.getFrameTree")
        children = tree["frameTree"].get("childFrames") or []
        if children and children[0]["frame"].get("url") == "about:srcdoc":
            try:
                context = await page.child_frame_context()
                if await page.evaluate("!!document.body && !!document.body.dataset.state", context):
                    return context
            except BrowserError:
                pass
        if asyncio.get_running_loop().time() > deadline:
            raise BrowserError("the view did not load")
        await asyncio.sleep(0.05)
