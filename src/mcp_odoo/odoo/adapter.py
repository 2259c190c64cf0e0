"""The seam between `OdooClient` and the three wire protocols.

`ProtocolAdapter` is what the client needs from a protocol: learn the uid behind the credentials
and run one ORM call. `ServiceRpcAdapter` implements both for the two protocols that expose
Odoo's RPC services (``common.authenticate``, ``object.execute_kw``) and differ only in how a
service call is encoded (XML-RPC, JSON-RPC).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from mcp_odoo.odoo.classify import CallSite
from mcp_odoo.odoo.errors import AuthenticationFailed, NotOdoo
from mcp_odoo.odoo.settings import Protocol
from mcp_odoo.odoo.transport import HttpChannel


@dataclass(frozen=True)
class Credentials:
    db: str | None
    login: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class WireCall:
    """One ORM call as a protocol sends it: the target series' parameter names, the full context."""

    model: str
    method: str
    ids: list[int] | None
    args: list[Any]
    kwargs: dict[str, Any]
    context: dict[str, Any]

    @property
    def site(self) -> CallSite:
        return CallSite(self.model, self.method)


class ProtocolAdapter(ABC):
    protocol: Protocol

    def __init__(self, channel: HttpChannel, credentials: Credentials) -> None:
        self._channel = channel
        self._credentials = credentials

    @abstractmethod
    async def authenticate(self) -> int:
        """The uid the credentials belong to; AuthenticationFailed when Odoo refuses them."""

    @abstractmethod
    async def execute(self, call: WireCall, uid: int) -> Any:
        """Run one ORM call as ``uid``; its plain JSON result, or a typed OdooError."""


class ServiceRpcAdapter(ProtocolAdapter):
    """``common.authenticate`` once, then ``object.execute_kw`` with the secret on every call."""

    @abstractmethod
    async def call_service(self, service: str, method: str, args: list[Any], site: CallSite) -> Any:
        """Call one RPC service method (``common.version``, ``object.execute_kw`` ...)."""

    async def server_version(self) -> dict[str, Any]:
        answer = await self.call_service("common", "version", [], CallSite("common", "version"))
        if not isinstance(answer, dict):
            raise NotOdoo("the answer to common.version is not a version description")
        return answer

    async def authenticate(self) -> int:
        db, login, secret = self._database(), self._credentials.login, self._credentials.secret
        uid = await self.call_service("common", "authenticate", [db, login, secret, {}], CallSite("common"))
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise AuthenticationFailed(f"Odoo refused the login {login!r} or its API key / password")
        return uid

    async def execute(self, call: WireCall, uid: int) -> Any:
        positional = ([call.ids] if call.ids is not None else []) + list(call.args)
        kwargs = {**call.kwargs, "context": call.context}
        params = [
            self._database(),
            uid,
            self._credentials.secret,
            call.model,
            call.method,
            positional,
            kwargs,
        ]
        return await self.call_service("object", "execute_kw", params, call.site)

    def _database(self) -> str:
        return self._credentials.db or ""
