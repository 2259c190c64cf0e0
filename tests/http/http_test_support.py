"""Small test doubles shared by the HTTP-server tests: a clock moved by hand, ports nothing listens on."""

from __future__ import annotations

import socket


def unused_port() -> int:
    """A local port nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def unreachable_url(path: str) -> str:
    return f"http://127.0.0.1:{unused_port()}{path}"
