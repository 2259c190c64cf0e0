"""Live web sessions (``session_id`` cookie -> uid) of one simulated server."""

from __future__ import annotations

import secrets
import threading

SESSION_COOKIE = "session_id"


class SessionStore:
    """Web sessions by id (thread-safe: tests may log in while uvicorn serves)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._uids: dict[str, int] = {}

    def open(self, uid: int) -> str:
        session_id = secrets.token_urlsafe(30)
        with self._lock:
            self._uids[session_id] = uid
        return session_id

    def uid(self, session_id: str | None) -> int | None:
        if session_id is None:
            return None
        with self._lock:
            return self._uids.get(session_id)

    def close(self, session_id: str) -> None:
        with self._lock:
            self._uids.pop(session_id, None)

    def clear(self) -> None:
        with self._lock:
            self._uids.clear()
