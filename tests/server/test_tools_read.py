"""Every read tool through a real MCP client session, on Odoo 18.0 and 19.0, in both protocol eras."""

from __future__ import annotations

from sessions import OpenSession
from tool_results import structured, text_of

AZURE = 15  # "Azure Interior" has the same id in the 18.0 and 19.0 demo data


async def test_the_read_tools_are_listed_and_the_write_tools_are_not(session: OpenSession) -> None:
    async with session() as s:
        names = {tool.name for tool in (await s.client.list_tools()).tools}
        assert {"list_models", "describe_model", "search_records", "read_records", "count_records"} <= names
        assert "aggregate_records" in names
        assert not names & {"create_record", "update_record", "call_method"}


async def test_describe_model_gives_compact_field_metadata(session: OpenSession) -> None:
    async with session() as s:
        result = await s.call("describe_model", model="sale.order", fields=["state", "partner_id"])
        fields = {field["name"]: field for field in structured(result)["fields"]}
        assert fields["partner_id"]["type"] == "many2one"
        assert fields["partner_id"]["relation"] == "res.partner"
        assert fields["state"]["selection"]["sale"]
        assert "partner_id (many2one -> res.partner" in text_of(result)


async def test_describe_model_never_lists_sensitive_fields(session: OpenSession) -> None:
    async with session() as s:
        fields = {
            field["name"] for field in structured(await s.call("describe_model", model="res.users"))["fields"]
        }
        assert "login" in fields
        assert not {name for name in fields if "password" in name or "token" in name or "api_key" in name}


async def test_search_records_returns_a_page_total_and_next_offset(session: OpenSession) -> None:
    async with session() as s:
        page = structured(await s.call("search_records", model="sale.order", limit=5))
        assert len(page["records"]) == 5
        assert page["total"] == 24
        assert page["next_offset"] == 5


async def test_search_records_without_fields_returns_a_small_default_set(session: OpenSession) -> None:
    async with session() as s:
        page = structured(await s.call("search_records", model="sale.order", limit=3))
        shown = set().union(*(record.keys() for record in page["records"]))
        assert {"id", "display_name", "state", "partner_id", "amount_total"} <= shown
        assert len(shown) <= 9
        assert not shown & {"order_line", "note", "message_ids"}


async def test_search_records_returns_only_the_fields_asked_for(session: OpenSession) -> None:
    async with session() as s:
        page = structured(await s.call("search_records", model="res.partner", fields=["name"], limit=3))
        assert all(set(record) <= {"id", "name"} for record in page["records"])


async def test_many2one_values_read_name_then_id(session: OpenSession) -> None:
    async with session() as s:
        result = await s.call(
            "search_records", model="res.partner", domain=[["id", "=", 27]], fields=["parent_id"]
        )
        record = structured(result)["records"][0]
        assert record["parent_id"] == {"id": AZURE, "name": "Azure Interior"}
        assert "parent_id: Azure Interior (#15)" in text_of(result)


async def test_no_null_or_false_padding_for_empty_values(session: OpenSession) -> None:
    async with session() as s:
        page = structured(
            await s.call("search_records", model="res.partner", fields=["parent_id", "website"], limit=20)
        )
        for record in page["records"]:
            assert None not in record.values()
            assert False not in record.values()


async def test_datetimes_are_iso_8601_utc(session: OpenSession) -> None:
    async with session() as s:
        page = structured(await s.call("search_records", model="sale.order", fields=["date_order"], limit=1))
        assert page["records"][0]["date_order"].endswith("Z")
        assert "T" in page["records"][0]["date_order"]


async def test_search_records_follows_the_domain_and_order(session: OpenSession) -> None:
    async with session() as s:
        result = await s.call(
            "search_records",
            model="res.partner",
            domain=[["is_company", "=", True], ["name", "ilike", "a"]],
            fields=["name"],
            order="name asc",
            limit=50,
        )
        names = [record["name"] for record in structured(result)["records"]]
        assert names == sorted(names)
        assert "Azure Interior" in names


async def test_read_records_reports_missing_ids(session: OpenSession) -> None:
    async with session() as s:
        result = structured(
            await s.call("read_records", model="res.partner", ids=[AZURE, 999_999], fields=["name"])
        )
        assert result["records"] == [{"id": AZURE, "name": "Azure Interior"}]
        assert result["missing_ids"] == [999_999]


async def test_count_records_counts_without_returning_records(session: OpenSession) -> None:
    async with session() as s:
        result = structured(
            await s.call("count_records", model="sale.order", domain=[["state", "=", "sale"]])
        )
        assert result["model"] == "sale.order"
        assert 0 < result["count"] < 24


async def test_aggregate_records_sums_per_group(session: OpenSession) -> None:
    async with session() as s:
        result = await s.call(
            "aggregate_records", model="sale.order", group_by=["state"], aggregates=["amount_total:sum"]
        )
        groups = structured(result)["groups"]
        assert sum(group["count"] for group in groups) == 24
        assert all("amount_total:sum" in group for group in groups)


async def test_aggregate_records_groups_many2one_by_name_and_id(session: OpenSession) -> None:
    async with session() as s:
        groups = structured(
            await s.call(
                "aggregate_records", model="sale.order", group_by=["partner_id"], aggregates=["__count"]
            )
        )["groups"]
        assert {"id": 11 if s.registry.series == "18.0" else 10, "name": "Gemini Furniture"} in [
            group["partner_id"] for group in groups
        ]


async def test_aggregate_records_by_month(session: OpenSession) -> None:
    async with session() as s:
        groups = structured(
            await s.call(
                "aggregate_records",
                model="sale.order",
                group_by=["date_order:month"],
                aggregates=["amount_total:sum"],
            )
        )["groups"]
        assert groups
        assert all(isinstance(group["date_order:month"], str) for group in groups)


async def test_aggregate_records_without_group_by_gives_overall_totals(session: OpenSession) -> None:
    async with session() as s:
        groups = structured(
            await s.call("aggregate_records", model="sale.order", aggregates=["amount_total:sum"])
        )["groups"]
        assert len(groups) == 1
        assert groups[0]["count"] == 24
