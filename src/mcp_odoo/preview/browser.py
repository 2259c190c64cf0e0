"""A headless Chromium driven over the DevTools protocol, on a pipe (no socket, no extra dependency).

Chromium started with ``--remote-debugging-pipe`` reads protocol messages on file descriptor 3 and
writes on 4, each a JSON object ended by a NUL byte. `Browser` starts it (Debian's ``chromium``), sends
commands and hands events to listeners; `Page` is one tab. Used to render the views and take their
screenshots (`mcp_odoo.preview.render`) and by the tests that look at pages as a person would.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--remote-debugging-pipe",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-color-profile=srgb",
    # One renderer for the page and its sandboxed frames, so a frame is reachable from the page's session.
    "--disable-site-isolation-trials",
    "--disable-features=IsolateSandboxedIframes,site-per-process",
    "about:blank",
)
Listener = Callable[[dict[str, Any]], Awaitable[None] | None]
_LAUNCHER = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class BrowserUnavailable(RuntimeError):
    """No Chromium on this machine (Debian: ``apt-get install chromium``)."""


class BrowserError(RuntimeError):
    """Chromium answered a command with an error, or stopped."""


def chromium_binary() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise BrowserUnavailable("no Chromium found: install Debian's `chromium` package")


class Browser:
    """``async with Browser() as browser: page = await browser.new_page()``."""

    def __init__(self, binary: str | None = None) -> None:
        self._binary = binary or chromium_binary()
        self._process: asyncio.subprocess.Process | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: dict[tuple[str | None, str], list[Listener]] = {}
        self._tasks: set[asyncio.Future[None]] = set()

    async def __aenter__(self) -> Self:
        self._profile = tempfile.TemporaryDirectory(prefix="mcp-odoo-chromium-")
        to_chrome_read, to_chrome_write = os.pipe()
        from_chrome_read, from_chrome_write = os.pipe()
        flags = [*FLAGS[:-1], f"--user-data-dir={self._profile.name}", FLAGS[-1]]
        if os.geteuid() == 0:
            flags.insert(0, "--no-sandbox")
        # A tiny launcher moves the pipe ends to descriptors 3 and 4, where Chromium expects them.
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _LAUNCHER,
            str(to_chrome_read),
            str(from_chrome_write),
            self._binary,
            *flags,
            pass_fds=(to_chrome_read, from_chrome_write),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(from_chrome_read, "rb", 0)
        )
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(to_chrome_write, "wb", 0)
        )
        self._writer = asyncio.StreamWriter(transport, protocol, None, loop)
        self._reader_task = asyncio.create_task(self._read(reader))
        await self.send("Browser.getVersion")
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._writer is not None:
            with contextlib.suppress(BrowserError, OSError):
                await asyncio.wait_for(self.send("Browser.close"), timeout=5)
            self._writer.close()
        if self._process is not None and self._process.returncode is None:
            try:
                await asyncio.wait_for(self._process.wait(), timeout=5)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader_task
        if self._profile is not None:
            self._profile.cleanup()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while True:
            try:
                raw = await reader.readuntil(b"\0")
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            message = json.loads(raw[:-1])
            if "id" in message:
                waiter = self._waiting.pop(message["id"], None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(message)
                continue
            for listener in self._listeners.get((message.get("sessionId"), message.get("method", "")), []):
                outcome = listener(message.get("params", {}))
                if outcome is not None:
                    task = asyncio.ensure_future(outcome)
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
        for waiter in self._waiting.values():
            if not waiter.done():
                waiter.set_exception(BrowserError("Chromium stopped"))

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        """Send one command; its result, or BrowserError with Chromium's message."""
        if self._writer is None:
            raise BrowserError("the browser is not started")
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next_id] = waiter
        self._writer.write(json.dumps(message).encode() + b"\0")
        await self._writer.drain()
        answer = await waiter
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def on(self, method: str, listener: Listener, session: str | None = None) -> None:
        self._listeners.setdefault((session, method), []).append(listener)

    def off(self, method: str, listener: Listener, session: str | None = None) -> None:
        self._listeners.get((session, method), []).remove(listener)

    async def new_page(self, width: int = 1000, height: int = 700) -> Page:
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, attached["sessionId"], target["targetId"])
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return page


class Page:
    """One tab of the browser, reached through its flattened session."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return await self.browser.send(method, params, self.session)

    def on(self, method: str, listener: Listener) -> None:
        self.browser.on(method, listener, self.session)

    def off(self, method: str, listener: Listener) -> None:
        self.browser.off(method, listener, self.session)

    async def goto(self, url: str) -> None:
        """Open `url` and wait until its document has loaded."""
        loaded = asyncio.get_running_loop().create_future()

        def done(_: dict[str, Any]) -> None:
            if not loaded.done():
                loaded.set_result(None)

        self.on("Page.loadEventFired", done)
        try:
            answer = await self.send("Page.navigate", {"url": url})
            if answer.get("errorText"):
                raise BrowserError(f"{url}: {answer['errorText']}")
            await asyncio.wait_for(loaded, timeout=30)
        finally:
            self.off("Page.loadEventFired", done)

    async def set_content(self, html: str) -> None:
        """Replace the page's document by `html`."""
        await self.goto("about:blank")
        tree = await self.send("Page.getFrameTree")
        await self.send(
            "Page.setDocumentContent", {"frameId": tree["frameTree"]["frame"]["id"], "html": html}
        )

    async def evaluate(self, expression: str, context: int | None = None) -> Any:
        """The JSON value of `expression` (awaited when it is a promise) in the page or in `context`."""
        params: dict[str, Any] = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        if context is not None:
            params["contextId"] = context
        answer = await self.send("Runtime.evaluate", params)
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise BrowserError(str(details.get("exception", {}).get("description") or details.get("text")))
        return answer["result"].get("value")

    async def wait_for(self, expression: str, context: int | None = None, within: float = 20.0) -> Any:
        """Poll `expression` until it is truthy (for at most `within` seconds); its value."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            value = await self.evaluate(expression, context)
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}")
            await asyncio.sleep(0.05)

    async def child_frame_context(self) -> int:
        """An execution context in the page's first child frame (its DOM, in a world of our own)."""
        tree = await self.send("Page.getFrameTree")
        children = tree["frameTree"].get("childFrames") or []
        if not children:
            raise BrowserError("the page has no child frame")
        world = await self.send(
            "Page.createIsolatedWorld", {"frameId": children[0]["frame"]["id"], "worldName": "mcp-odoo-probe"}
        )
        return int(world["executionContextId"])

    async def screenshot(self, path: Path, clip: dict[str, float] | None = None) -> None:
        """A PNG of `clip` ({x, y, width, height} in CSS pixels), else of the whole page."""
        if clip is None:
            size = (await self.send("Page.getLayoutMetrics"))["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        shot = await self.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": {**clip, "scale": 1}},
        )
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))

    async def close(self) -> None:
        await self.browser.send("Target.closeTarget", {"targetId": self.target})

    async def emulate_dark(self, dark: bool) -> None:
        """Make prefers-color-scheme dark (or light) for the page."""
        scheme = "dark" if dark else "light"
        await self.send(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
        )
