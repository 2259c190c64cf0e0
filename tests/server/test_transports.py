"""The real transports, end to end: `mcp-odoo demo` in a subprocess over stdio and over Streamable HTTP,
driven by the SDK's client in both protocol eras and by a third-party client (the MCP Inspector CLI)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import httpx2
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

REPO = Path(__file__).resolve().parents[2]
MCP_ODOO = str(Path(sys.executable).parent / "mcp-odoo")
INSPECTOR = REPO / ".ci" / "node" / "node_modules" / ".bin" / "mcp-inspector"
Era = Literal["legacy", "auto"]


def _demo_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ODOO_", "MCP_ODOO_"))}
    env["MCP_ODOO_AUDIT_PATH"] = str(tmp_path / "audit.sqlite3")
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def http_demo(tmp_path: Path) -> Iterator[str]:
    """`mcp-odoo demo --transport http` on a free port; yields the /mcp URL."""
    port = _free_port()
    process = subprocess.Popen(
        [MCP_ODOO, "demo", "--read-only", "--transport", "http", "--port", str(port)],
        env=_demo_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"mcp-odoo demo did not start over HTTP: {stderr[-2000:]}")
            time.sleep(0.1)
        yield f"{base}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _exercise(client: Client) -> None:
    """A short agent session: discover the tools, search, count, and get a clean error."""
    names = {tool.name for tool in (await client.list_tools()).tools}
    assert {"search_records", "count_records", "find_partners"} <= names
    assert "create_record" not in names

    found = await client.call_tool(
        "search_records",
        {"model": "res.partner", "domain": [["is_company", "=", True]], "fields": ["name"], "limit": 3},
    )
    assert not found.is_error
    assert found.structured_content is not None
    assert len(found.structured_content["records"]) == 3

    count = await client.call_tool("count_records", {"model": "sale.order"})
    assert not count.is_error

    refused = await client.call_tool("search_records", {"model": "ir.config_parameter"})
    assert refused.is_error
    text = json.dumps([block.model_dump() for block in refused.content])
    assert "Traceback" not in text


@pytest.mark.parametrize("era", ["legacy", "auto"])
async def test_stdio_subprocess_serves_both_eras(tmp_path: Path, era: Era) -> None:
    params = StdioServerParameters(command=MCP_ODOO, args=["demo", "--read-only"], env=_demo_env(tmp_path))
    async with Client(params, mode=era) as client:
        await _exercise(client)


@pytest.mark.parametrize("era", ["legacy", "auto"])
async def test_streamable_http_serves_both_eras(http_demo: str, era: Era) -> None:
    async with Client(http_demo, mode=era) as client:
        await _exercise(client)


def test_healthz_answers_without_touching_odoo(http_demo: str) -> None:
    answer = httpx2.get(http_demo.removesuffix("/mcp") + "/healthz", timeout=5)
    assert answer.status_code == 200


def test_foreign_host_header_is_refused(http_demo: str) -> None:
    """DNS-rebinding protection: a request naming another host never reaches the tools."""
    answer = httpx2.post(
        http_demo,
        headers={
            "Host": "evil.example.com",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        content=b'{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}',
        timeout=5,
    )
    assert answer.status_code in (403, 421)


def _inspector(*args: str, env: dict[str, str]) -> Any:
    if not INSPECTOR.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the MCP Inspector CLI must be installed in CI ({INSPECTOR}); see .ci/run")
        pytest.skip(
            "MCP Inspector CLI not installed (npm install --prefix .ci/node @modelcontextprotocol/inspector)"
        )
    assert shutil.which("node"), "node is needed to run the MCP Inspector"
    done = subprocess.run(
        [str(INSPECTOR), "--cli", *args, "--format", "json", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done


def test_inspector_lists_and_calls_tools_over_stdio(tmp_path: Path) -> None:
    env = _demo_env(tmp_path)
    listed = _inspector(MCP_ODOO, "demo", "--read-only", "--method", "tools/list", env=env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "search_records" in listed.stdout

    called = _inspector(
        MCP_ODOO,
        "demo",
        "--read-only",
        "--method",
        "tools/call",
        "--tool-name",
        "count_records",
        "--tool-arg",
        "model=res.partner",
        env=env,
    )
    assert called.returncode == 0, called.stderr[-2000:]
    assert '"count"' in called.stdout


def test_inspector_lists_and_calls_tools_over_http(http_demo: str, tmp_path: Path) -> None:
    env = _demo_env(tmp_path)
    listed = _inspector(http_demo, "--transport", "http", "--method", "tools/list", env=env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "find_partners" in listed.stdout

    called = _inspector(
        http_demo,
        "--transport",
        "http",
        "--method",
        "tools/call",
        "--tool-name",
        "find_partners",
        "--tool-arg",
        "query=Azure",
        env=env,
    )
    assert called.returncode == 0, called.stderr[-2000:]
    assert "Azure Interior" in called.stdout

    refused = _inspector(
        http_demo,
        "--transport",
        "http",
        "--method",
        "tools/call",
        "--tool-name",
        "read_records",
        "--tool-arg",
        "model=res.users.apikeys",
        "--tool-arg",
        "ids=[1]",
        env=env,
    )
    assert refused.returncode == 5, "an isError result makes the Inspector exit with 5"
