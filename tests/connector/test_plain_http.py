"""`OdooClient.http` and `OdooClient.settings`: plain requests to Odoo's web routes, beside RPC."""

from __future__ import annotations

import logging

import httpx2
import pytest
from pydantic import SecretStr

from mcp_odoo.odoo import OdooClient
from mcp_odoo.settings import OdooSettings

SECRET_COOKIE = "session_id=throwaway-session-cookie"


def settings() -> OdooSettings:
    return OdooSettings(url="http://odoo.test", db="demo", user="mcp_bot", api_key=SecretStr("throwaway-key"))


def recording(requests: list[httpx2.Request]) -> httpx2.MockTransport:
    def answer(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        return httpx2.Response(200, content=b"ok", headers={"Set-Cookie": f"{SECRET_COOKIE}; Path=/"})

    return httpx2.MockTransport(answer)


def test_settings_are_the_ones_the_client_was_built_with() -> None:
    configured = settings()
    assert OdooClient(configured).settings is configured


async def test_a_plain_get_returns_status_headers_and_body_without_credentials() -> None:
    requests: list[httpx2.Request] = []
    async with OdooClient(settings(), transport=recording(requests)) as client:
        answer = await client.http("GET", "/my/invoices/4?access_token=t0k")
    assert (answer.status, answer.body) == (200, b"ok")
    assert answer.headers["set-cookie"].startswith(SECRET_COOKIE)
    assert str(requests[0].url) == "http://odoo.test/my/invoices/4?access_token=t0k"
    assert "authorization" not in requests[0].headers


async def test_a_plain_post_sends_the_body_and_headers_given() -> None:
    requests: list[httpx2.Request] = []
    async with OdooClient(settings(), transport=recording(requests)) as client:
        await client.http("POST", "/web/session/destroy", body=b"{}", headers={"Cookie": SECRET_COOKIE})
    assert (requests[0].method, requests[0].content) == ("POST", b"{}")
    assert requests[0].headers["cookie"] == SECRET_COOKIE


async def test_a_cookie_set_by_an_answer_is_never_sent_again() -> None:
    requests: list[httpx2.Request] = []
    async with OdooClient(settings(), transport=recording(requests)) as client:
        await client.http("GET", "/web/login")
        await client.http("POST", "/jsonrpc", body=b"{}")
    assert "cookie" not in requests[1].headers


async def test_plain_requests_log_no_cookie(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with OdooClient(settings(), transport=recording([])) as client:
        await client.http("POST", "/web/session/destroy", headers={"Cookie": SECRET_COOKIE})
    assert "throwaway-session-cookie" not in caplog.text
