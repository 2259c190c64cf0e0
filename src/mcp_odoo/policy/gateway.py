"""OdooGateway: the one door between the tools and the connector.

Every call a tool makes to Odoo goes through `OdooGateway._send`, which applies the policy
(model exposed, method public and not impersonating, writes enabled, company allowed), tells the
observers (the audit's per-call facts), hands the connector one `OdooCall`, and strips sensitive
fields from what comes back. Domains and field names are checked here too, so a tool is safe
without checking anything itself. Tools never hold the connector. Field metadata and readability
answers are cached here, per Odoo identity (one gateway per connected client).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, cast

from mcp_odoo.odoo import OdooCall
from mcp_odoo.odoo.groups import normalise_groups, read_group_request
from mcp_odoo.odoo.pages import (
    Page,
    Related,
    attach_related,
    needs_count,
    page_answer,
    page_request,
    related_ids,
)
from mcp_odoo.odoo.reports import PdfFetcher
from mcp_odoo.odoo.versions import WEB_SPECIFICATION_SINCE
from mcp_odoo.policy.domain import validate_domain
from mcp_odoo.policy.metadata import FIELD_ATTRIBUTES, FieldMeta, exposed_fields
from mcp_odoo.policy.names import same_name
from mcp_odoo.policy.rules import InvalidRequest, Policy, company_refused, is_sensitive_field
from mcp_odoo.policy.settings import MethodRule
from mcp_odoo.policy.values import ValuesChecker

NAME_MATCHES = 6
"""How many same-name candidates are fetched to detect an ambiguous name."""

CallObserver = Callable[[str, str, Sequence[int] | None, bool], None]
"""``observer(model, method, ids, writes)``, told of each call the policy admitted just before it is sent."""


class ServerInfoLike(Protocol):
    """What the gateway reads from the connector's ServerInfo."""

    @property
    def major(self) -> int: ...
    @property
    def uid(self) -> int: ...
    @property
    def login(self) -> str: ...
    @property
    def company_ids(self) -> Sequence[int]: ...


class Connector(Protocol):
    """The part of `mcp_odoo.odoo.OdooClient` the gateway uses: every call is one `OdooCall`."""

    async def connect(self) -> Any: ...

    async def execute(self, call: OdooCall) -> Any: ...

    def pdf_fetcher(self) -> PdfFetcher: ...


def strip_sensitive(value: Any) -> Any:
    """A copy of an Odoo answer without any key naming a credential or token, at any depth."""
    if isinstance(value, Mapping):
        return {key: strip_sensitive(item) for key, item in value.items() if not is_sensitive_field(str(key))}
    if isinstance(value, list):
        return [strip_sensitive(item) for item in value]
    return value


T = TypeVar("T")


def single_id(answer: Any) -> int:
    """The one id an Odoo call answered, given alone or as a one-item list (``create`` over JSON-2,
    ``message_post`` on 19.0 over every protocol)."""
    return int(answer[0] if isinstance(answer, list) else answer)


