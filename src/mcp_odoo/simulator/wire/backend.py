"""What the wire needs from the ORM layer (`simulator.orm.Registry` satisfies it structurally)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class SimulatedUser(Protocol):
    @property
    def uid(self) -> int: ...

    @property
    def login(self) -> str: ...

    @property
    def name(self) -> str: ...


class OdooBackend(Protocol):
    """The seeded database and ORM of one simulated Odoo server (one database)."""

    @property
    def series(self) -> str: ...

    @property
    def db_name(self) -> str: ...

    @property
    def users(self) -> Mapping[str, SimulatedUser]: ...

    @property
    def write_count(self) -> int: ...

    def authenticate(self, login: str, secret: str) -> int | None: ...

    def check_credentials(self, uid: int, secret: str) -> bool: ...

    def uid_for_api_key(self, key: str) -> int | None: ...

    def execute_kw(
        self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any: ...

    def execute_json2(self, uid: int, model: str, method: str, body: dict[str, Any]) -> Any: ...
