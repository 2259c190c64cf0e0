"""What a client can subscribe to: a record, a document, or a saved query, each named by its URI.

- a record, ``odoo://{model}/{id}``, and a document, ``odoo://{model}/{id}/document`` (the models with
  a document rendering), also on a named Odoo target (``odoo://{target}/{model}/{id}``): announced
  when the record's ``write_date`` moves, or when it disappears
  (deleted, or no longer readable by the subscriber) or reappears;
- a saved query, ``odoo://query/{name}``: a named domain on a model, declared by the administrator
  (e.g. "my open quotations"), announced when the set of (id, write_date) it matches changes.

A document is watched through its head record: a change made through the document (its lines edited in
the order or invoice) moves the head's ``write_date``, a line written on its own does not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from mcp_odoo.calls.uris import DOCUMENT_MODELS, TARGET_NAME

QUERY_TEMPLATE = "odoo://query/{name}"
QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
"""A saved query's name: lower case letters, digits, ``_``, ``.`` and ``-``, at most 64 characters."""
UID = "$uid"
"""In a saved query's domain, the subscriber's own Odoo user id ("my open quotations")."""
TODAY = "$today"
"""In a saved query's domain, today's date (UTC), as Odoo's dates are written ("overdue invoices")."""

_RECORD = re.compile(
    rf"^odoo://(?:(?P<odoo>{TARGET_NAME})/)?"
    r"(?P<model>[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)/(?P<id>[1-9][0-9]{0,17})(?P<document>/document)?$"
)
_QUERY = re.compile(r"^odoo://query/(?P<name>[^/]+)$")


@dataclass(frozen=True)
class SavedQuery:
    """A named domain on a model whose result a client can watch (settings declare them).

    `domain` is an Odoo domain; the values ``"$uid"`` and ``"$today"`` stand for the subscriber's user
    id and today's date, so one declaration serves every Odoo identity with its own records.
    """

    name: str
    model: str
    domain: list[Any] = field(default_factory=list, hash=False)
    description: str = ""

    def __post_init__(self) -> None:
        if not QUERY_NAME.match(self.name):
            raise ValueError(
                f"saved query name {self.name!r}: use lower case letters, digits, '_', '.' and '-' "
                "(at most 64 characters)"
            )

    @property
    def uri(self) -> str:
        return QUERY_TEMPLATE.format(name=self.name)

    def domain_for(self, uid: int, today: dt.date) -> list[Any]:
        """The domain with ``$uid`` and ``$today`` replaced for one subscriber."""
        return [_substitute(term, uid, today) for term in self.domain]


def _substitute(value: Any, uid: int, today: dt.date) -> Any:
    if value == UID:
        return uid
    if value == TODAY:
        return today.isoformat()
    if isinstance(value, list | tuple):
        return [_substitute(item, uid, today) for item in value]
    return value


@dataclass(frozen=True)
class RecordTarget:
    """One record (or its document), watched through its ``write_date``."""

    uri: str
    model: str
    record_id: int
    odoo: str | None = None
    """The Odoo target it is on, on a server with several (None: the default)."""


@dataclass(frozen=True)
class QueryTarget:
    """A saved query, watched through the (id, write_date) set it matches."""

    uri: str
    query: SavedQuery


Target = RecordTarget | QueryTarget


def parse_target(
    uri: str, queries: Mapping[str, SavedQuery], odoo_targets: Collection[str] = ()
) -> Target | None:
    """The target `uri` names, or None when it names nothing this server can watch (a record on an Odoo
    target, ``odoo://{target}/{model}/{id}``, only when `odoo_targets` has it)."""
    if (query := _QUERY.match(uri)) is not None:
        saved = queries.get(query["name"])
        return QueryTarget(uri, saved) if saved is not None else None
    if (record := _RECORD.match(uri)) is None:
        return None
    odoo, model, record_id = record["odoo"], record["model"], int(record["id"])
    if odoo is not None and odoo not in odoo_targets:
        return None
    if record["document"] and model not in DOCUMENT_MODELS:
        return None
    return RecordTarget(uri, model, record_id, odoo)