class OdooGateway:
    """Policy-checked access to one Odoo identity. Raises `PolicyError` or the connector's `OdooError`."""

    def __init__(self, connector: Connector, policy: Policy) -> None:
        self._connector = connector
        self.policy = policy
        self._fields: dict[str, dict[str, FieldMeta]] = {}
        self._fields_loading: dict[str, asyncio.Lock] = {}
        self._labels: dict[str, str | None] = {}
        self._info: ServerInfoLike | None = None
        self._remembered: dict[str, Any] = {}
        self._company: int | None = None
        self._observers: tuple[CallObserver, ...] = ()

    def in_company(self, company_id: int | None) -> OdooGateway:
        """This gateway working in `company_id` (None: as configured), caches shared: every call made
        through it selects that company unless it names its own."""
        if company_id is None:
            return self
        view = copy.copy(self)
        view._company = company_id
        return view

    def observed(self, observer: Callable[[str, str, Sequence[int] | None, bool], None]) -> OdooGateway:
        """This gateway telling `observer` of every call it sends (see `CallObserver`), caches and company
        shared; the observers of this gateway keep observing the calls made through the view."""
        view = copy.copy(self)
        view._observers = (*self._observers, observer)
        return view

    async def company_of(self, company: int | str | None) -> int | None:
        """The id of the company `company` names: an id (42, "42", "#42") or the name of one of the Odoo
        user's companies; None when none is given. Any other company is refused, in one wording: an id
        before any request, a name once the names of the user's companies are known."""
        if company is None or company == "" or (isinstance(company, int) and company == 0):
            return None
        allowed = (await self.info()).company_ids
        text = str(company).strip().removeprefix("#")
        if text.isascii() and text.isdigit():
            self.policy.company_context(int(text), allowed)
            return int(text)
        names = await self.remembered(
            f"res.company:names:{list(allowed)}", lambda: self._company_names(allowed)
        )
        found = same_name(str(company), names.items())
        if len(found) != 1:
            raise company_refused(str(company), names)
        return found[0][0]

    async def _company_names(self, allowed: Sequence[int]) -> dict[int, str]:
        rows = await self.read("res.company", list(allowed), ["name"])
        named = {int(row["id"]): str(row["name"]) for row in rows}
        return {company: named.get(company, "") for company in allowed}

    async def remembered(self, key: str, load: Callable[[], Awaitable[T]]) -> T:
        """`load()`'s answer, fetched once per gateway (so per Odoo identity), for lookups that do not
        change while the server runs (e.g. the models the user may read). A failed load is not remembered."""
        if key not in self._remembered:
            self._remembered[key] = await load()
        return cast(T, self._remembered[key])

    async def info(self) -> ServerInfoLike:
        """Version, uid, login and companies of the connected user (connects on first use)."""
        self._info = await self._connector.connect()
        return self._info

    @property
    def identity(self) -> tuple[str | None, int | None]:
        """(login, uid) once connected, for the audit; (None, None) before."""
        if self._info is None:
            return None, None
        return self._info.login, self._info.uid

    async def _send(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        writes: bool,
        company_id: int | None = None,
        extra_context: Mapping[str, object] | None = None,
    ) -> Any:
        """The choke point: policy, then observers, then the connector, then sensitive values removed."""
        context = await self._admit(model, method, writes=writes, company_id=company_id)
        for observe in self._observers:
            observe(model, method, ids, writes)
        call = OdooCall(
            model, method, ids, args, kwargs or {}, {**(context or {}), **(extra_context or {})}, not writes
        )
        return strip_sensitive(await self._connector.execute(call))

    async def company_context(self, company_id: int | None) -> dict[str, object] | None:
        """The context selecting `company_id`; refused when the user may not work in it."""
        if company_id is None:
            return None
        return self.policy.company_context(company_id, (await self.info()).company_ids)

    async def _admit(
        self, model: str, method: str, *, writes: bool, company_id: int | None
    ) -> dict[str, object] | None:
        """Every rule a call must pass; returns the context selecting the company (None = as configured)."""
        self.policy.require_model(model)
        self.policy.require_method(model, method, writes=writes)
        info = await self.info()
        chosen = company_id if company_id is not None else self._company
        return self.policy.company_context(chosen, info.company_ids)

    async def fields(self, model: str) -> dict[str, FieldMeta]:
        """Exposed field metadata of `model`, fetched once: concurrent first calls share one request."""
        cached = self._fields.get(model)
        if cached is None:
            async with self._fields_loading.setdefault(model, asyncio.Lock()):
                cached = self._fields.get(model)
                if cached is None:
                    raw = await self._send(
                        model, "fields_get", kwargs={"attributes": list(FIELD_ATTRIBUTES)}, writes=False
                    )
                    cached = self._fields[model] = exposed_fields(raw)
        return cached

    async def check_fields(self, model: str, names: Sequence[str]) -> list[str]:
        """`names` if each is an exposed field of `model`, else `InvalidRequest` naming the unknown ones."""
        self.policy.require_readable_fields(model, names)
        known = await self.fields(model)
        unknown = [name for name in names if name not in known and name != "id"]
        if unknown:
            raise InvalidRequest(
                f"{model} has no field(s) {', '.join(repr(name) for name in unknown)}",
                hint=f"list the fields of {model} to see which exist",
            )
        return list(dict.fromkeys(names))

    async def read_one(
        self, model: str, record_id: int, fields: Sequence[str], label: str | None = None
    ) -> dict[str, Any]:
        """The record's values of those `fields` the model has (a field a series lacks is left out), or
        `InvalidRequest` naming it by `label` (else the model) when it does not exist or is not visible."""
        known = await self.fields(model)
        wanted = [name for name in dict.fromkeys(fields) if name in known or name == "id"]
        rows = await self.read(model, [record_id], wanted or ["id"])
        if not rows:
            raise InvalidRequest(
                f"{label or model} #{record_id} does not exist or is not visible to this Odoo user",
                hint="check the id; a search for the record gives the ids that exist",
            )
        return rows[0]

    async def search_read(
        self,
        model: str,
        domain: Sequence[Any] | str,
        fields: Sequence[str],
        *,
        limit: int,
        offset: int = 0,
        order: str | None = None,
        company_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Records matching `domain` (a list, or its JSON text), checked against the model's fields."""
        self.policy.require_readable_fields(model, fields)
        terms = await validate_domain(model, domain, self.fields)
        kwargs: dict[str, Any] = {"fields": list(fields), "limit": limit, "offset": offset}
        if order:
            kwargs["order"] = order
        records: list[dict[str, Any]] = await self._send(
            model, "search_read", args=(terms,), kwargs=kwargs, writes=False, company_id=company_id
        )
        return records

    async def read(
        self, model: str, ids: Sequence[int], fields: Sequence[str], *, company_id: int | None = None
    ) -> list[dict[str, Any]]:
        self.policy.require_readable_fields(model, fields)
        records: list[dict[str, Any]] = await self._send(
            model, "read", list(ids), (list(fields),), writes=False, company_id=company_id
        )
        return records

    async def search_count(
        self, model: str, domain: Sequence[Any] | str, *, company_id: int | None = None
    ) -> int:
        terms = await validate_domain(model, domain, self.fields)
        count: int = await self._send(
            model, "search_count", args=(terms,), writes=False, company_id=company_id
        )
        return count

    async def search_page(
        self,
        model: str,
        domain: Sequence[Any] | str,
        fields: Sequence[str],
        *,
        limit: int,
        offset: int = 0,
        order: str | None = None,
        company_id: int | None = None,
        related: Related | None = None,
    ) -> Page:
        """One page of records and the exact number of all matches, in one request (``web_search_read``).

        With `related`, each record also carries the records of that x2many field (their fields must be
        readable, their model exposed): in the same request from Odoo 17, in a second one on 16.
        """
        self.policy.require_readable_fields(model, fields)
        terms = await validate_domain(model, domain, self.fields)
        major = (await self.info()).major
        types = await self._types(model, fields)
        nested: tuple[Related, dict[str, str]] | None = None
        comodel = ""
        if related is not None:
            await self.check_fields(model, [related.field])
            comodel = (await self.fields(model))[related.field].relation or ""
            self.policy.require_model(comodel)
            self.policy.require_readable_fields(comodel, related.fields)
            nested = related, await self._types(comodel, related.fields)
        options = page_request(major, terms, types, offset=offset, limit=limit, order=order, related=nested)
        answer = await self._send(
            model, "web_search_read", kwargs=options, writes=False, company_id=company_id
        )
        page = page_answer(major, answer, types, nested)
        if needs_count(page, offset):
            page = Page(page.records, await self.search_count(model, terms, company_id=company_id))
        ids = related_ids(page.records, related.field) if related and major < WEB_SPECIFICATION_SINCE else []
        if related is not None and ids:
            rows = await self.search_read(
                comodel,
                [["id", "in", ids]],
                related.fields,
                limit=len(ids),
                order=related.order,
                company_id=company_id,
            )
            attach_related(page.records, related, rows)
        return page

    async def _types(self, model: str, fields: Sequence[str]) -> dict[str, str]:
        known = await self.fields(model)
        return {name: known[name].type if name in known else "" for name in fields}

    async def read_group(
        self,
        model: str,
        domain: Sequence[Any] | str,
        group_by: Sequence[str],
        aggregates: Sequence[str],
        *,
        limit: int,
        order: str | None = None,
        company_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Groups in one shape on every series (`mcp_odoo.odoo.groups`): read_group, or
        formatted_read_group on 19+."""
        terms = await validate_domain(model, domain, self.fields)
        major = (await self.info()).major
        method, options = read_group_request(major, terms, group_by, aggregates, limit, 0, order)
        rows = await self._send(model, method, kwargs=options, writes=False, company_id=company_id)
        return normalise_groups(major, rows, terms, group_by, aggregates)

    async def create(self, model: str, values: Mapping[str, Any], *, company_id: int | None = None) -> int:
        created = await self._send(model, "create", args=(dict(values),), writes=True, company_id=company_id)
        return single_id(created)

    def values_checker(self) -> ValuesChecker:
        """Checks the values an agent gives for create or write against this gateway's rules and fields."""
        return ValuesChecker(self.policy, self.fields, self.find_by_name, self.names_like, self.defaults)

    async def write(self, model: str, ids: Sequence[int], values: Mapping[str, Any]) -> None:
        await self._send(model, "write", list(ids), (dict(values),), writes=True)

    async def call_allowed(
        self,
        rule: MethodRule,
        ids: Sequence[int] | None,
        args: Sequence[Any],
        kwargs: Mapping[str, Any],
        *,
        company_id: int | None = None,
        flags: Mapping[str, bool] | None = None,
    ) -> Any:
        """An allowlisted method; its rule says whether it writes. Callers cannot pass their own context;
        a pack may add boolean `flags` of Odoo's own (e.g. skipping a wizard the human already answered)."""
        if "context" in kwargs:
            raise InvalidRequest(
                "kwargs may not contain 'context'",
                hint="language, timezone and companies come from the server configuration; use company_id",
            )
        return await self._send(
            rule.model,
            rule.method,
            ids,
            args,
            kwargs,
            writes=rule.writes,
            company_id=company_id,
            extra_context=flags,
        )

    async def find_by_name(self, model: str, name: str) -> list[tuple[int, str]]:
        """Records of `model` whose name is exactly `name` (a few at most, to show ambiguity)."""
        pairs = await self._send(
            model, "name_search", kwargs={"name": name, "operator": "=", "limit": NAME_MATCHES}, writes=False
        )
        return [(int(pair[0]), str(pair[1])) for pair in pairs]

    async def names_like(self, model: str, text: str, limit: int) -> list[tuple[int, str]]:
        """Records of `model` whose name (as Odoo's name_search defines it) contains `text`."""
        pairs = await self._send(
            model, "name_search", kwargs={"name": text, "operator": "ilike", "limit": limit}, writes=False
        )
        return [(int(pair[0]), str(pair[1])) for pair in pairs]

    async def defaults(
        self, model: str, names: Sequence[str], *, given: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """Odoo's default values of `names`; `given` are field values the defaults are computed for
        (Odoo's ``default_<field>`` context keys, e.g. ``res_model`` for a mail.activity)."""
        presets = {f"default_{name}": value for name, value in (given or {}).items()}
        defaults: dict[str, Any] = await self._send(
            model, "default_get", args=(list(names),), writes=False, extra_context=presets
        )
        return defaults

    async def model_labels(self, query: str) -> list[tuple[str, str]]:
        """(technical name, label) of the exposed models the Odoo user may read whose name or label
        contains `query` (any case), by technical name."""
        needle = query.casefold()
        return [
            (model, label)
            for model, label in await self.remembered("ir.model:available", self._available_models)
            if needle in model.casefold() or needle in label.casefold()
        ]

    async def _available_models(self) -> list[tuple[str, str]]:
        """Odoo's own list of the models the user may read (``ir.model.get_available_models``, callable by
        any internal user: reading ir.model itself needs the Administration rights), exposed ones only."""
        rows = await self._send("ir.model", "get_available_models", writes=False)
        pairs = sorted(
            (str(row["model"]), str(row["display_name"]))
            for row in rows
            if self.policy.is_model_exposed(str(row["model"]))
        )
        self._labels.update(pairs)
        return pairs

    async def model_label(self, model: str) -> str | None:
        """The label Odoo shows for `model` (e.g. "Sales Order"), fetched once; None when Odoo gives none
        (``ir.model.display_name_for`` answers the technical name for a model the user may not read)."""
        if model not in self._labels:
            rows = await self._send("ir.model", "display_name_for", kwargs={"models": [model]}, writes=False)
            label = next((str(row["display_name"]) for row in rows if row.get("model") == model), model)
            self._labels[model] = None if label == model else label
        return self._labels[model]

    def pdf_fetcher(self, model: str) -> PdfFetcher:
        """Plain-HTTP PDF downloads of `model` records (Odoo renders reports on web routes, not RPC).

        The model must be exposed; the caller reads the record through this gateway first, as for any read.
        """
        self.policy.require_model(model)
        return self._connector.pdf_fetcher()
