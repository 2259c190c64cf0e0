"""`mcp-odoo serve` in passthrough mode, started for real against the simulator with no service Odoo
user: it starts, is ready (its Odoo check needs no login), and states that service credentials set anyway
go unused."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

from mcp_odoo.identity import generate_secret_key
from mcp_odoo.simulator.server import RunningSimulator

MCP_ODOO = str(Path(sys.executable).parent / "mcp-odoo")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def passthrough_env(tmp_path: Path, odoo_url: str, **extra: str) -> dict[str, str]:
    """Only where Odoo is, plus what passthrough itself needs; no ODOO_USER, ODOO_API_KEY or ODOO_PASSWORD."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ODOO_", "MCP_ODOO_"))}
    return {
        **env,
        "ODOO_URL": odoo_url,
        "MCP_ODOO_AUTH_MODE": "static",
        "MCP_ODOO_IDENTITY_MODE": "passthrough",
        "MCP_ODOO_PUBLIC_URL": "http://127.0.0.1/mcp",
        "MCP_ODOO_SECRET_KEY": generate_secret_key(),
        "MCP_ODOO_IDENTITY_STORE": str(tmp_path / "identities.sqlite3"),
        "MCP_ODOO_AUDIT_PATH": str(tmp_path / "audit.sqlite3"),
        **extra,
    }


@contextmanager
def serving(env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """`mcp-odoo serve --transport http` on a free port; yields its base URL and, filled in once it has
    stopped, the lines it logged."""
    port = _free_port()
    process = subprocess.Popen(
        [MCP_ODOO, "serve", "--transport", "http", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    logged: list[str] = []
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mcp-odoo serve did not start: {process.communicate()[1][-2000:]}")
            time.sleep(0.1)
        yield base, logged
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
        logged.extend(stderr.splitlines())


def test_passthrough_starts_and_is_ready_without_a_service_user(
    tmp_path: Path, running_odoo: RunningSimulator
) -> None:
    with serving(passthrough_env(tmp_path, running_odoo.base_url)) as (base, _):
        ready = httpx2.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


def test_service_credentials_set_in_passthrough_are_stated_unused_at_start(
    tmp_path: Path, running_odoo: RunningSimulator
) -> None:
    env = passthrough_env(
        tmp_path, running_odoo.base_url, ODOO_USER="mcp_bot", ODOO_API_KEY="throwaway-service-key"
    )
    with serving(env) as (_, logged):
        pass
    [line] = [line for line in logged if "serving MCP on" in line]
    assert line.endswith(
        "(auth static, identity passthrough, stateful); ODOO_USER, ODOO_API_KEY set but unused: "
        "each caller signs in to Odoo as its own user"
    )
