"""Counting the RPC requests a simulated Odoo receives, so tests can assert round trips and writes.

Every RPC request is counted once, by protocol (``xmlrpc``, ``jsonrpc``, ``json2``, ``call_kw``),
model and method. Service calls that have no model (``common.authenticate``, ``db.list``) are
counted with the service name as the model. `writes` is the number of mutations the ORM applied
since the last `reset()`.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CallKey:
    protocol: str
    model: str
    method: str


class CallCounter:
    """Thread-safe: the simulator may serve from a uvicorn thread while the test thread reads."""

    def __init__(self, write_count: Callable[[], int]) -> None:
        self._write_count = write_count
        self._lock = threading.Lock()
        self._counts: Counter[CallKey] = Counter()
        self._writes_baseline = write_count()

    def record(self, protocol: str, model: str, method: str) -> None:
        with self._lock:
            self._counts[CallKey(protocol, model, method)] += 1

    def count(
        self, *, protocol: str | None = None, model: str | None = None, method: str | None = None
    ) -> int:
        """Requests matching every criterion given (all requests when none is given)."""
        with self._lock:
            return sum(
                n
                for key, n in self._counts.items()
                if (protocol is None or key.protocol == protocol)
                and (model is None or key.model == model)
                and (method is None or key.method == method)
            )

    @property
    def total(self) -> int:
        return self.count()

    @property
    def writes(self) -> int:
        """Mutations applied to the store since the counter was created or last reset."""
        return self._write_count() - self._writes_baseline

    def snapshot(self) -> dict[CallKey, int]:
        with self._lock:
            return dict(self._counts)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._writes_baseline = self._write_count()
