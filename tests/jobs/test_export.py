"""export_records against the simulator: 10,000 generated records to CSV and XLSX with progress per page, read
back through odoo://exports/{id}; a client's cancellation of the synchronous call; the bounds."""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from pathlib import Path

import anyio
import pytest
from job_helpers import EXPORTED, GENERATED, kept_files
from mcp.shared.exceptions import MCPError
from mcp_types import BlobResourceContents, ResourceLink, TextResourceContents

from mcp_odoo.simulator.faults import FaultKind
from sessions import SessionFactory
from tool_results import error_of, structured, text_of

EXPORT = {"model": "res.partner", "fields": ["name", "parent_id"], "domain": [["name", "ilike", EXPORTED]]}


async def test_ten_thousand_records_to_csv_with_progress_per_page(
    jobs_session: SessionFactory, export_dir: Path
) -> None:
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    async with jobs_session(job_page_size=1000) as session:
        result = await session.client.call_tool("export_records", EXPORT, progress_callback=on_progress)
        outcome = structured(result)
        assert outcome["status"] == "complete"
        assert outcome["rows"] == outcome["matched"] == GENERATED
        assert outcome["columns"] == ["id", "name", "parent_id"]
        assert outcome["domain"] == EXPORT["domain"]
        assert "Export 00001" not in text_of(result), "never the rows in the answer"
        links = [block for block in result.content if isinstance(block, ResourceLink)]
        assert [link.uri for link in links] == [outcome["uri"]]
        assert links[0].mime_type == "text/csv"
        assert links[0].size == outcome["bytes"]
        assert [done for done, _, _ in seen] == [float(n) for n in range(1000, GENERATED + 1, 1000)]
        assert {total for _, total, _ in seen} == {float(GENERATED)}
        assert seen[-1][2] == f"{GENERATED} of {GENERATED} rows written"

        read = await session.client.read_resource(outcome["uri"])
        content = read.contents[0]
        assert isinstance(content, TextResourceContents)
        assert content.mime_type == "text/csv"
        rows = list(csv.reader(io.StringIO(content.text)))
    assert len(rows) == GENERATED + 1
    assert rows[0] == ["id", "name", "parent_id"]
    assert rows[1][1:] == ["Export 00000", ""]
    assert rows[2][1:] == ["Export 00001", "My Company (San Francisco) (#1)"], "many2one as Name (#id)"
    assert outcome["bytes"] == len(content.text.encode()), "the file as written (CRLF rows)"
    assert kept_files(export_dir) == [], "the files go with the server"


async def test_xlsx_is_a_worksheet_with_every_row(jobs_session: SessionFactory) -> None:
    async with jobs_session(job_page_size=2500) as session:
        outcome = structured(await session.call("export_records", **EXPORT, format="xlsx", order="name desc"))
        read = await session.client.read_resource(outcome["uri"])
    content = read.contents[0]
    assert isinstance(content, BlobResourceContents)
    assert content.mime_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(content.blob))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<row ") == GENERATED + 1
    assert '<dimension ref="A1:C10001"/>' in sheet
    first_data_row = sheet.split("<row ")[2]
    assert "Export 09999" in first_data_row, "in the order asked"
    assert "My Company (San Francisco) (#1)" in first_data_row


async def test_the_client_cancelling_the_call_stops_the_export_and_offers_no_file(
    jobs_session: SessionFactory, export_dir: Path
) -> None:
    pages_seen = anyio.Event()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        pages_seen.set()

    async with jobs_session(job_page_size=500) as session:
        session.simulator.faults.arm(FaultKind.LATENCY, model="res.partner", method="search_read", delay=0.05)
        async with anyio.create_task_group() as group:

            async def export() -> None:
                await session.client.call_tool("export_records", EXPORT, progress_callback=on_progress)

            group.start_soon(export)
            await pages_seen.wait()
            group.cancel_scope.cancel()
        session.simulator.faults.clear()
        reads = session.simulator.calls.count(model="res.partner", method="search_read")
        assert reads < GENERATED // 500, "stopped between pages, long before the end"
        await anyio.sleep(0.1)
        assert kept_files(export_dir) == [], "a stopped export leaves no file"
        again = structured(
            await session.call("export_records", **{**EXPORT, "domain": [["name", "=", "Export 00042"]]})
        )
        assert again["rows"] == 1, "the cancelled job no longer counts against the concurrency cap"


async def test_more_records_than_the_bound_exports_nothing(
    jobs_session: SessionFactory, export_dir: Path
) -> None:
    async with jobs_session(job_max_rows=9_999) as session:
        error = error_of(await session.call("export_records", **EXPORT))
    assert error["kind"] == "bad_arguments"
    assert "more than 9999 res.partner records match" in error["message"]
    assert "nothing was done" in error["message"]
    assert kept_files(export_dir) == []


async def test_the_run_time_bound_stops_the_export_cleanly(
    jobs_session: SessionFactory, export_dir: Path
) -> None:
    async with jobs_session(job_page_size=500, job_max_seconds=1) as session:
        session.simulator.faults.arm(FaultKind.LATENCY, model="res.partner", method="search_read", delay=0.2)
        result = await session.call("export_records", **EXPORT)
        outcome = structured(result)
    assert outcome["status"] == "stopped"
    assert "run time bound (1 s)" in outcome["stopped_because"]
    assert 0 < outcome["rows"] < GENERATED
    assert "uri" not in outcome
    assert "No file is offered" in text_of(result)
    assert kept_files(export_dir) == []


async def test_bad_arguments_are_refused_before_anything_is_read(jobs_session: SessionFactory) -> None:
    async with jobs_session() as session:
        unknown = error_of(await session.call("export_records", **{**EXPORT, "fields": ["name", "nmae"]}))
        order = error_of(await session.call("export_records", **EXPORT, order="name; drop"))
        secret = error_of(await session.call("export_records", model="res.users", fields=["password"]))
    assert "has no field(s) 'nmae'" in unknown["message"]
    assert "invalid order" in order["message"]
    assert secret["kind"] in {"refused", "bad_arguments"}


async def test_an_unknown_export_is_not_found(jobs_session: SessionFactory) -> None:
    async with jobs_session() as session:
        with pytest.raises(MCPError, match="there is no export"):
            await session.client.read_resource("odoo://exports/nope.csv")
