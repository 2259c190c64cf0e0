"""XML-RPC wire of the simulated Odoo: marshalling, fault codes and fault strings."""

from __future__ import annotations

import xmlrpc.client
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette

import mcp_odoo

INSTALLED_AT = str(Path(mcp_odoo.__file__).resolve().parents[1])
"""Where the package lives on this machine: no answer may show it."""


async def call(client: httpx2.AsyncClient, path: str, method: str, *params: Any) -> Any:
    response = await client.post(path, content=xmlrpc.client.dumps(params, method, allow_none=True))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def last_line(fault: xmlrpc.client.Fault) -> str:
    return str(fault.faultString).rstrip("\n").rsplit("\n", 1)[-1]


async def test_version_needs_no_credentials(client19: httpx2.AsyncClient) -> None:
    result = await call(client19, "/xmlrpc/2/common", "version")
    assert result["server_version"] == "19.0"
    assert result["server_version_info"] == [19, 0, 0, "final", 0, ""]


async def test_authenticate_returns_uid_for_a_valid_key(client19: httpx2.AsyncClient, creds: Any) -> None:
    assert await call(client19, "/xmlrpc/2/common", "authenticate", "demo19", "mcp_bot", creds.key, {}) == 7


async def test_authenticate_returns_false_for_a_wrong_key(client19: httpx2.AsyncClient) -> None:
    assert (
        await call(client19, "/xmlrpc/2/common", "authenticate", "demo19", "mcp_bot", "0" * 40, {}) is False
    )


