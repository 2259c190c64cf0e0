"""What the long jobs share: the ids they work on, taken once, in pages, and id lists written compactly.

A job first takes the ids of every matching record, in the order asked (one ``search_read`` of the ids, at
most `job_max_rows` + 1 of them), then reads or writes them a page at a time. This is how Odoo's own export
works (search, then read in batches), and it beats paging the query itself:
* by offset, a record created, deleted or changed between two pages shifts every later page, so rows are
  skipped or repeated, and each page costs the database the whole offset again;
* by an id cursor (``id > last``), the rows must come in id order, so no other order can be honoured. The
  snapshot holds only ids (a few bytes each); a record deleted after it is left out of its page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mcp_odoo.policy import InvalidRequest, OdooGateway


async def matching_ids(
    gateway: OdooGateway, model: str, domain: Sequence[Any] | str, *, order: str | None, cap: int, verb: str
) -> list[int]:
    """The ids of the records matching `domain`, in `order` (default: by id); `InvalidRequest` when more than
    `cap` match (nothing is done then)."""
    rows = await gateway.search_read(model, domain, ["id"], limit=cap + 1, order=order or "id")
    if len(rows) > cap:
        raise InvalidRequest(
            f"more than {cap} {model} records match; one {verb} covers at most {cap}; nothing was done",
            hint="narrow the domain (e.g. by date or state) and run it in parts",
        )
    return [int(row["id"]) for row in rows]


def pages(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def id_ranges(ids: Sequence[int]) -> list[str]:
    """Ids as runs, e.g. [3, 4, 5, 9] -> ["3-5", "9"] (a batch of 10,000 consecutive ids is one string)."""
    runs: list[str] = []
    ordered = sorted(set(ids))
    start = 0
    for index in range(1, len(ordered) + 1):
        if index == len(ordered) or ordered[index] != ordered[index - 1] + 1:
            first, last = ordered[start], ordered[index - 1]
            runs.append(str(first) if first == last else f"{first}-{last}")
            start = index
    return runs
