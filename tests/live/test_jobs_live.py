"""The long-job tools against a real Odoo with the stock demo data (skipped without one).

This module CREATES ITS OWN RECORDS and changes only those: a few partners named "mcp-odoo live jobs <random
hex>", exported, then given a comment by one batch update.
"""

from __future__ import annotations

import csv
import io
import secrets

from live_support import OpenLive
from mcp_types import TextResourceContents


async def test_export_records_and_update_records_batch_on_own_records(open_live: OpenLive) -> None:
    prefix = f"mcp-odoo live jobs {secrets.token_hex(4)}"
    async with open_live(allow_writes=True, job_page_size=10) as live:
        for index in range(12):
            await live.ok("create_record", model="res.partner", values={"name": f"{prefix} {index:02d}"})
        domain = [["name", "=like", f"{prefix}%"]]
        columns = ["name", "country_id"]
        export = await live.ok("export_records", model="res.partner", fields=columns, domain=domain)
        assert export["status"] == "complete"
        assert export["rows"] == 12
        read = await live.client.read_resource(export["uri"])
        content = read.contents[0]
        assert isinstance(content, TextResourceContents)
        rows = list(csv.reader(io.StringIO(content.text)))
        assert rows[0] == ["id", "name", "country_id"]
        assert sorted(row[1] for row in rows[1:]) == [f"{prefix} {index:02d}" for index in range(12)]

        arguments = {"model": "res.partner", "domain": domain, "values": {"comment": "batch"}}
        preview = await live.ok("update_records_batch", **arguments)
        assert preview["status"] == "confirmation_required"
        assert preview["matched"] == 12
        token = preview["confirmation_token"]
        done = await live.ok("update_records_batch", **arguments, confirmation_token=token)
        assert done["status"] == "done"
        assert done["updated"] == 12
        commented = [*domain, ["comment", "!=", False]]
        check = await live.ok("count_records", model="res.partner", domain=commented)
    assert check["count"] == 12
