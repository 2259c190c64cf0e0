"""`OdooClient`: version detection, authentication, calls, caches and retries for one Odoo identity.

Nothing outside this package knows which protocol is in use. `connect` costs one request to
learn the version (``common.version``), then the login (``common.authenticate`` or JSON-2's
``res.users/context_get``) and one read of the user; afterwards every call is one request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

import httpx2

from mcp_odoo.odoo.adapter import Credentials, ProtocolAdapter, ServiceRpcAdapter, WireCall
from mcp_odoo.odoo.classify import CallSite
from mcp_odoo.odoo.errors import (
    AnswerTimeout,
    AuthenticationFailed,
    BadArguments,
    DatabaseNotFound,
    NotOdoo,
    OdooError,
    PrivateMethod,
    UnknownMethod,
)
from mcp_odoo.odoo.groups import normalise_groups, read_group_request, without_none
from mcp_odoo.odoo.json2 import Json2Adapter, web_version
from mcp_odoo.odoo.jsonrpc import JsonRpcAdapter
from mcp_odoo.odoo.reports import PdfFetcher
from mcp_odoo.odoo.settings import OdooSettings, Protocol
from mcp_odoo.odoo.signatures import to_named
from mcp_odoo.odoo.transport import HttpAnswer, HttpChannel
from mcp_odoo.odoo.versions import JSON2_SINCE, major_of, method_span, rename_params, series_of
from mcp_odoo.odoo.xmlrpc import XmlRpcAdapter

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

# Methods that only read: safe to retry on a transient failure. Anything else is sent exactly once.
READ_METHODS = frozenset(
    {
        "search",
        "search_read",
        "search_count",
        "search_fetch",
        "read",
        "fields_get",
        "name_search",
        "name_get",
        "default_get",
        "read_group",
        "formatted_read_group",
        "check_access_rights",
        "has_access",
        "web_search_read",
        "web_read",
        "context_get",
        "exists",
    }
)

_SERVICE_ADAPTERS: dict[Protocol, type[ServiceRpcAdapter]] = {
    Protocol.XMLRPC: XmlRpcAdapter,
    Protocol.JSONRPC: JsonRpcAdapter,
}
_ADAPTERS: dict[Protocol, type[ProtocolAdapter]] = {**_SERVICE_ADAPTERS, Protocol.JSON2: Json2Adapter}
_USER_FIELDS = ["name", "login", "company_id", "company_ids", "lang", "tz"]
_SECRET_MASK = "<secret>"

_MODEL_NAME = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
_METHOD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class OdooCall:
    """One ORM call as a caller means it, whatever the protocol: Odoo 16-18 parameter names, the
    context added to the configured one, and whether a transient failure may be retried (None: only
    for the known read methods)."""

    model: str
    method: str
    ids: Sequence[int] | None = None
    args: Sequence[Any] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    read_only: bool | None = None


CallHook = Callable[[OdooCall, str, float], None]
"""``on_call(call, outcome, seconds)`` after every call: outcome is ``ok``, the error kind, or
``internal_error`` for anything that is not an `OdooError` (e.g. metrics per method and outcome)."""


@dataclass(frozen=True)
class ServerInfo:
    """What `connect` learned about the server and the user the client acts as."""

    server_version: str
    series: str
    major: int
    edition: str
    protocol: Protocol
    db: str | None
    uid: int
    login: str
    user_name: str
    company_id: int | None
    company_ids: list[int] = field(default_factory=list)
    lang: str | None = None
    tz: str | None = None


@dataclass(frozen=True)
class _Version:
    server_version: str
    series: str
    major: int
    edition: str


class OdooClient:
    """One Odoo identity (URL, database, user, secret) over one pooled HTTP client.

    Safe for concurrent calls: requests share no mutable state, and logging in happens once at
    a time under a lock. ``retry_delay`` is the first pause between retries of a read (doubled
    on each further retry). ``on_call`` is told how each call ended and how long it took.
    """

    def __init__(
        self,
        settings: OdooSettings,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        retry_delay: float = 0.2,
        on_call: CallHook | None = None,
    ) -> None:
        self._settings = settings
        self._channel = HttpChannel(settings, transport)
        self._retry_delay = retry_delay
        self._on_call = on_call
        self._login_lock = asyncio.Lock()
        self._version: _Version | None = None
        self._adapter: ProtocolAdapter | None = None
        self._uid = 0
        self._logins = 0
        self._info: ServerInfo | None = None
        self._fields: dict[tuple[str, tuple[str, ...] | None], dict[str, Any]] = {}

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._channel.aclose()

    @property
    def settings(self) -> OdooSettings:
        """The settings this client was built with (read-only: a client serves one identity)."""
        return self._settings

    async def http(
        self,
        method: Literal["GET", "POST"],
        path: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        """One plain HTTP request to a path of the Odoo server, beside RPC (e.g. web routes for PDFs).

        It goes through the pooled client, bounded like every answer, with no credential added:
        the caller passes what the route needs in `headers`. The pooled client keeps no cookie, so a
        cookie an answer sets (read it from `HttpAnswer.headers`) never reaches another request.
        Nothing about the request or its answer is logged.
        """
        if method == "GET":
            return await self._channel.get(path, headers)
        return await self._channel.post(path, body, headers or {})

    def pdf_fetcher(self) -> PdfFetcher:
        """Rendered PDFs of this server's reports, over `http` (Odoo renders them on web routes, not RPC)."""
        return PdfFetcher(self)

    def __repr__(self) -> str:
        return (
            f"OdooClient(url={self._settings.url!r}, db={self._settings.db!r}, user={self._settings.user!r})"
        )

    @property
    def default_context(self) -> dict[str, Any]:
        """lang, tz and allowed_company_ids from the settings (only the keys that are set)."""
        context: dict[str, Any] = {}
        if self._settings.lang:
            context["lang"] = self._settings.lang
        if self._settings.tz:
            context["tz"] = self._settings.tz
        if self._settings.company_ids:
            context["allowed_company_ids"] = list(self._settings.company_ids)
        return context

    async def connect(self) -> ServerInfo:
        """Detect the version, choose the protocol, log in and read the user (once; then cached)."""
        if self._info is not None:
            return self._info
        async with self._login_lock:
            if self._info is None:
                self._info = await self._scrubbed(self._first_connect())
        return self._info

    async def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        context: Mapping[str, Any] | None = None,
        read_only: bool | None = None,
    ) -> Any:
        """Call ``model.method`` with Odoo 16-18 parameter names (see `OdooCall`); plain JSON values back."""
        return await self.execute(OdooCall(model, method, ids, args, kwargs or {}, context or {}, read_only))

    async def execute(self, call: OdooCall) -> Any:
        """Run `call`: the one way into Odoo that every other method of this client takes, so the
        ``on_call`` hook sees them all. ``create(dict)`` returns an int on every protocol."""
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await self._execute(call)
        except OdooError as exc:
            outcome = str(exc.kind)
            raise
        except BaseException:
            outcome = "internal_error"
            raise
        finally:
            if self._on_call is not None:
                self._on_call(call, outcome, time.perf_counter() - started)

    async def _execute(self, call: OdooCall) -> Any:
        model, method = call.model, call.method
        if not _MODEL_NAME.fullmatch(model) or not _METHOD_NAME.fullmatch(method):
            # JSON-2 puts both names in the URL path: anything else could reach another endpoint.
            raise BadArguments(f"not an Odoo model and method name: {(model + '.' + method)[:80]!r}")
        if method.startswith("_"):
            raise PrivateMethod(
                f"'{model}.{method}' is private: methods starting with '_' cannot be called remotely"
            )
        info = await self.connect()
        prepared = self._prepare(info, call)
        retry_safe = call.read_only if call.read_only is not None else method in READ_METHODS
        result = await self._scrubbed(self._run(prepared, retry_safe, info))
        return _single_created_id(method, call.args, call.kwargs, result)

    async def search_read(
        self,
        model: str,
        domain: Sequence[Any],
        fields: Sequence[str],
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        options = without_none(
            {"fields": list(fields), "offset": offset or None, "limit": limit, "order": order}
        )
        rows: list[dict[str, Any]] = await self.call(
            model, "search_read", args=[list(domain)], kwargs=options, context=context
        )
        return rows

    async def read(
        self,
        model: str,
        ids: Sequence[int],
        fields: Sequence[str],
        *,
        context: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self.call(
            model, "read", ids=list(ids), kwargs={"fields": list(fields)}, context=context
        )
        return rows

    async def search_count(
        self, model: str, domain: Sequence[Any], *, context: Mapping[str, Any] | None = None
    ) -> int:
        count: int = await self.call(model, "search_count", args=[list(domain)], context=context)
        return count

    async def fields_get(self, model: str, attributes: Sequence[str] | None = None) -> dict[str, Any]:
        """Field metadata, cached per model and attribute list for the life of this client."""
        key = (model, tuple(attributes) if attributes else None)
        if key not in self._fields:
            options = {"attributes": list(attributes)} if attributes else {}
            self._fields[key] = await self.call(model, "fields_get", kwargs=options)
        return self._fields[key]

    async def create(
        self, model: str, values: Mapping[str, Any], *, context: Mapping[str, Any] | None = None
    ) -> int:
        new_id: int = await self.call(model, "create", args=[dict(values)], context=context)
        return new_id

    async def write(
        self,
        model: str,
        ids: Sequence[int],
        values: Mapping[str, Any],
        *,
        context: Mapping[str, Any] | None = None,
    ) -> bool:
        done: bool = await self.call(model, "write", ids=list(ids), args=[dict(values)], context=context)
        return done

    async def read_group(
        self,
        model: str,
        domain: Sequence[Any],
        groupby: Sequence[str],
        aggregates: Sequence[str],
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """Grouped totals in one shape on every series (see `groups.normalise_groups`)."""
        info = await self.connect()
        method, options = read_group_request(info.major, domain, groupby, aggregates, limit, offset, order)
        rows = await self.call(model, method, kwargs=options, context=context)
        return normalise_groups(info.major, rows, domain, groupby, aggregates)

    def _prepare(self, info: ServerInfo, call: OdooCall) -> WireCall:
        method = call.method
        options = dict(call.kwargs)
        full_context = {**self.default_context, **(options.pop("context", None) or {}), **call.context}
        options = rename_params(method, options, info.major)
        positional = list(call.args)
        if info.protocol is Protocol.JSON2:
            options, positional = to_named(method, positional, options, info.major), []
        ids = list(call.ids) if call.ids is not None else None
        return WireCall(call.model, method, ids, positional, options, full_context)

    async def _run(self, call: WireCall, retry_safe: bool, info: ServerInfo) -> Any:
        adapter, uid, logins = self._adapter, self._uid, self._logins
        assert adapter is not None  # set by connect()
        try:
            return await self._send(adapter, call, uid, retry_safe)
        except AuthenticationFailed as exc:
            if not isinstance(adapter, ServiceRpcAdapter) or exc.odoo_name != "odoo.exceptions.AccessDenied":
                raise
            logger.info("Odoo refused the credentials of uid %s; logging in again once", uid)
            uid = await self._login_again(adapter, logins)
            return await self._send(adapter, call, uid, retry_safe)
        except UnknownMethod as exc:
            raise _with_version_hint(exc, call.method, info) from None

    async def _send(self, adapter: ProtocolAdapter, call: WireCall, uid: int, retry_safe: bool) -> Any:
        attempts = 1 + (self._settings.retries if retry_safe else 0)
        for attempt in range(attempts):
            try:
                return await adapter.execute(call, uid)
            except OdooError as exc:
                if not exc.retryable or isinstance(exc, AnswerTimeout) or attempt + 1 == attempts:
                    raise
                delay = self._retry_delay * 2**attempt
                logger.warning(
                    "%s.%s failed (%s); retry %d in %.2fs",
                    call.model,
                    call.method,
                    exc.kind,
                    attempt + 1,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _login_again(self, adapter: ProtocolAdapter, logins_seen: int) -> int:
        """Log in again unless a concurrent call already did since ``logins_seen``."""
        async with self._login_lock:
            if self._logins == logins_seen:
                self._uid = await adapter.authenticate()
                self._logins += 1
            return self._uid

    async def _first_connect(self) -> ServerInfo:
        version = await self._detect_version()
        protocol = self._choose_protocol(version)
        db = self._settings.db or await self._only_database(protocol)
        adapter = _ADAPTERS[protocol](
            self._channel, Credentials(db, self._settings.user, self._settings.secret)
        )
        uid = await adapter.authenticate()
        self._adapter, self._uid, self._logins = adapter, uid, self._logins + 1
        user_call = WireCall("res.users", "read", [uid], [], {"fields": _USER_FIELDS}, self.default_context)
        users = await self._send(adapter, user_call, uid, retry_safe=True)
        user = users[0] if isinstance(users, list) and users else {}
        company = user.get("company_id")
        return ServerInfo(
            server_version=version.server_version,
            series=version.series,
            major=version.major,
            edition=version.edition,
            protocol=protocol,
            db=db,
            uid=uid,
            login=str(user.get("login") or self._settings.user),
            user_name=str(user.get("name") or ""),
            company_id=company[0] if isinstance(company, list) and company else None,
            company_ids=list(user.get("company_ids") or []),
            lang=user.get("lang") or None,
            tz=user.get("tz") or None,
        )

    async def _detect_version(self) -> _Version:
        """One ``common.version`` request, over XML-RPC when that is the chosen protocol, else JSON-RPC.

        Without ``/jsonrpc`` (a JSON-2-only server), ``/web/version`` is asked instead.
        """
        if self._version is None:
            xmlrpc_only = self._settings.protocol is Protocol.XMLRPC
            probe = self._service_adapter(Protocol.XMLRPC if xmlrpc_only else Protocol.JSONRPC)
            try:
                answer = await probe.server_version()
            except NotOdoo:
                if xmlrpc_only:
                    raise
                answer = await web_version(self._channel)
            server_version = str(answer.get("server_version") or "")
            version_info = answer.get("server_version_info") or []
            major = major_of(version_info[0] if version_info else None, server_version)
            enterprise = server_version.endswith("+e") or (len(version_info) > 5 and version_info[5] == "e")
            self._version = _Version(
                server_version=server_version,
                series=series_of(major, answer.get("server_serie")),
                major=major,
                edition="enterprise" if enterprise else "community",
            )
        return self._version

    def _choose_protocol(self, version: _Version) -> Protocol:
        wanted = self._settings.protocol
        if wanted is Protocol.AUTO:
            json2 = version.major >= JSON2_SINCE and self._settings.uses_api_key
            return Protocol.JSON2 if json2 else Protocol.JSONRPC
        if wanted is Protocol.JSON2 and version.major < JSON2_SINCE:
            raise NotOdoo(
                f"JSON-2 needs Odoo {JSON2_SINCE} or later and this server runs {version.server_version}: "
                "set ODOO_PROTOCOL=auto, jsonrpc or xmlrpc"
            )
        return wanted

    async def _only_database(self, protocol: Protocol) -> str | None:
        """Without ODOO_DB: nothing for JSON-2 (the server picks), else the server's only database."""
        if protocol is Protocol.JSON2:
            return None
        names = await self._service_adapter(protocol).call_service("db", "list", [], CallSite("db", "list"))
        if isinstance(names, list) and len(names) == 1:
            return str(names[0])
        raise DatabaseNotFound(
            f"ODOO_DB is not set and the server lists {len(names or [])} databases: set ODOO_DB"
        )

    def _service_adapter(self, protocol: Protocol) -> ServiceRpcAdapter:
        """An adapter for the RPC services that need no login (``common.version``, ``db.list``)."""
        return _SERVICE_ADAPTERS[protocol](self._channel, Credentials(None, self._settings.user, ""))

    async def _scrubbed(self, work: Awaitable[_T]) -> _T:
        """Await ``work``; an error escaping it never carries the secret (Odoo may echo arguments)."""
        try:
            return await work
        except OdooError as exc:
            secret = self._settings.secret
            if secret and (secret in exc.message or secret in (exc.debug or "")):
                exc.message = exc.message.replace(secret, _SECRET_MASK)
                exc.args = (exc.message,)
                exc.debug = exc.debug.replace(secret, _SECRET_MASK) if exc.debug else exc.debug
            raise


def _single_created_id(method: str, args: Sequence[Any], kwargs: Mapping[str, Any], result: Any) -> Any:
    """``create`` given one dict returns one id everywhere (JSON-2 answers ``[id]``)."""
    if method != "create" or not isinstance(result, list) or len(result) != 1:
        return result
    values = args[0] if args else kwargs.get("vals_list", kwargs.get("vals"))
    return result[0] if isinstance(values, Mapping) else result


def _with_version_hint(error: UnknownMethod, method: str, info: ServerInfo) -> UnknownMethod:
    span = method_span(method)
    if span is None or span.covers(info.major):
        return error
    message = f"{error.message} ('{method}' does not exist in Odoo {info.series}; use {span.instead})"
    return UnknownMethod(message, odoo_name=error.odoo_name, debug=error.debug)
