"""JSON-2 wire of the simulated Odoo (19): checks in Odoo's order, statuses and error bodies."""

from __future__ import annotations

from typing import Any

import httpx2


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"bearer {key}", "X-Odoo-Database": "demo19"}


async def test_answers_the_bare_result(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post(
        "/json/2/res.partner/read", json={"ids": [9], "fields": ["name"]}, headers=bearer(creds.key)
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == [{"id": 9, "name": "Acme Corporation"}]


async def test_database_header_is_optional_with_one_database(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    response = await client19.post(
        "/json/2/res.partner/search_count", json={}, headers={"Authorization": f"bearer {creds.key}"}
    )
    assert response.json() == 2


async def test_empty_body_means_no_arguments(client19: httpx2.AsyncClient, creds: Any) -> None:
    headers = {**bearer(creds.key), "Content-Type": "application/json"}
    response = await client19.post("/json/2/res.partner/search_count", content=b"", headers=headers)
    assert response.json() == 2


async def test_none_result_is_json_null(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post(
        "/json/2/res.partner/check_access_rights", json={"operation": "read"}, headers=bearer(creds.key)
    )
    assert (response.status_code, response.text) == (200, "null")


async def test_missing_authorization_is_401_with_a_bearer_challenge(client19: httpx2.AsyncClient) -> None:
    response = await client19.post(
        "/json/2/res.users/context_get", json={}, headers={"X-Odoo-Database": "demo19"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["name"] == "werkzeug.exceptions.Unauthorized"
    assert body["message"] == "User not authenticated, use an API Key with a Bearer Authorization header."
    assert body["arguments"] == [body["message"], 401]
    assert body["debug"].endswith(f"werkzeug.exceptions.Unauthorized: 401 Unauthorized: {body['message']}\n")


async def test_basic_auth_is_not_accepted(client19: httpx2.AsyncClient) -> None:
    headers = {"Authorization": "Basic bWNwX2JvdDp4", "X-Odoo-Database": "demo19"}
    response = await client19.post("/json/2/res.users/context_get", json={}, headers=headers)
    assert response.status_code == 401


async def test_password_as_bearer_is_an_invalid_api_key(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post("/json/2/res.users/context_get", json={}, headers=bearer(creds.password))
    assert (response.status_code, response.json()["message"]) == (401, "Invalid apikey")


async def test_wrong_content_type_is_a_415_page(client19: httpx2.AsyncClient, creds: Any) -> None:
    headers = {**bearer(creds.key), "Content-Type": "text/plain"}
    response = await client19.post("/json/2/res.users/context_get", content=b"{}", headers=headers)
    assert response.status_code == 415
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_unknown_database_is_a_404_page(client19: httpx2.AsyncClient, creds: Any) -> None:
    headers = {"Authorization": f"bearer {creds.key}", "X-Odoo-Database": "no_such_db"}
    response = await client19.post("/json/2/res.users/context_get", json={}, headers=headers)
    assert response.status_code == 404
    assert "No database is selected" in response.text


async def test_get_is_a_json_404(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.get("/json/2/res.users/context_get", headers=bearer(creds.key))
    assert response.status_code == 404
    assert response.json()["message"] == "Did you mean POST /json/2/<model>/<method>?"


async def test_path_without_method_is_a_json_404(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post("/json/2/res.users", json={}, headers=bearer(creds.key))
    assert (response.status_code, response.json()["name"]) == (404, "werkzeug.exceptions.NotFound")


async def test_invalid_json_is_a_400_bad_request(client19: httpx2.AsyncClient, creds: Any) -> None:
    headers = {**bearer(creds.key), "Content-Type": "application/json"}
    response = await client19.post("/json/2/res.users/context_get", content=b'{"not json', headers=headers)
    assert response.status_code == 400
    assert response.json()["message"] == (
        "could not parse the body as json: Unterminated string starting at: line 1 column 2 (char 1)"
    )


async def test_odoo_exceptions_use_their_http_status(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post("/json/2/res.partner/unlink", json={"ids": [9]}, headers=bearer(creds.key))
    assert (response.status_code, response.json()["name"]) == (403, "odoo.exceptions.AccessError")


async def test_builtin_exceptions_are_500(client19: httpx2.AsyncClient, creds: Any) -> None:
    response = await client19.post(
        "/json/2/res.partner/read", json={"ids": [9], "fields": ["x"]}, headers=bearer(creds.key)
    )
    assert (response.status_code, response.json()["name"]) == (500, "builtins.ValueError")


async def test_json2_redirects_to_login_in_18(client18: httpx2.AsyncClient, creds: Any) -> None:
    response = await client18.post("/json/2/res.users/context_get", json={}, headers=bearer(creds.key))
    assert response.status_code == 303
    assert response.headers["location"] == "/web/login?redirect=%2Fjson%2F2%2Fres.users%2Fcontext_get%3F"
