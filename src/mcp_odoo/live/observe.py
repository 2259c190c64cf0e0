"""What one Odoo identity sees of its watched targets now, in as few requests as Odoo allows.

All the records watched on one model are read in one ``search_read([('id', 'in', ids)], ['write_date'])``
and each saved query in one ``search_read(domain, ['write_date'], limit=cap)``, through the policy
gateway, so the identity's own rights apply: a record it may not read is simply not in the answer.
Archived records are read too (their ``active`` is part of the domain), so archiving is a change like
any other rather than a disappearance.

A target's fingerprint is its ``write_date``, or `ABSENT` when the identity cannot see it (deleted,
outside its record rules, model not readable or not exposed); a saved query's is a digest of the
(id, write_date) pairs it matches. A query is read newest change first, so beyond `cap` matches every
change still shows (the changed record moves to the top); only a deletion beyond the cap goes unseen.

Odoo reports ``write_date`` to the second: two writes in the same second, with a poll between them, are
announced once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from mcp_odoo.odoo.errors import ErrorKind, OdooError
from mcp_odoo.policy import OdooGateway, PolicyError, Refused

from .targets import QueryTarget, RecordTarget, Target

logger = logging.getLogger(__name__)

ABSENT = "-"
"""The fingerprint of a target the identity cannot see."""
NOT_VISIBLE = frozenset({ErrorKind.PERMISSION, ErrorKind.UNKNOWN_MODEL, ErrorKind.MISSING_RECORD})
"""Odoo's answers meaning "this identity cannot see these records" (rather than "try again later")."""

Today = Callable[[], dt.date]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def query_fingerprint(records: Iterable[dict[str, Any]]) -> str:
    pairs = sorted((int(record["id"]), str(record.get("write_date") or "")) for record in records)
    digest = hashlib.sha256(repr(pairs).encode()).hexdigest()[:24]
    return f"{len(pairs)}:{digest}"


async def _record_domain(gateway: OdooGateway, model: str, ids: list[int]) -> list[Any]:
    domain: list[Any] = [("id", "in", ids)]
    if "active" in await gateway.fields(model):
        domain.append(("active", "in", [True, False]))
    return domain


async def _read_model(gateway: OdooGateway, model: str, targets: list[RecordTarget]) -> dict[str, str]:
    ids = sorted({target.record_id for target in targets})
    records = await gateway.search_read(
        model, await _record_domain(gateway, model, ids), ["write_date"], limit=len(ids)
    )
    stamps = {int(record["id"]): str(record.get("write_date") or "") for record in records}
    return {target.uri: stamps.get(target.record_id, ABSENT) for target in targets}


async def _read_query(gateway: OdooGateway, target: QueryTarget, cap: int, today: Today) -> dict[str, str]:
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


def _unseen(targets: Iterable[Target]) -> dict[str, str]:
    return {target.uri: ABSENT for target in targets}


async def observe(
    gateway: OdooGateway, targets: Iterable[Target], *, query_cap: int, today: Today = utc_today
) -> dict[str, str]:
    """The fingerprint of each target the identity could be asked about now: targets whose read failed
    for a reason that may pass (Odoo unreachable, a lock, a broken query) are left out, so what was seen
    before stands."""
    by_model: dict[str, list[RecordTarget]] = defaultdict(list)
    queries: list[QueryTarget] = []
    for target in targets:
        if isinstance(target, RecordTarget):
            by_model[target.model].append(target)
        else:
            queries.append(target)
    observed: dict[str, str] = {}
    for model, watched in sorted(by_model.items()):
        observed.update(await _guarded(model, watched, _read_model(gateway, model, watched)))
    for query in queries:
        observed.update(await _guarded(query.uri, [query], _read_query(gateway, query, query_cap, today)))
    return observed


async def _guarded(what: str, targets: list[Any], reading: Any) -> dict[str, str]:
    """`reading`'s fingerprints; `ABSENT` for each target when the identity may not see them; nothing
    when the answer says nothing about visibility."""
    try:
        result: dict[str, str] = await reading
    except Refused:
        return _unseen(targets)
    except PolicyError as exc:
        logger.warning("change poll of %s refused: %s", what, exc.message)
        return {}
    except OdooError as exc:
        if exc.kind in NOT_VISIBLE:
            return _unseen(targets)
        logger.warning("change poll of %s failed (%s): %s", what, exc.kind, exc.message)
        return {}
    return result
