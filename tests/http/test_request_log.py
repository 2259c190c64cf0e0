"""JSON log lines carrying the request id of the HTTP request they belong to."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from mcp_odoo.http.request_log import (
    JsonFormatter,
    RequestIdMiddleware,
    configure_json_logging,
    current_request_id,
)

logger = logging.getLogger("mcp_odoo.test.request_log")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)


def entries(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def echo_request_id(request: Request) -> Response:
    logger.info("handling", extra={"tool": "search_records"})
    return PlainTextResponse(current_request_id() or "")


def app() -> Starlette:
    return Starlette(routes=[Route("/", echo_request_id)], middleware=[Middleware(RequestIdMiddleware)])


async def get(headers: dict[str, str] | None = None) -> httpx2.Response:
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app()), base_url="http://mcp.test"
    ) as client:
        return await client.get("/", headers=headers)


def test_record_is_one_json_object_with_level_logger_and_message(log_lines: io.StringIO) -> None:
    logger.warning("odoo slow: %d ms", 1200)
    (entry,) = entries(log_lines)
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        logger.name,
        "odoo slow: 1200 ms",
    )


def test_extra_fields_are_included(log_lines: io.StringIO) -> None:
    logger.info("call", extra={"tool": "read_record", "duration_ms": 12})
    (entry,) = entries(log_lines)
    assert (entry["tool"], entry["duration_ms"]) == ("read_record", 12)


def test_exception_is_included_as_text(log_lines: io.StringIO) -> None:
    try:
        raise ValueError("bad value")
    except ValueError:
        logger.exception("failed")
    (entry,) = entries(log_lines)
    assert "ValueError: bad value" in entry["exception"]


def test_record_outside_a_request_has_no_request_id(log_lines: io.StringIO) -> None:
    logger.info("startup")
    (entry,) = entries(log_lines)
    assert "request_id" not in entry


async def test_request_gets_a_generated_id_in_the_response(log_lines: io.StringIO) -> None:
    response = await get()
    assert len(response.headers["x-request-id"]) == 32
    assert response.text == response.headers["x-request-id"]


async def test_logs_during_a_request_carry_its_id(log_lines: io.StringIO) -> None:
    response = await get()
    (entry,) = entries(log_lines)
    assert (entry["request_id"], entry["tool"]) == (response.headers["x-request-id"], "search_records")


async def test_sane_incoming_request_id_is_kept(log_lines: io.StringIO) -> None:
    response = await get({"X-Request-ID": "nginx-4f2a.17"})
    assert response.headers["x-request-id"] == "nginx-4f2a.17"


async def test_malformed_incoming_request_id_is_replaced(log_lines: io.StringIO) -> None:
    response = await get({"X-Request-ID": 'evil"id with spaces'})
    assert response.headers["x-request-id"] != 'evil"id with spaces'


def test_configure_json_logging_sends_json_lines_to_the_stream() -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        configure_json_logging("INFO", stream)
        logging.getLogger("mcp_odoo.test.configured").info("ready")
    finally:
        root.handlers, root.level = saved_handlers, saved_level
    assert json.loads(stream.getvalue())["message"] == "ready"
