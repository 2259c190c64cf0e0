"""What one Odoo identity sees of its watched targets now, in as few requests as Odoo allows, and
which of them changed since it last looked.

All the records watched on one model are read in one ``search_read([('id', 'in', ids)], ['write_date'])``
and each saved query in one ``search_read(domain, ['write_date'], limit=cap)``, through the policy
gateway, so the identity's own rights apply: a record it may not read is simply not in the answer.
Archived records are read too (their ``active`` is part of the domain), so archiving is a change like
any other rather than a disappearance.

A target's fingerprint is its ``write_date``, or `ABSENT` when the identity cannot see it (deleted,
outside its record rules, model not readable or not exposed); a saved query's is a digest of the
(id, write_date) pairs it matches. A query is read newest change first, so beyond `cap` matches every
change still shows (the changed record moves to the top); only a deletion beyond the cap goes unseen.

Odoo reports ``write_date`` to the second, so a second write in the same second as one already seen
leaves the fingerprint as it was. A fingerprint seen while its newest ``write_date`` was less than
`SETTLE_SECONDS` old is therefore stored as unsettled (`UNSETTLED` appended), and announced once more
when a later poll finds it unchanged but settled: at worst a duplicate announcement of a recent change,
never a missed one (as long as Odoo's clock and this server's agree within a second).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mcp_odoo.odoo.errors import ErrorKind, OdooError
from mcp_odoo.policy import OdooGateway, PolicyError, Refused

from .targets import QueryTarget, RecordTarget, Target

logger = logging.getLogger(__name__)

ABSENT = "-"
"""The fingerprint of a target the identity cannot see."""
UNSETTLED = "~"
"""Appended to a stored fingerprint seen while its newest write_date was recent."""
SETTLE_SECONDS = 2.0
"""How recent a write_date is unsettled: its second may still receive writes (plus one second of
difference between the clocks of Odoo and this server)."""
NOT_VISIBLE = frozenset({ErrorKind.PERMISSION, ErrorKind.UNKNOWN_MODEL, ErrorKind.MISSING_RECORD})
"""Odoo's answers meaning "this identity cannot see these records" (rather than "try again later")."""
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"

Today = Callable[[], dt.date]
Now = Callable[[], dt.datetime]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Observation:
    """What a poll saw of one target: its fingerprint and the newest write_date behind it."""

    fingerprint: str
    newest: str | None = None

    def settled(self, now: dt.datetime) -> bool:
        if self.newest is None:
            return True
        try:
            stamp = dt.datetime.strptime(self.newest, ODOO_DATETIME).replace(tzinfo=dt.UTC)
        except ValueError:
            return True
        return (now - stamp).total_seconds() >= SETTLE_SECONDS

    def stored(self, now: dt.datetime) -> str:
        """The form kept in the store."""
        return self.fingerprint if self.settled(now) else self.fingerprint + UNSETTLED


UNSEEN = Observation(ABSENT)


def changes(
    seen: Mapping[str, str], observed: Mapping[str, Observation], now: dt.datetime
) -> tuple[list[str], dict[str, str]]:
    """(URIs to announce, fingerprints to store) for what a poll `observed` against what was `seen`.

    A URI seen for the first time is stored without an announcement (the subscription's baseline).
    """
    announce: list[str] = []
    store: dict[str, str] = {}
    for uri, observation in observed.items():
        before = seen.get(uri)
        stored = observation.stored(now)
        if before is not None and (
            before.removesuffix(UNSETTLED) != observation.fingerprint
            or (before.endswith(UNSETTLED) and not stored.endswith(UNSETTLED))
        ):
            announce.append(uri)
        if before != stored:
            store[uri] = stored
    return sorted(announce), store


def query_fingerprint(records: Iterable[Mapping[str, Any]]) -> Observation:
    pairs = sorted((int(record["id"]), str(record.get("write_date") or "")) for record in records)
    digest = hashlib.sha256(repr(pairs).encode()).hexdigest()[:24]
    newest = max((stamp for _, stamp in pairs if stamp), default=None)
    return Observation(f"{len(pairs)}:{digest}", newest)


async def _record_domain(gateway: OdooGateway, model: str, ids: list[int]) -> list[Any]:
    domain: list[Any] = [("id", "in", ids)]
    if "active" in await gateway.fields(model):
        domain.append(("active", "in", [True, False]))
    return domain


async def _read_model(
    gateway: OdooGateway, model: str, targets: list[RecordTarget]
) -> dict[str, Observation]:
    ids = sorted({target.record_id for target in targets})
    records = await gateway.search_read(
        model, await _record_domain(gateway, model, ids), ["write_date"], limit=len(ids)
    )
    stamps = {int(record["id"]): str(record.get("write_date") or "") for record in records}
    return {
        target.uri: Observation(stamps[target.record_id], stamps[target.record_id] or None)
        if target.record_id in stamps
        else UNSEEN
        for target in targets
    }


async def _read_query(
    gateway: OdooGateway, target: QueryTarget, cap: int, today: Today
) -> dict[str, Observation]:
    query = target.query
    uid = (await gateway.info()).uid
    records = await gateway.search_read(
        query.model,
        query.domain_for(uid, today()),
        ["write_date"],
        limit=cap,
        order="write_date desc, id desc",
    )
    return {target.uri: query_fingerprint(records)}


async def observe(
    gateway: OdooGateway, targets: Iterable[Target], *, query_cap: int, today: Today = utc_today
) -> dict[str, Observation]:
    """What the identity sees of each target now: targets whose read failed for a reason that may pass
    (Odoo unreachable, a lock, a broken query) are left out, so what was seen before stands."""
    by_model: dict[str, list[RecordTarget]] = defaultdict(list)
    queries: list[QueryTarget] = []
    for target in targets:
        if isinstance(target, RecordTarget):
            by_model[target.model].append(target)
        else:
            queries.append(target)
    observed: dict[str, Observation] = {}
    for model, watched in sorted(by_model.items()):
        observed.update(await _guarded(model, watched, _read_model(gateway, model, watched)))
    for query in queries:
        observed.update(await _guarded(query.uri, [query], _read_query(gateway, query, query_cap, today)))
    return observed


async def _guarded(
    what: str, targets: Iterable[Target], reading: Awaitable[dict[str, Observation]]
) -> dict[str, Observation]:
    """`reading`'s observations; `UNSEEN` for each target when the identity may not see them; nothing
    when the answer says nothing about visibility."""
    try:
        return await reading
    except Refused:
        return {target.uri: UNSEEN for target in targets}
    except PolicyError as exc:
        logger.warning("change poll of %s refused: %s", what, exc.message)
    except OdooError as exc:
        if exc.kind in NOT_VISIBLE:
            return {target.uri: UNSEEN for target in targets}
        logger.warning("change poll of %s failed (%s): %s", what, exc.kind, exc.message)
    return {}
