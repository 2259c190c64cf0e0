"""Starting the simulator and the MCP server as real processes, and reading a process's memory and files.

Shared by the load, throughput and cold-start benchmarks (and the load test, which runs bench/load.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
from pydantic import SecretStr

from mcp_odoo.settings import OdooSettings
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS

MCP_ODOO = str(Path(sys.executable).with_name("mcp-odoo"))
STARTUP_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            httpx2.get(url, timeout=1.0)
            return
        except httpx2.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered at {url} within {STARTUP_TIMEOUT_S} s")


@contextmanager
def running(command: list[str], ready_url: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """Run `command` until the block ends; yields its pid once `ready_url` answers."""
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_answering(ready_url, process)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Served:
    mcp_url: str
    server_pid: int
    odoo_port: int
    label: str


UNLIMITED_RATE = "1000000000"
"""Benchmarks measure capacity, not the per-identity rate limiter (120 calls a minute by default)."""


def server_environment(odoo_url: str, series: str, audit_folder: str) -> dict[str, str]:
    """What `mcp-odoo serve` reads: the simulator's mcp_bot user, writes off, a private audit file, and a
    rate limit no run reaches."""
    return {
        "MCP_ODOO_RATE_LIMIT_REQUESTS": UNLIMITED_RATE,
        "ODOO_URL": odoo_url,
        "ODOO_DB": "demo" + series.split(".")[0],
        "ODOO_USER": "mcp_bot",
        "ODOO_API_KEY": DEMO_CREDENTIALS["mcp_bot"]["api_key"],
        "MCP_ODOO_AUDIT_PATH": str(Path(audit_folder) / "audit.sqlite3"),
    }


ODOO_VARIABLES = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY")


@dataclass(frozen=True)
class Target:
    """The Odoo a benchmark runs against, and the environment `mcp-odoo serve` needs for it."""

    label: str
    env: dict[str, str]

    @property
    def settings(self) -> OdooSettings:
        return OdooSettings(
            url=self.env["ODOO_URL"],
            db=self.env["ODOO_DB"],
            user=self.env["ODOO_USER"],
            api_key=SecretStr(self.env["ODOO_API_KEY"]),
        )


@contextmanager
def odoo_target(series: str, audit_folder: str) -> Iterator[Target]:
    """The real Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name (all four set), else the
    simulator of `series` in its own process."""
    given = {name: os.environ.get(name, "") for name in ODOO_VARIABLES}
    if all(given.values()):
        env = {**server_environment(given["ODOO_URL"], series, audit_folder), **given}
        yield Target(f"Odoo at {given['ODOO_URL']} (database {given['ODOO_DB']})", env)
        return
    with simulator_process(series) as url:
        yield Target(f"Odoo {series} simulator", server_environment(url, series, audit_folder))


@contextmanager
def simulator_process(series: str = "19.0") -> Iterator[str]:
    """`mcp-odoo simulator` in its own process; yields its base URL (http://127.0.0.1:<port>)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([MCP_ODOO, "simulator", "--series", series, "--port", str(port)], f"{url}/web/version"):
        yield url


@contextmanager
def served_over_http(series: str = "19.0") -> Iterator[Served]:
    """`mcp-odoo serve --transport http` in its own process, against `odoo_target(series)`."""
    mcp_port = free_port()
    with tempfile.TemporaryDirectory() as folder, odoo_target(series, folder) as target:
        server = [MCP_ODOO, "serve", "--transport", "http", "--port", str(mcp_port)]
        with running(server, f"http://127.0.0.1:{mcp_port}/healthz", target.env) as server_pid:
            odoo_port = httpx2.URL(target.env["ODOO_URL"]).port or 80
            yield Served(f"http://127.0.0.1:{mcp_port}/mcp", server_pid, odoo_port, target.label)


def open_files(pid: int) -> int:
    """File descriptors the process holds (Linux /proc)."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def connections_to(pid: int, port: int) -> int:
    """The process's TCP sockets connected to `port` on loopback (its pool of connections to Odoo)."""
    inodes = set()
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    wanted = f"{port:04X}"
    count = 0
    for line in Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]:
        columns = line.split()
        if columns[2].rsplit(":", 1)[1] == wanted and columns[9] in inodes:
            count += 1
    return count


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident memory of the process, in KiB (Linux /proc)."""
    wanted = {"VmRSS", "VmHWM"}
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in wanted:
            found[name] = int(value.split()[0])
    return found
