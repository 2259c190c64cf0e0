"""Companies per person: on one team server each person works only in their own Odoo user's companies.

alice acts as mcp_bot (company 1 only), dave as admin (companies 1, 2 and 3). The 19.0 demo data holds a
second copy of the invoices in company 2 (ids 29-56).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from team_server import team_server

from mcp_odoo.calls.results import ERROR_META_KEY
from mcp_odoo.settings import AuthMode

COMPANY_2_INVOICE = 29


@pytest.fixture(params=[AuthMode.STATIC, AuthMode.OAUTH], ids=["static", "oauth"])
def auth(request: pytest.FixtureRequest) -> AuthMode:
    mode: AuthMode = request.param
    return mode


async def test_each_person_sees_only_their_own_companies_records(tmp_path: Path, auth: AuthMode) -> None:
    domain = [["company_id", "=", 2]]
    async with team_server(tmp_path, auth) as team:
        alice = await team.call("alice", "count_records", model="account.move", domain=domain)
        dave = await team.call("dave", "count_records", model="account.move", domain=domain)
    assert alice.structured_content is not None
    assert dave.structured_content is not None
    assert alice.structured_content["count"] == 0
    assert dave.structured_content["count"] > 0


async def test_a_record_of_another_company_is_readable_only_by_its_companys_users(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        alice = await team.call("alice", "read_records", model="account.move", ids=[COMPANY_2_INVOICE])
        dave = await team.call("dave", "read_records", model="account.move", ids=[COMPANY_2_INVOICE])
    assert not dave.is_error, dave.content
    assert dave.structured_content is not None
    assert [record["id"] for record in dave.structured_content["records"]] == [COMPANY_2_INVOICE]
    assert alice.is_error
    assert alice.meta is not None
    assert alice.meta[ERROR_META_KEY]["kind"] == "permission_denied"


async def test_company_id_is_checked_against_the_callers_own_companies(
    tmp_path: Path, auth: AuthMode
) -> None:
    async with team_server(tmp_path, auth) as team:
        alice = await team.call("alice", "count_records", model="account.move", company_id=2)
        counted = team.simulator.calls.count(method="search_count")
        dave = await team.call("dave", "count_records", model="account.move", company_id=2)
    assert alice.is_error
    assert alice.meta is not None
    assert alice.meta[ERROR_META_KEY]["kind"] == "refused"
    assert "company 2" in alice.meta[ERROR_META_KEY]["message"]
    assert counted == 0, "refused before the count reached Odoo"
    assert not dave.is_error, dave.content
