"""Real processes for the two-replica test: one Odoo simulator, two `mcp-odoo serve --transport http`
replicas sharing PostgreSQL (identities, audit) and Redis (rate limits), and nginx in front of both.

Everything listens on free loopback ports and lives in the test's temporary directory; every process
started here is stopped (by its own handle) when the cluster closes.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

MCP_ODOO = str(Path(sys.executable).with_name("mcp-odoo"))
STARTUP_TIMEOUT_S = 20.0

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream mcp_odoo {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://mcp_odoo;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffering off;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx2.get(url, timeout=1.0).status_code < 500:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not start within {STARTUP_TIMEOUT_S:g}s: {log.read_text()[-2000:]}")


@contextmanager
def started(
    command: list[str], env: Mapping[str, str], log: Path, ready_url: str
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=dict(env), stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_up(ready_url, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_cli(arguments: list[str], env: Mapping[str, str]) -> str:
    """Run `mcp-odoo <arguments>` to completion; its stdout, or AssertionError with its stderr."""
    done = subprocess.run([MCP_ODOO, *arguments], env=dict(env), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"mcp-odoo {arguments[:2]} failed: {done.stderr}"
    return done.stdout


@dataclass(frozen=True)
class Cluster:
    proxy_url: str
    replica_urls: tuple[str, str]
    simulator_url: str
    env: dict[str, str]
    """The environment the replicas run with, for CLI commands against the same stores."""


@contextmanager
def cluster(root: Path, base_env: Mapping[str, str], nginx: str) -> Iterator[Cluster]:
    """Simulator, two replicas configured by `base_env` (plus ports), nginx; yields their URLs."""
    simulator_port, proxy_port = free_port(), free_port()
    replica_ports = (free_port(), free_port())
    simulator_url = f"http://127.0.0.1:{simulator_port}"
    proxy_url = f"http://127.0.0.1:{proxy_port}"
    env = {
        **base_env,
        "ODOO_URL": simulator_url,
        "MCP_ODOO_PUBLIC_URL": f"{proxy_url}/mcp",
        "MCP_ODOO_ALLOWED_HOSTS": f"127.0.0.1:{proxy_port}",
    }
    with ExitStack() as stack:
        stack.enter_context(
            started(
                [MCP_ODOO, "simulator", "--port", str(simulator_port)],
                env,
                root / "simulator.log",
                f"{simulator_url}/web/version",
            )
        )
        for index, port in enumerate(replica_ports):
            stack.enter_context(
                started(
                    [MCP_ODOO, "serve", "--transport", "http", "--port", str(port), "--stateless"],
                    env,
                    root / f"replica-{index}.log",
                    f"http://127.0.0.1:{port}/healthz",
                )
            )
        for directory in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (root / directory).mkdir(exist_ok=True)
        conf = root / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(root=root, port=proxy_port, first=replica_ports[0], second=replica_ports[1])
        )
        stack.enter_context(
            started(
                [nginx, "-e", str(root / "nginx-error.log"), "-c", str(conf), "-p", str(root)],
                env,
                root / "nginx.log",
                f"{proxy_url}/healthz",
            )
        )
        first, second = (f"http://127.0.0.1:{port}" for port in replica_ports)
        yield Cluster(proxy_url=proxy_url, replica_urls=(first, second), simulator_url=simulator_url, env=env)
