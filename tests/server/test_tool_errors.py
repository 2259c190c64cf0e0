"""Failures become isError results with a clean message, the error kind and whether to retry."""

from __future__ import annotations

import pytest

from mcp_odoo.simulator.faults import FaultKind
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS
from sessions import SessionFactory
from tool_results import error_of, structured, text_of

LIMITED = {"user": "limited", "api_key": DEMO_CREDENTIALS["limited"]["api_key"]}


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_an_unknown_model_says_to_look_among_the_installed_models(
    mcp_session: SessionFactory, series: str
) -> None:
    async with mcp_session(series=series) as session:
        error = error_of(await session.call("count_records", model="no.such.model"))
    assert error["kind"] == "unknown_model"
    assert error["retryable"] is False
    assert "installed models" in error["hint"]


@pytest.mark.parametrize("series", ["18.0", "19.0"])
async def test_an_access_error_is_permission_denied_without_traceback(
    mcp_session: SessionFactory, series: str
) -> None:
    async with mcp_session(series=series, odoo=LIMITED) as session:
        result = await session.call("read_records", model="account.move", ids=[1], fields=["name"])
    error = error_of(result)
    assert error["kind"] == "permission_denied"
    assert "Traceback" not in text_of(result)
    assert "<odoo>" not in text_of(result)


async def test_an_unavailable_odoo_is_reported_as_retryable(mcp_session: SessionFactory) -> None:
    async with mcp_session(odoo={"retries": 0}) as session:
        session.simulator.faults.arm(FaultKind.PROXY_ERROR)
        error = error_of(await session.call("count_records", model="res.partner"))
    assert error["kind"] == "unavailable"
    assert error["retryable"] is True


async def test_the_server_recovers_once_odoo_is_back(mcp_session: SessionFactory) -> None:
    async with mcp_session(odoo={"retries": 0}) as session:
        session.simulator.faults.arm(FaultKind.PROXY_ERROR, times=1)
        first = await session.call("count_records", model="res.partner")
        second = await session.call("count_records", model="res.partner")
    assert first.is_error
    assert structured(second)["count"] > 0


async def test_wrong_credentials_never_leak_the_key(mcp_session: SessionFactory) -> None:
    wrong_key = "0" * 40
    async with mcp_session(odoo={"api_key": wrong_key}) as session:
        result = await session.call("count_records", model="res.partner")
    assert error_of(result)["kind"] == "authentication_failed"
    assert wrong_key not in text_of(result)


async def test_an_unexpected_exception_becomes_a_generic_error_and_the_server_keeps_working(
    mcp_session: SessionFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("secret internal detail /srv/app/module.py")

    async with mcp_session() as session:
        monkeypatch.setattr("mcp_odoo.tools.read.compact_record", explode)
        broken = await session.call("search_records", model="res.partner", limit=1)
        monkeypatch.undo()
        working = await session.call("search_records", model="res.partner", limit=1)
    error = error_of(broken)
    assert error["kind"] == "internal_error"
    assert "secret internal detail" not in text_of(broken)
    assert "secret internal detail" in caplog.text
    assert not working.is_error


async def test_a_bad_domain_shows_a_correct_example_and_odoo_is_not_called(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session() as session:
        await session.call("count_records", model="res.partner")
        session.simulator.calls.reset()
        error = error_of(await session.call("search_records", model="res.partner", domain=[["name", "like"]]))
        assert session.simulator.calls.count(method="search_read") == 0
    assert error["kind"] == "bad_arguments"
    assert '[["state", "=", "sale"]' in error["hint"]


async def test_an_unknown_field_in_fields_is_reported_before_odoo_sees_it(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session() as session:
        error = error_of(await session.call("search_records", model="res.partner", fields=["colour"]))
    assert "'colour'" in error["message"]
    assert "list the fields of res.partner" in error["hint"]


async def test_an_invalid_order_is_rejected_with_an_example(mcp_session: SessionFactory) -> None:
    async with mcp_session() as session:
        error = error_of(await session.call("search_records", model="res.partner", order="name; drop table"))
    assert "date_order desc" in error["hint"]
