"""Prompt and resource errors: the same clear answer in both protocol eras, never a whole input repeated,
never a traceback in the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from sessions import SessionFactory

ECHO_BOUND = 300
"""An error message may repeat a few dozen characters of what was sent, never thousands."""


async def prompt_error(
    mcp_session: SessionFactory, mode: str, name: str, arguments: dict[str, str]
) -> MCPError:
    async with mcp_session(mode=mode) as session:
        with pytest.raises(MCPError) as raised:
            await session.client.get_prompt(name, arguments)
    return raised.value


async def read_error(mcp_session: SessionFactory, mode: str, uri: str) -> MCPError:
    async with mcp_session(mode=mode) as session:
        with pytest.raises(MCPError) as raised:
            await session.client.read_resource(uri)
    return raised.value


async def test_a_missing_prompt_argument_is_named_in_both_eras(
    mcp_session: SessionFactory, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        error = await prompt_error(mcp_session, mode, "quotation_summary", {})
    assert error.error.code == INVALID_PARAMS
    assert error.error.message == "Missing required arguments: {'order'}"
    assert "Traceback" not in caplog.text
    assert not [record for record in caplog.records if record.exc_info]


async def test_an_unknown_prompt_is_named_clipped_in_both_eras(
    mcp_session: SessionFactory, mode: str
) -> None:
    error = await prompt_error(mcp_session, mode, "no_such_prompt" * 1_000, {})
    assert error.error.code == INVALID_PARAMS
    assert error.error.message.startswith("Unknown prompt: 'no_such_prompt")
    assert len(error.error.message) < ECHO_BOUND


@pytest.mark.parametrize("length", [5_000, 100_000], ids=["long", "beyond the text bound"])
async def test_a_prompt_error_never_repeats_a_whole_argument(
    mcp_session: SessionFactory, mode: str, length: int
) -> None:
    error = await prompt_error(mcp_session, mode, "quotation_summary", {"order": "X" * length})
    assert error.error.code == INVALID_PARAMS
    assert len(error.error.message) < ECHO_BOUND


@pytest.mark.parametrize(
    "uri",
    [
        "odoo://res.partner/" + "9" * 5_000,
        "odoo://res.partner/" + "9" * 500,
        "odoo://" + "x" * 500 + "/1",
        "odoo://" + "x" * 5_000 + "/1",
    ],
    ids=["5000 digits", "500 digits", "long model", "long URI"],
)
async def test_a_resource_error_never_repeats_a_whole_uri(
    mcp_session: SessionFactory, mode: str, uri: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        error = await read_error(mcp_session, mode, uri)
    data: Any = error.error.data
    assert len(error.error.message) < ECHO_BOUND
    assert data is None or len(str(data)) < ECHO_BOUND
    assert not [record for record in caplog.records if record.exc_info]
