"""JSON-RPC wire of the simulated Odoo: envelope, None results, error objects, malformed bodies."""

from __future__ import annotations

from typing import Any

import httpx2


def envelope(service: str, method: str, *args: Any, request_id: int = 1) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": list(args)},
        "id": request_id,
    }


async def test_result_echoes_the_request_id(client19: httpx2.AsyncClient) -> None:
    response = await client19.post("/jsonrpc", json=envelope("common", "version", request_id=42))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert (body["jsonrpc"], body["id"], body["result"]["server_serie"]) == ("2.0", 42, "19.0")


async def test_none_result_has_neither_result_nor_error(client19: httpx2.AsyncClient, creds: Any) -> None:
    call = envelope(
        "object",
        "execute_kw",
        "demo19",
        7,
        creds.key,
        "res.partner",
        "check_access_rights",
        ["read"],
        {},
        request_id=84,
    )
    assert (await client19.post("/jsonrpc", json=call)).json() == {"jsonrpc": "2.0", "id": 84}


async def test_error_code_is_0_in_19(client19: httpx2.AsyncClient, creds: Any) -> None:
    call = envelope("object", "execute_kw", "demo19", 7, creds.key, "res.partner", "unlink", [[9]], {})
    error = (await client19.post("/jsonrpc", json=call)).json()["error"]
    assert (error["code"], error["message"]) == (0, "Odoo Server Error")
    assert error["data"]["name"] == "odoo.exceptions.AccessError"
    assert error["data"]["message"] == "You are not allowed to delete 'res.partner' records."
    assert error["data"]["arguments"] == [error["data"]["message"]]
    assert error["data"]["context"] == {}
    assert error["data"]["debug"].endswith(
        "odoo.exceptions.AccessError: You are not allowed to delete 'res.partner' records.\n"
    )


async def test_error_code_is_200_in_18(client18: httpx2.AsyncClient, creds: Any) -> None:
    call = envelope("object", "execute_kw", "demo18", 7, creds.key, "res.partner", "unlink", [[9]], {})
    assert (await client18.post("/jsonrpc", json=call)).json()["error"]["code"] == 200


async def test_access_denied_debug_has_no_traceback(client19: httpx2.AsyncClient) -> None:
    call = envelope("object", "execute_kw", "demo19", 7, "0" * 40, "res.partner", "search_count", [[]])
    data = (await client19.post("/jsonrpc", json=call)).json()["error"]["data"]
    assert data["name"] == "odoo.exceptions.AccessDenied"
    assert data["debug"] == "odoo.exceptions.AccessDenied: Access Denied\n"


async def test_builtin_errors_are_named_with_their_module(client19: httpx2.AsyncClient) -> None:
    data = (await client19.post("/jsonrpc", json=envelope("no_such_service", "version"))).json()["error"][
        "data"
    ]
    assert (data["name"], data["message"], data["arguments"]) == (
        "builtins.KeyError",
        "no_such_service",
        ["no_such_service"],
    )


async def test_body_that_is_not_json_is_a_400_text_page(client19: httpx2.AsyncClient) -> None:
    response = await client19.post(
        "/jsonrpc", content=b'{"jsonrpc": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == "Invalid JSON data"


async def test_params_as_a_list_fail_like_odoo(client19: httpx2.AsyncClient) -> None:
    body = {"jsonrpc": "2.0", "method": "call", "params": ["common", "version", []], "id": 1}
    response = (await client19.post("/jsonrpc", json=body)).json()
    assert response["id"] == 1
    assert response["error"]["data"]["name"] == "builtins.ValueError"
    assert (
        response["error"]["data"]["message"]
        == "dictionary update sequence element #0 has length 6; 2 is required"
    )


async def test_missing_envelope_names_the_19_controller(client19: httpx2.AsyncClient) -> None:
    response = (
        await client19.post("/jsonrpc", json={"service": "common", "method": "version", "args": []})
    ).json()
    assert response["id"] is None
    assert response["error"]["data"]["message"] == (
        "JSONRPC.jsonrpc() missing 3 required positional arguments: 'service', 'method', and 'args'"
    )


async def test_missing_envelope_names_the_18_controller(client18: httpx2.AsyncClient) -> None:
    response = (await client18.post("/jsonrpc", json={"service": "common"})).json()
    assert response["error"]["data"]["message"].startswith(
        "RPC.jsonrpc() missing 3 required positional arguments"
    )


async def test_version_info_route_answers_in_the_envelope(client19: httpx2.AsyncClient) -> None:
    response = await client19.post(
        "/web/webclient/version_info", json={"jsonrpc": "2.0", "method": "call", "params": {}, "id": 15}
    )
    assert response.json()["result"]["server_version"] == "19.0"


async def test_web_version_is_plain_json_in_19(client19: httpx2.AsyncClient) -> None:
    for path in ("/web/version", "/json/version"):
        response = await client19.get(path)
        assert response.json() == {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}


async def test_web_version_does_not_exist_in_18(client18: httpx2.AsyncClient) -> None:
    assert (await client18.get("/web/version")).status_code == 404
    assert (await client18.get("/json/version")).status_code == 303


async def test_unknown_url_is_werkzeugs_404_page(client19: httpx2.AsyncClient) -> None:
    response = await client19.get("/no/such/route")
    assert response.status_code == 404
    assert "<title>404 Not Found</title>" in response.text


async def test_wrong_http_method_is_a_405_page(client19: httpx2.AsyncClient) -> None:
    response = await client19.get("/jsonrpc")
    assert response.status_code == 405
    assert response.headers["content-type"] == "text/html; charset=utf-8"
