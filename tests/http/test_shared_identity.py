"""Shared identity on a multi-user server: everybody acts as the service user, as stated at start."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from team_server import team_server

from mcp_odoo.audit import AuditQuery
from mcp_odoo.settings import AuthMode, IdentityMode


async def test_the_server_states_at_start_that_callers_share_the_service_user(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="mcp_odoo.server")
    async with team_server(tmp_path, AuthMode.STATIC, IdentityMode.SHARED):
        pass
    assert "identity mode shared: every authenticated caller acts in Odoo as the service user 'mcp_bot'" in (
        caplog.text
    )


async def test_a_caller_without_own_odoo_user_acts_as_the_service_user(tmp_path: Path) -> None:
    async with team_server(tmp_path, AuthMode.STATIC, IdentityMode.SHARED) as team:
        result = await team.call("carol", "count_records", model="sale.order")
        entries = await team.audit.query(AuditQuery(last=1))
    assert not result.is_error
    assert (entries[0].subject, entries[0].odoo_login) == ("carol", "mcp_bot")
