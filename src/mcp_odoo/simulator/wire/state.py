"""Everything one running simulated Odoo holds besides its database: faults, call counter, sessions."""

from __future__ import annotations

from dataclasses import dataclass, field

from mcp_odoo.simulator.calls import CallCounter
from mcp_odoo.simulator.faults import FaultInjector
from mcp_odoo.simulator.wire.backend import OdooBackend
from mcp_odoo.simulator.wire.sessions import SessionStore


@dataclass
class Simulator:
    """What ``app.state.simulator`` exposes to tests and to every route."""

    backend: OdooBackend
    pdf_engine: bool = True
    faults: FaultInjector = field(default_factory=FaultInjector)
    sessions: SessionStore = field(default_factory=SessionStore)
    calls: CallCounter = field(init=False)

    def __post_init__(self) -> None:
        self.calls = CallCounter(lambda: self.backend.write_count)

    @property
    def series(self) -> str:
        return self.backend.series

    @property
    def is_19(self) -> bool:
        return self.backend.series.startswith("19")

    def reset(self) -> None:
        """Forget web sessions, disarm every fault, zero the call counter (the database is the ORM's)."""
        self.sessions.clear()
        self.faults.clear()
        self.calls.reset()

    def database_exists(self, db: str) -> bool:
        return db == self.backend.db_name and not self.faults.database_gone

    def uid_for_api_key(self, key: str) -> int | None:
        """JSON-2 bearer check: API keys only, revoked keys refused."""
        if self.faults.is_revoked(key):
            return None
        return self.backend.uid_for_api_key(key)
