"""Secret redaction for audited arguments.

A value is replaced by ``REDACTED`` when its key names a secret (password, API key, token,
TOTP, authorization header, cookie ...), wherever it sits: nested dicts, lists, and Odoo domain
leaves such as ``["api_key", "=", "..."]``. Inside any other string, text that looks like a
credential is masked in place: Odoo API keys (40 hex digits), bearer/basic authorization values,
JWTs and the password of a ``scheme://user:password@host`` URL.

The result is always JSON-safe (non-finite floats, bytes and unknown objects become strings),
and redacting twice changes nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

REDACTED = "<redacted>"

_SECRET_KEY_MARKERS = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "otp",  # one-time passwords: totp, otp_code ...
    "authorization",
    "cookie",
    "sessionid",
    "privatekey",
    "credential",
)

_SECRET_TEXT = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Fa-f]{40}(?![0-9A-Za-z])"  # Odoo API key: 20 random bytes in hex
    r"|eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"  # JWT
)
_AUTHORIZATION_VALUE = re.compile(r"(?i)\b(bearer|basic)(\s+)(?=[\w.~+/=-]*\d)[\w.~+/=-]{16,}")
_COMPARISON_OPERATORS = ("=", "!=", "<>", "<", ">", "<=", ">=", "=?")
_PATTERN_OPERATORS = ("=like", "=ilike", "like", "ilike", "not like", "not ilike")
_MEMBERSHIP_OPERATORS = ("in", "not in", "child_of", "parent_of", "any", "not any")
_DOMAIN_OPERATORS = frozenset((*_COMPARISON_OPERATORS, *_PATTERN_OPERATORS, *_MEMBERSHIP_OPERATORS))
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@")


def is_secret_key(key: str) -> bool:
    """Whether a dict key (or a domain field name) names a secret."""
    folded = re.sub(r"[^a-z0-9]", "", key.lower())
    return any(marker in folded for marker in _SECRET_KEY_MARKERS)


def redact_text(text: str) -> str:
    """Mask credential-looking parts of free text, keeping the rest readable."""
    text = _SECRET_TEXT.sub(REDACTED, text)
    text = _AUTHORIZATION_VALUE.sub(lambda match: f"{match[1]}{match[2]}{REDACTED}", text)
    return _URL_PASSWORD.sub(lambda match: f"{match[1]}{REDACTED}@", text)


def redact(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """A redacted, JSON-safe copy of a tool call's arguments."""
    return _redact_mapping(arguments)


def _redact_mapping(mapping: Mapping[Any, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in mapping.items():
        name = str(key)
        clean[name] = REDACTED if is_secret_key(name) else _redact_value(value)
    return clean


def _redact_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _redact_mapping(value)
    if isinstance(value, list | tuple | set | frozenset):
        return _redact_sequence(list(value))
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, bool | int) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    return redact_text(str(value))


def _redact_sequence(items: list[Any]) -> list[Any]:
    if _is_secret_domain_leaf(items):
        return [items[0], items[1], REDACTED]
    return [_redact_value(item) for item in items]


def _is_secret_domain_leaf(items: list[Any]) -> bool:
    """An Odoo domain condition ``[field, operator, value]`` on a secret field."""
    return (
        len(items) == 3
        and isinstance(items[0], str)
        and isinstance(items[1], str)
        and items[1] in _DOMAIN_OPERATORS
        and is_secret_key(items[0])
    )
