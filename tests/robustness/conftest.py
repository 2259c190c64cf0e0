"""Fixtures: a read-only MCP server per series on an in-process simulator, shared by a module's calls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mcp_odoo.simulator.orm import Registry

from .harness import ALLOWLISTED_METHODS, PortalSession, portal_session

SERIES = ("18.0", "19.0")


@pytest.fixture(scope="module", params=SERIES)
def read_only_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PortalSession]:
    """A read-only server (writes off, two allowlisted methods) on a fresh database of the series."""
    registry = Registry(str(request.param))
    audit_path = tmp_path_factory.mktemp("audit") / "audit.sqlite3"
    with portal_session(registry, audit_path, methods=ALLOWLISTED_METHODS) as session:
        yield session


@pytest.fixture
def hostile_target(read_only_server: PortalSession) -> PortalSession:
    """The shared read-only server, with its call counter reset so a test sees only its own requests."""
    read_only_server.simulator.calls.reset()
    read_only_server.simulator.faults.clear()
    return read_only_server
