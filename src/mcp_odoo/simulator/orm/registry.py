"""`Registry`: one simulated Odoo database (18.0 or 19.0) behind a lock, as the wire layer sees it."""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from typing import Any

from .database import Database
from .dispatch import execute_json2, execute_kw
from .seed import SUPPORTED_SERIES, load_seed
from .store import StoreState
from .users import User

#: Methods that never change the store, so a failed call needs no rollback.
READ_ONLY_METHODS = frozenset(
    {
        "search",
        "search_read",
        "search_count",
        "read",
        "fields_get",
        "name_search",
        "default_get",
        "read_group",
        "formatted_read_group",
        "web_search_read",
        "web_read",
        "check_access_rights",
        "has_access",
        "check_access",
        "context_get",
        "exists",
        "get_wkhtmltopdf_state",
    }
)


def _same(secret: str | None, candidate: object) -> bool:
    """Constant-time comparison of a stored secret with what the client sent (any JSON type)."""
    if secret is None or not isinstance(candidate, str):
        return False
    return hmac.compare_digest(secret.encode(), candidate.encode())


class Registry:
    """The seeded database and ORM of one series; every call runs under one lock, atomically."""

    def __init__(
        self,
        series: str = "19.0",
        today: dt.date | None = None,
        db_name: str | None = None,
    ) -> None:
        if series not in SUPPORTED_SERIES:
            raise ValueError(
                f"unsupported series {series!r}; the simulator serves {', '.join(SUPPORTED_SERIES)}"
            )
        self.series = series
        self.db_name = db_name or f"demo{series.split('.')[0]}"
        self._lock = threading.RLock()
        self._db = Database(load_seed(series), today or dt.date.today())
        self._seeded = self._db.store.snapshot()

    @property
    def users(self) -> dict[str, User]:
        return {user.login: user for user in self._db.users.values()}

    @property
    def write_count(self) -> int:
        return self._db.store.state.write_count

    @property
    def database(self) -> Database:
        return self._db

    def authenticate(self, login: str, secret: str) -> int | None:
        user = self.users.get(login)
        if user is None or not user.active:
            return None
        return user.uid if _same(user.api_key, secret) or _same(user.password, secret) else None

    def check_credentials(self, uid: int, secret: str) -> bool:
        user = self._db.users.get(uid)
        return bool(user and user.active and (_same(user.api_key, secret) or _same(user.password, secret)))

    def uid_for_api_key(self, key: str) -> int | None:
        return next(
            (user.uid for user in self._db.users.values() if user.active and _same(user.api_key, key)), None
        )

    def execute_kw(self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        return self._atomic(method, lambda: execute_kw(self._db, uid, model, method, args, kwargs))

    def execute_json2(self, uid: int, model: str, method: str, body: dict[str, Any]) -> Any:
        return self._atomic(method, lambda: execute_json2(self._db, uid, model, method, body))

    def _atomic(self, method: str, call: Any) -> Any:
        """Run a call; if it fails, undo its writes (one transaction per call, as in Odoo)."""
        with self._lock:
            if method in READ_ONLY_METHODS:
                return call()
            before = self._db.store.snapshot()
            try:
                result = call()
            except BaseException:
                self._db.store.restore(before)
                raise
            finally:
                self._db.sync_users()
            return result

    def snapshot(self) -> StoreState:
        with self._lock:
            return self._db.store.snapshot()

    def reset(self, state: StoreState | None = None) -> None:
        """Restore a snapshot (by default the freshly seeded database)."""
        with self._lock:
            self._db.store.restore(state or self._seeded)
            self._db.sync_users()
