"""Running the simulated Odoo as a real HTTP server (uvicorn), in the foreground or for tests.

`serve(series, host, port)` blocks (the ``mcp-odoo simulator`` command); `running_simulator()`
starts uvicorn in a background thread on a free loopback port and yields a `RunningSimulator`
(base URL + the app, whose ``state.simulator`` holds faults and call counts), stopping it on exit.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette

from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.wire.backend import OdooBackend
from mcp_odoo.simulator.wire.state import Simulator

_STARTUP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class RunningSimulator:
    base_url: str
    app: Starlette

    @property
    def simulator(self) -> Simulator:
        state: Simulator = self.app.state.simulator
        return state


def serve(
    registry: OdooBackend | str = "19.0",
    host: str = "127.0.0.1",
    port: int = 8069,
    *,
    pdf_engine: bool = True,
) -> None:
    """Serve a simulator (a `Registry`, or a series to seed a fresh one) until interrupted."""
    uvicorn.run(create_app(registry, pdf_engine=pdf_engine), host=host, port=port, log_level="warning")


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_simulator(
    registry: OdooBackend | str = "19.0", *, pdf_engine: bool = True, host: str = "127.0.0.1"
) -> Iterator[RunningSimulator]:
    """A simulator served over real HTTP on a free port, for the duration of the block."""
    app = create_app(registry, pdf_engine=pdf_engine)
    port = _free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"odoo-simulator-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + _STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the simulator did not start on {host}:{port}")
        time.sleep(0.01)
    try:
        yield RunningSimulator(f"http://{host}:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=_STARTUP_TIMEOUT_S)
