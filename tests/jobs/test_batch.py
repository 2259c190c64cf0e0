"""update_records_batch against the simulator: one preview and one confirmation for the whole batch, then a
write per page; a page Odoo refuses (a partner made its own parent: Odoo's recursion constraint) stops it."""

from __future__ import annotations

import pytest
from job_helpers import EXPORTED, generate_partners

from mcp_odoo.simulator.orm import Registry
from sessions import SessionFactory
from tool_results import error_of, structured, text_of

BATCH = 1_200


@pytest.fixture
def registry() -> Registry:
    registry = Registry("19.0")
    generate_partners(registry, BATCH)
    return registry


def comments(registry: Registry, ids: list[int]) -> list[object]:
    uid = registry.users["admin"].uid
    rows = registry.execute_kw(uid, "res.partner", "read", [ids, ["comment"]], {})
    return [row["comment"] for row in rows]


async def test_one_preview_one_confirmation_then_every_page(
    jobs_session: SessionFactory, registry: Registry
) -> None:
    arguments = {
        "model": "res.partner",
        "domain": [["name", "=like", f"{EXPORTED}%"]],
        "values": {"comment": "vip"},
    }
    seen: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    async with jobs_session(registry=registry, allow_writes=True, job_page_size=500) as session:
        writes = session.writes
        preview = structured(await session.call("update_records_batch", **arguments))
        assert preview["status"] == "confirmation_required"
        assert preview["matched"] == BATCH
        assert f"{BATCH} res.partner record(s): Export 00000 (#" in preview["preview"]
        assert "and 1195 more" in preview["preview"]
        assert "comment = 'vip'" in preview["preview"]
        assert session.writes == writes, "the preview changes nothing"
        done = await session.client.call_tool(
            "update_records_batch",
            {**arguments, "confirmation_token": preview["confirmation_token"]},
            progress_callback=on_progress,
        )
        outcome = structured(done)
        ids = sorted(
            registry.execute_kw(
                registry.users["admin"].uid, "res.partner", "search", [arguments["domain"]], {}
            )
        )
    assert outcome["status"] == "done"
    assert outcome["updated"] == BATCH
    assert outcome["not_attempted"] == 0
    assert outcome["updated_ids"] == [f"{ids[0]}-{ids[-1]}"]
    assert seen == [500.0, 1000.0, 1200.0]
    assert set(comments(registry, ids)) == {"vip"}


async def test_a_refused_page_stops_the_batch_and_says_exactly_what_was_done(
    jobs_session: SessionFactory, registry: Registry
) -> None:
    uid = registry.users["admin"].uid
    ids = sorted(registry.execute_kw(uid, "res.partner", "search", [[["name", "=like", f"{EXPORTED}%"]]], {}))
    parent = ids[700]
    arguments = {
        "model": "res.partner",
        "domain": [["name", "=like", f"{EXPORTED}%"]],
        "values": {"parent_id": parent},
    }
    async with jobs_session(registry=registry, allow_writes=True, job_page_size=500) as session:
        token = structured(await session.call("update_records_batch", **arguments))["confirmation_token"]
        result = await session.call("update_records_batch", **arguments, confirmation_token=token)
    outcome = structured(result)
    assert outcome["status"] == "stopped"
    assert outcome["updated"] == 500
    assert outcome["updated_ids"] == [f"{ids[0]}-{ids[499]}"]
    assert outcome["refused_page"] == {
        "ids": [f"{ids[500]}-{ids[999]}"],
        "message": "You cannot create recursive Partner hierarchies.",
    }
    assert outcome["not_attempted"] == 200
    assert "That page changed nothing" in text_of(result)
    parents = registry.execute_kw(uid, "res.partner", "read", [ids, ["parent_id"]], {})
    changed = [row["id"] for row in parents if row["parent_id"] and row["parent_id"][0] == parent]
    assert changed == ids[:500], "exactly the first page; the refused page was rolled back as one transaction"


async def test_a_token_confirms_only_the_records_the_preview_counted(
    jobs_session: SessionFactory, registry: Registry
) -> None:
    arguments = {
        "model": "res.partner",
        "domain": [["name", "=like", f"{EXPORTED}%"]],
        "values": {"comment": "x"},
    }
    async with jobs_session(registry=registry, allow_writes=True) as session:
        token = structured(await session.call("update_records_batch", **arguments))["confirmation_token"]
        late = generate_partners(registry, 3)
        writes = session.writes
        refused = error_of(await session.call("update_records_batch", **arguments, confirmation_token=token))
        assert session.writes == writes, "a batch that grew since its preview changes nothing"
        again = structured(await session.call("update_records_batch", **arguments))
        assert again["matched"] == BATCH + 3
        outcome = structured(
            await session.call(
                "update_records_batch", **arguments, confirmation_token=again["confirmation_token"]
            )
        )
    assert "other records than the call would act on now" in refused["message"]
    assert outcome["updated"] == BATCH + 3
    assert comments(registry, late) == ["x", "x", "x"]


async def test_bad_values_and_empty_batches_change_nothing(
    jobs_session: SessionFactory, registry: Registry
) -> None:
    async with jobs_session(registry=registry, allow_writes=True) as session:
        writes = session.writes
        unknown = error_of(
            await session.call(
                "update_records_batch", model="res.partner", domain=[["id", ">", 0]], values={"nmae": "x"}
            )
        )
        empty = error_of(
            await session.call(
                "update_records_batch",
                model="res.partner",
                domain=[["name", "=", "nobody"]],
                values={"comment": "x"},
            )
        )
        assert session.writes == writes
    assert "nmae" in unknown["message"]
    assert "no res.partner record matches" in empty["message"]


async def test_the_batch_tool_needs_writes(jobs_session: SessionFactory) -> None:
    async with jobs_session() as session:
        names = [tool.name for tool in (await session.client.list_tools()).tools]
    assert "export_records" in names
    assert "update_records_batch" not in names
