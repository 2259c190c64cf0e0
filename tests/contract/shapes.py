"""Comparing a simulator answer with the recorded one.

Equal: HTTP status, content type family, fault codes, error names, error messages and arguments,
the final line of server tracebacks. Same shape: JSON/XML-RPC values recursively (dict keys
equal, same value types, list elements of the same shapes); ids, names and amounts may differ
because the data differ.
"""

from __future__ import annotations

import json
import xmlrpc.client
from typing import Any

from .corpus import Case
from .replay import Answer

_NO_RESULT = object()


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return {int: "int", float: "float", str: "str", list: "list", dict: "dict"}.get(
        type(value), type(value).__name__
    )


def shape_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    if kind(expected) != kind(actual):
        return [f"{path}: expected {kind(expected)} {_short(expected)}, got {kind(actual)} {_short(actual)}"]
    if isinstance(expected, dict):
        problems = []
        missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
        if missing:
            problems.append(f"{path}: missing keys {missing}")
        if extra:
            problems.append(f"{path}: unexpected keys {extra}")
        for key in expected:
            if key in actual:
                problems += shape_differences(expected[key], actual[key], f"{path}.{key}")
        return problems
    if isinstance(expected, list):
        if expected and not actual:
            return [f"{path}: expected {len(expected)} element(s), got an empty list"]
        if len(expected) == len(actual):
            pairs = list(zip(expected, actual, strict=True))
        else:
            pairs = [(expected[0], item) for item in actual] if expected else []
        problems = []
        for index, (one, other) in enumerate(pairs):
            problems += shape_differences(one, other, f"{path}[{index}]")
        return problems
    return []


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def final_line(traceback: str) -> str:
    return traceback.rstrip("\n").rsplit("\n", 1)[-1]


def _equal(label: str, expected: Any, actual: Any) -> list[str]:
    return [] if expected == actual else [f"{label}: expected {expected!r}, got {actual!r}"]


def _traceback_text(label: str, expected: str, actual: str) -> list[str]:
    """A server traceback compares by its final exception line; a bare message compares whole."""
    if expected.startswith("Traceback (most recent call last):"):
        return _equal(f"{label} (final line)", final_line(expected), final_line(actual))
    return _equal(label, expected, actual)


def _error_object(label: str, expected: dict[str, Any], actual: Any) -> list[str]:
    """{name, message, arguments, context, debug} of JSON-RPC error.data and JSON-2 errors."""
    problems = shape_differences(expected, actual, label)
    if not isinstance(actual, dict) or problems:
        return problems
    for key in ("name", "message", "arguments"):
        problems += _equal(f"{label}.{key}", expected[key], actual[key])
    return problems + _traceback_text(f"{label}.debug", expected["debug"], actual["debug"])


def _xmlrpc(expected: dict[str, Any], answer: Answer) -> list[str]:
    try:
        actual: dict[str, Any] = {"result": xmlrpc.client.loads(answer.content)[0][0]}
    except xmlrpc.client.Fault as fault:
        actual = {"fault": {"faultCode": fault.faultCode, "faultString": fault.faultString}}
    except Exception as exc:
        return [f"body is not an XML-RPC answer ({exc}): {answer.content[:120]!r}"]
    if "fault" not in expected:
        return shape_differences(expected, actual)
    if "fault" not in actual:
        return [f"expected fault {expected['fault']['faultCode']!r}, got result {_short(actual['result'])}"]
    recorded, got = expected["fault"], actual["fault"]
    problems = _equal("faultCode", recorded["faultCode"], got["faultCode"])
    return problems + _traceback_text("faultString", recorded["faultString"], got["faultString"])


def _json_body(expected: Any, answer: Answer, protocol: str) -> list[str]:
    try:
        actual = json.loads(answer.content)
    except ValueError:
        return [f"body is not JSON: {answer.content[:120]!r}"]
    if protocol == "jsonrpc" and isinstance(expected, dict) and "error" in expected:
        if not isinstance(actual, dict) or "error" not in actual:
            return [f"expected a JSON-RPC error, got {_short(actual)}"]
        problems = shape_differences(
            {k: v for k, v in expected.items() if k != "error"},
            {k: v for k, v in actual.items() if k != "error"},
        )
        problems += _equal("id", expected.get("id"), actual.get("id"))
        error, got = expected["error"], actual["error"]
        problems += _equal("error.code", error["code"], got.get("code"))
        problems += _equal("error.message", error["message"], got.get("message"))
        return problems + _error_object("error.data", error["data"], got.get("data"))
    if protocol == "json2" and answer.status >= 400 and isinstance(expected, dict) and "name" in expected:
        return _error_object("$", expected, actual)
    return shape_differences(expected, actual)


def _non_json(expected: dict[str, Any], answer: Answer) -> list[str]:
    """HTML pages and files: the content type is compared above; PDFs must be PDFs."""
    first_bytes = expected.get("first_bytes_repr", "")
    if first_bytes.startswith("b'%PDF"):
        return [] if answer.content.startswith(b"%PDF-") else [f"expected a PDF, got {answer.content[:40]!r}"]
    if expected.get("size", 1000) < 100 and "first_chars" in expected:
        return _equal("body", expected["first_chars"], answer.content.decode("utf-8", "replace"))
    return []


def _content_family(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def differences(case: Case, answer: Answer) -> list[str]:
    recorded = case.data
    problems = _equal("HTTP status", recorded["http_status"], answer.status)
    recorded_type = recorded["response_headers"].get("Content-Type", "")
    problems += _equal("content type", _content_family(recorded_type), _content_family(answer.content_type))
    if "WWW-Authenticate" in recorded["response_headers"]:
        # compared without the trailing space Odoo sends: HTTP servers such as uvicorn refuse to send it
        challenge = answer.headers.get("www-authenticate", "")
        problems += _equal(
            "WWW-Authenticate", recorded["response_headers"]["WWW-Authenticate"].strip(), challenge
        )
    if "Location" in recorded["response_headers"]:
        location = answer.headers.get("location", "")
        problems += _equal(
            "Location prefix", recorded["response_headers"]["Location"].split("?")[0], location.split("?")[0]
        )
    if problems:
        return problems
    response = recorded["response"]
    if case.protocol == "xmlrpc":
        return _xmlrpc(response, answer)
    if isinstance(response, dict) and "_non_json_body" in response:
        return _non_json(response["_non_json_body"], answer)
    if case.protocol == "http":
        if "json" in response:
            return _json_body(response["json"], answer, "http")
        return _non_json(response, answer)
    return _json_body(response, answer, case.protocol)