async def test_authenticate_with_three_params_is_a_type_error(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    fault = await call(client19, "/xmlrpc/2/common", "authenticate", "demo19", "mcp_bot", creds.key)
    assert fault.faultCode == 1
    assert last_line(fault) == (
        "TypeError: exp_authenticate() missing 1 required positional argument: 'user_agent_env'"
    )


async def test_login_is_the_three_argument_authenticate(client19: httpx2.AsyncClient, creds: Any) -> None:
    assert await call(client19, "/xmlrpc/2/common", "login", "demo19", "mcp_bot", creds.key) == 7


async def test_unknown_database_leaks_the_psycopg2_error(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(client19, "/xmlrpc/2/common", "authenticate", "no_such_db", "mcp_bot", creds.key, {})
    assert fault.faultCode == 1
    assert fault.faultString.startswith("Traceback (most recent call last):\n")
    assert last_line(fault).startswith("psycopg2.OperationalError: connection to server at")
    assert 'database "no_such_db" does not exist' in last_line(fault)


async def test_tracebacks_show_odoo_paths_only(client19: httpx2.AsyncClient) -> None:
    fault = await call(client19, "/xmlrpc/2/common", "no_such_method")
    assert '"<odoo>/' in fault.faultString
    assert INSTALLED_AT not in fault.faultString
    assert "site-packages" not in fault.faultString


async def test_unknown_common_method_is_a_bare_exception(client19: httpx2.AsyncClient) -> None:
    fault = await call(client19, "/xmlrpc/2/common", "no_such_method")
    assert last_line(fault) == "Exception: Method not found: no_such_method"


async def test_db_list_and_server_version(client19: httpx2.AsyncClient) -> None:
    assert await call(client19, "/xmlrpc/2/db", "list") == ["demo19"]
    assert await call(client19, "/xmlrpc/2/db", "server_version") == "19.0"


async def test_execute_kw_returns_the_orm_result(client19: httpx2.AsyncClient, creds: Any) -> None:
    result = await call(
        client19,
        "/xmlrpc/2/object",
        "execute_kw",
        "demo19",
        7,
        creds.key,
        "res.partner",
        "read",
        [[9]],
        {"fields": ["name"]},
    )
    assert result == [{"id": 9, "name": "Acme Corporation"}]


async def test_execute_is_positional(client19: httpx2.AsyncClient, creds: Any) -> None:
    result = await call(
        client19, "/xmlrpc/2/object", "execute", "demo19", 7, creds.key, "res.partner", "search_count", []
    )
    assert result == 2


async def test_wrong_key_is_fault_3_access_denied(client19: httpx2.AsyncClient) -> None:
    fault = await call(
        client19, "/xmlrpc/2/object", "execute_kw", "demo19", 7, "0" * 40, "res.partner", "search_count", [[]]
    )
    assert (fault.faultCode, fault.faultString) == (3, "Access Denied")


async def test_uid_not_matching_the_key_is_access_denied(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(
        client19,
        "/xmlrpc/2/object",
        "execute_kw",
        "demo19",
        2,
        creds.key,
        "res.partner",
        "search_count",
        [[]],
    )
    assert fault.faultCode == 3


async def test_access_error_is_fault_4_with_the_bare_message(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    fault = await call(
        client19, "/xmlrpc/2/object", "execute_kw", "demo19", 7, creds.key, "res.partner", "unlink", [[9]], {}
    )
    assert (fault.faultCode, fault.faultString) == (4, "You are not allowed to delete 'res.partner' records.")


async def test_user_error_is_fault_2(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(
        client19, "/xmlrpc/2/object", "execute_kw", "demo19", 7, creds.key, "no.such.model", "read", [[1]], {}
    )
    assert (fault.faultCode, fault.faultString) == (2, "Object no.such.model doesn't exist")


async def test_builtin_errors_are_fault_1_with_a_traceback(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(
        client19, "/xmlrpc/2/object", "execute_kw", "demo19", 7, creds.key, "res.partner", "nope", [[9]], {}
    )
    assert fault.faultCode == 1
    assert last_line(fault) == "AttributeError: The method 'res.partner.nope' does not exist"


async def test_none_result_is_a_marshalling_fault_after_the_method_ran(
    client19: httpx2.AsyncClient, creds: Any, fake_backend: Any, app19: Starlette
) -> None:
    fault = await call(
        client19,
        "/xmlrpc/2/object",
        "execute_kw",
        "demo19",
        7,
        creds.key,
        "res.partner",
        "check_access_rights",
        ["read"],
        {},
    )
    assert fault.faultCode == 1
    assert last_line(fault) == "TypeError: cannot marshal None unless allow_none is enabled"
    assert app19.state.simulator.calls.count(method="check_access_rights") == 1


async def test_nil_is_accepted_in_requests(client19: httpx2.AsyncClient, creds: Any) -> None:
    result = await call(
        client19,
        "/xmlrpc/2/object",
        "execute_kw",
        "demo19",
        7,
        creds.key,
        "res.partner",
        "read",
        [[9]],
        {"fields": ["name"], "load": None},
    )
    assert result[0]["name"] == "Acme Corporation"


async def test_unknown_dispatch_method_is_a_name_error(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(
        client19,
        "/xmlrpc/2/object",
        "no_such_dispatch",
        "demo19",
        7,
        creds.key,
        "res.partner",
        "search",
        [[]],
    )
    assert last_line(fault) == "NameError: Method not available no_such_dispatch"


async def test_unknown_service_is_a_key_error(client19: httpx2.AsyncClient) -> None:
    fault = await call(client19, "/xmlrpc/2/no_such_service", "version")
    assert last_line(fault) == "KeyError: 'no_such_service'"


async def test_malformed_body_is_an_expat_fault_with_http_200(client19: httpx2.AsyncClient) -> None:
    response = await client19.post("/xmlrpc/2/object", content=b"<not xml")
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as raised:
        xmlrpc.client.loads(response.content)
    assert last_line(raised.value) == "xml.parsers.expat.ExpatError: unclosed token: line 1, column 0"


async def test_too_few_object_params_in_19_fail_unpacking(client19: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(client19, "/xmlrpc/2/object", "execute_kw", "demo19", 7, creds.key, "res.partner")
    assert last_line(fault) == "ValueError: not enough values to unpack (expected at least 5, got 4)"


async def test_too_few_object_params_in_18_fail_the_call(client18: httpx2.AsyncClient, creds: Any) -> None:
    fault = await call(client18, "/xmlrpc/2/object", "execute_kw", "demo18", 7, creds.key, "res.partner")
    assert (
        last_line(fault)
        == "TypeError: execute_kw() missing 2 required positional arguments: 'method' and 'args'"
    )


async def test_legacy_endpoint_puts_access_denied_in_the_fault_code(client19: httpx2.AsyncClient) -> None:
    fault = await call(
        client19, "/xmlrpc/object", "execute_kw", "demo19", 7, "0" * 40, "res.partner", "search_count", [[]]
    )
    assert (fault.faultCode, fault.faultString) == ("AccessDenied", "Access Denied")


async def test_legacy_endpoint_puts_odoo_warnings_in_the_fault_code(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    fault = await call(
        client19, "/xmlrpc/object", "execute_kw", "demo19", 7, creds.key, "res.partner", "unlink", [[9]], {}
    )
    assert fault.faultCode == "warning -- AccessError\n\nYou are not allowed to delete 'res.partner' records."
    assert fault.faultString == ""


async def test_legacy_endpoint_puts_other_messages_in_the_fault_code(
    client19: httpx2.AsyncClient, creds: Any
) -> None:
    fault = await call(
        client19, "/xmlrpc/object", "execute_kw", "demo19", 7, creds.key, "res.partner", "nope", [[9]], {}
    )
    assert fault.faultCode == "The method 'res.partner.nope' does not exist"
    assert last_line(fault) == "AttributeError: The method 'res.partner.nope' does not exist"
