"""Record limits, the response budget with its truncation notice, the company per call, progress."""

from __future__ import annotations

from sessions import SessionFactory
from tool_results import error_of, structured, text_of


async def test_a_limit_above_the_maximum_is_capped(mcp_session: SessionFactory) -> None:
    async with mcp_session(default_limit=5, max_limit=10) as session:
        page = structured(
            await session.call("search_records", model="res.partner", fields=["name"], limit=500)
        )
    assert len(page["records"]) == 10
    assert page["next_offset"] == 10


async def test_no_limit_means_the_configured_default(mcp_session: SessionFactory) -> None:
    async with mcp_session(default_limit=4) as session:
        page = structured(await session.call("search_records", model="res.partner", fields=["name"]))
    assert len(page["records"]) == 4


async def test_an_oversized_answer_is_truncated_with_a_notice_telling_how_to_narrow(
    mcp_session: SessionFactory,
) -> None:
    fields = ["name", "email", "phone", "street", "city", "country_id", "website", "function", "comment"]
    async with mcp_session(max_response_chars=1_000) as session:
        result = await session.call("search_records", model="res.partner", fields=fields, limit=50)
    page = structured(result)
    shown = len(page["records"])
    assert 0 < shown < 50
    assert page["next_offset"] == shown
    assert "Truncated" in page["notice"]
    assert "fewer fields" in page["notice"]
    assert f"offset={shown}" in text_of(result)
    assert len(text_of(result)) < 1_000


async def test_the_next_page_continues_where_the_truncated_one_stopped(mcp_session: SessionFactory) -> None:
    async with mcp_session(max_response_chars=1_000) as session:
        first = structured(
            await session.call("search_records", model="res.partner", fields=["name", "email"])
        )
        second = structured(
            await session.call(
                "search_records", model="res.partner", fields=["name", "email"], offset=first["next_offset"]
            )
        )
    assert {record["id"] for record in first["records"]}.isdisjoint(
        record["id"] for record in second["records"]
    )


async def test_a_company_outside_the_users_companies_is_refused_before_odoo_is_asked(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session() as session:
        await session.call("count_records", model="res.partner")
        session.simulator.calls.reset()
        error = error_of(await session.call("search_records", model="sale.order", company_id=2))
        assert session.simulator.calls.total == 0
    assert error["kind"] == "refused"
    assert "company 2" in error["message"]


async def test_an_allowed_company_is_sent_as_the_active_company(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        result = await session.call("count_records", model="sale.order", company_id=1)
    assert structured(result)["count"] == 24


async def test_progress_is_reported_when_the_client_asks_for_it(
    mcp_session: SessionFactory, mode: str
) -> None:
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with mcp_session(mode=mode) as session:
        await session.client.call_tool(
            "search_records", {"model": "res.partner", "limit": 2}, progress_callback=on_progress
        )
    assert updates
    assert updates[-1][0] == updates[-1][1]


async def test_a_long_field_list_is_shortened_with_a_notice(mcp_session: SessionFactory) -> None:
    async with mcp_session(max_response_chars=1_000) as session:
        description = structured(await session.call("describe_model", model="res.partner"))
    assert 0 < len(description["fields"]) < 100
    assert "ask for them by name" in description["notice"]
