"""Fault injection: make the simulated Odoo misbehave the way real deployments do, per test.

Faults are armed at runtime through ``app.state.simulator.faults`` and apply to the RPC requests
that match them (protocol, model, method; ``None`` matches anything), for the next ``times``
matching requests or until `clear()` when ``times`` is None.

What each kind does when it fires:

* ``LATENCY`` — the answer is delayed by ``delay`` seconds (then served normally).
* ``DROP_CONNECTION`` — stands for a refused/broken connection: the server starts an answer and
  drops the connection before the body is complete, so the client gets a transport error, never
  an HTTP answer. (An ASGI app cannot refuse a connection that was already accepted; over real
  HTTP uvicorn closes the socket; in-process the ASGI transport raises the app's exception.)
* ``PROXY_ERROR`` — a reverse proxy's ``502 Bad Gateway`` HTML page instead of Odoo's answer.
* ``MALFORMED_BODY`` — HTTP 200 with the protocol's Content-Type and a truncated body.
* ``LOCK_CONFLICT`` — the call fails as a concurrent update would make it fail: JSON-2 409
  ``odoo.exceptions.LockError``; XML-RPC/JSON-RPC ``psycopg2.errors.SerializationFailure``.

Protocols are ``xmlrpc``, ``jsonrpc``, ``json2`` and ``call_kw`` (web session); models and methods
as counted by `simulator.calls` (service calls: the service name as model).

Two switches apply to every request until `clear()`: `drop_database()` (the database no longer
exists: every request gets the wrong-database answer, ``db.list`` is empty; `restore_database()`
brings it back) and `revoke_api_key(key)` (the key stops working: RPC credential checks, RPC
``authenticate`` and the JSON-2 bearer).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    LATENCY = "latency"
    DROP_CONNECTION = "drop_connection"
    PROXY_ERROR = "proxy_error"
    MALFORMED_BODY = "malformed_body"
    LOCK_CONFLICT = "lock_conflict"


@dataclass
class Fault:
    kind: FaultKind
    times: int | None = None
    protocol: str | None = None
    model: str | None = None
    method: str | None = None
    delay: float = 0.0

    def matches(self, protocol: str, model: str, method: str) -> bool:
        return (
            (self.protocol is None or self.protocol == protocol)
            and (self.model is None or self.model == model)
            and (self.method is None or self.method == method)
        )


class FaultInjector:
    """The switchboard of armed faults; thread-safe (tests arm while uvicorn serves)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._revoked_keys: set[str] = set()
        self._database_gone = False

    def arm(
        self,
        kind: FaultKind,
        *,
        times: int | None = None,
        protocol: str | None = None,
        model: str | None = None,
        method: str | None = None,
        delay: float = 0.0,
    ) -> Fault:
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for 'until cleared')")
        fault = Fault(kind, times, protocol, model, method, delay)
        with self._lock:
            self._faults.append(fault)
        return fault

    def latency(
        self,
        seconds: float,
        *,
        times: int | None = None,
        protocol: str | None = None,
        model: str | None = None,
        method: str | None = None,
    ) -> Fault:
        return self.arm(
            FaultKind.LATENCY, times=times, protocol=protocol, model=model, method=method, delay=seconds
        )

    def lock_conflict(
        self,
        times: int = 1,
        *,
        protocol: str | None = None,
        model: str | None = None,
        method: str | None = None,
    ) -> Fault:
        return self.arm(FaultKind.LOCK_CONFLICT, times=times, protocol=protocol, model=model, method=method)

    def drop_database(self) -> None:
        with self._lock:
            self._database_gone = True

    def revoke_api_key(self, key: str) -> None:
        with self._lock:
            self._revoked_keys.add(key)

    def is_revoked(self, secret: str) -> bool:
        with self._lock:
            return secret in self._revoked_keys

    @property
    def armed(self) -> list[Fault]:
        """The faults still armed (a copy)."""
        with self._lock:
            return list(self._faults)

    def restore_database(self) -> None:
        with self._lock:
            self._database_gone = False

    @property
    def database_gone(self) -> bool:
        with self._lock:
            return self._database_gone

    def take(self, protocol: str, model: str, method: str) -> list[Fault]:
        """The faults that fire for this request, consuming one use of each counted fault."""
        fired: list[Fault] = []
        with self._lock:
            for fault in list(self._faults):
                if not fault.matches(protocol, model, method):
                    continue
                fired.append(fault)
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
        return fired

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._revoked_keys.clear()
            self._database_gone = False
