"""Web session routes of the simulated Odoo: password login, cookie, call_kw, destroy."""

from __future__ import annotations

from typing import Any

import httpx2


def rpc(params: dict[str, Any], request_id: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": "call", "params": params, "id": request_id}


async def login(client: httpx2.AsyncClient, password: str) -> httpx2.Response:
    return await client.post(
        "/web/session/authenticate", json=rpc({"db": "demo19", "login": "mcp_bot", "password": password})
    )


async def test_password_login_sets_the_session_cookie(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await login(client19, creds.password)
    info = response.json()["result"]
    assert (info["uid"], info["db"], info["username"], info["partner_id"]) == (7, "demo19", "mcp_bot", 45)
    assert "session_id" in response.cookies


async def test_session_info_lists_the_users_companies_and_currencies(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    info = (await login(client19, creds.password)).json()["result"]
    assert info["user_companies"]["allowed_companies"]["1"]["name"] == "My Company"
    assert info["currencies"] == {
        "1": {"name": "USD", "symbol": "$", "position": "before", "digits": [69, 2]}
    }


async def test_api_key_is_refused_for_a_web_session(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await login(client19, creds.key)
    assert response.json()["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert "session_id" not in response.cookies


async def test_call_kw_without_session_is_session_expired_with_null_id(client19: httpx2.AsyncClient) -> None:
    body = rpc({"model": "res.partner", "method": "read", "args": [[9]], "kwargs": {}}, request_id=112)
    response = (await client19.post("/web/dataset/call_kw/res.partner/read", json=body)).json()
    assert response["id"] is None
    assert (response["error"]["code"], response["error"]["message"]) == (100, "Odoo Session Expired")
    assert response["error"]["data"]["name"] == "odoo.http.SessionExpiredException"


async def test_bearer_header_does_not_open_a_session(client19: httpx2.AsyncClient, creds: Any) -> None:
    body = rpc({"model": "res.partner", "method": "read", "args": [[9]], "kwargs": {}})
    response = await client19.post(
        "/web/dataset/call_kw", json=body, headers={"Authorization": f"bearer {creds.key}"}
    )
    assert response.json()["error"]["code"] == 100


async def test_call_kw_with_the_session_runs_as_the_user(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    body = rpc(
        {"model": "res.partner", "method": "read", "args": [[9]], "kwargs": {"fields": ["name"]}},
        request_id=110,
    )
    response = (await client19.post("/web/dataset/call_kw/res.partner/read", json=body)).json()
    assert response == {"jsonrpc": "2.0", "id": 110, "result": [{"id": 9, "name": "Acme Corporation"}]}


async def test_call_kw_errors_use_the_json_rpc_error_object(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    body = rpc({"model": "res.partner", "method": "unlink", "args": [[9]], "kwargs": {}})
    error = (await client19.post("/web/dataset/call_kw/res.partner/unlink", json=body)).json()["error"]
    assert (error["code"], error["data"]["name"]) == (0, "odoo.exceptions.AccessError")


async def test_destroy_ends_the_session(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    destroyed = await client19.post("/web/session/destroy", json=rpc({}, request_id=114))
    assert destroyed.json() == {"jsonrpc": "2.0", "id": 114}
    after = await client19.post("/web/session/get_session_info", json=rpc({}))
    assert after.json()["error"]["code"] == 100


async def test_get_session_info_with_the_session(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    response = await client19.post("/web/session/get_session_info", json=rpc({}, request_id=109))
    assert response.json()["result"]["uid"] == 7


async def test_check_wkhtmltopdf_reports_the_pdf_engine(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    assert (await client19.post("/report/check_wkhtmltopdf", json=rpc({}))).json()["result"] == "ok"


async def test_session_info_keys_differ_between_18_and_19(client18: httpx2.AsyncClient, creds: Any) -> None:
    body = rpc({"db": "demo18", "login": "mcp_bot", "password": creds.password})
    info = (await client18.post("/web/session/authenticate", json=body)).json()["result"]
    assert "cache_hashes" in info
    assert "registry_hash" not in info


async def test_not_found_in_call_kw_is_error_code_404(client19: httpx2.AsyncClient, creds: Any) -> None:
    await login(client19, creds.password)
    body = rpc({"model": "res.partner", "method": "raise_not_found", "args": [], "kwargs": {}})
    error = (await client19.post("/web/dataset/call_kw", json=body)).json()["error"]
    assert (error["code"], error["message"]) == (404, "404: Not Found")
    assert error["data"]["name"] == "werkzeug.exceptions.NotFound"
