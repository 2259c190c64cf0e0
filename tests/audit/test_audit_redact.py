"""Secret redaction of tool-call arguments before they reach the audit table."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcp_odoo.audit import REDACTED, redact

ODOO_API_KEY = "0123456789abcdef0123456789abcdef01234567"  # throwaway: 40 hex digits, like Odoo's keys
BEARER_TOKEN = "mcp2tok.7f3a9c1e5b2d4f60"  # throwaway
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"  # throwaway, unsigned payload


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "api_key",
        "apiKey",
        "X-Api-Key",
        "token",
        "access_token",
        "client_secret",
        "totp",
        "totp_code",
        "Authorization",
        "cookie",
        "session_id",
        "private_key",
        "credentials",
    ],
)
def test_value_under_a_secret_key_is_redacted(key: str) -> None:
    assert redact({key: "s3cr3t"}) == {key: REDACTED}


def test_ordinary_keys_and_values_are_kept() -> None:
    arguments = {"model": "res.partner", "limit": 5, "active": True, "ratio": 0.5, "parent_id": None}

    assert redact(arguments) == arguments


def test_whole_structure_under_a_secret_key_is_redacted() -> None:
    assert redact({"credentials": {"login": "mcp_bot", "key": "k"}}) == {"credentials": REDACTED}


def test_secret_keys_in_nested_dicts_are_redacted() -> None:
    arguments = {"values": {"name": "Bot", "auth": {"password": "pw", "login": "bot"}}}

    assert redact(arguments) == {"values": {"name": "Bot", "auth": {"password": REDACTED, "login": "bot"}}}


def test_secret_keys_in_dicts_inside_lists_are_redacted() -> None:
    arguments = {"vals_list": [{"name": "A", "password": "pw"}, {"name": "B"}]}

    assert redact(arguments) == {"vals_list": [{"name": "A", "password": REDACTED}, {"name": "B"}]}


def test_odoo_api_key_value_is_redacted_under_any_key() -> None:
    assert redact({"note": ODOO_API_KEY}) == {"note": REDACTED}


def test_odoo_api_key_inside_text_is_masked_in_place() -> None:
    assert redact({"note": f"use {ODOO_API_KEY} for the bot"}) == {"note": f"use {REDACTED} for the bot"}


def test_api_key_in_a_list_is_redacted() -> None:
    assert redact({"keys": ["plain", ODOO_API_KEY.upper()]}) == {"keys": ["plain", REDACTED]}


def test_longer_hex_strings_are_not_mistaken_for_api_keys() -> None:
    sha256 = "ab" * 32

    assert redact({"checksum": sha256}) == {"checksum": sha256}


def test_bearer_token_in_text_is_masked() -> None:
    assert redact({"header": f"Bearer {BEARER_TOKEN}"}) == {"header": f"Bearer {REDACTED}"}


def test_words_after_basic_in_prose_are_kept() -> None:
    assert redact({"description": "Basic information sheet"}) == {"description": "Basic information sheet"}


def test_jwt_in_text_is_masked() -> None:
    assert redact({"note": f"token was {JWT}"}) == {"note": f"token was {REDACTED}"}


def test_password_inside_a_url_is_masked() -> None:
    arguments = {"url": "postgresql://audit:pw-123@db.example.com/odoo"}

    assert redact(arguments) == {"url": f"postgresql://audit:{REDACTED}@db.example.com/odoo"}


def test_domain_condition_on_a_secret_field_hides_its_value() -> None:
    arguments = {"domain": [["name", "=", "Bot"], ("api_key_ids.key", "=", "abc")]}

    assert redact(arguments) == {"domain": [["name", "=", "Bot"], ["api_key_ids.key", "=", REDACTED]]}


def test_field_lists_naming_secret_fields_are_kept() -> None:
    arguments = {"fields": ["password", "login", "name"]}

    assert redact(arguments) == arguments


def test_values_json_cannot_hold_become_strings() -> None:
    arguments = {"when": datetime(2026, 11, 24, tzinfo=UTC), "blob": b"\x00\x01", "ratio": math.nan}

    assert redact(arguments) == {"when": "2026-11-24 00:00:00+00:00", "blob": "<2 bytes>", "ratio": "nan"}


def test_input_is_left_unchanged() -> None:
    arguments = {"auth": {"password": "pw"}}

    redact(arguments)

    assert arguments == {"auth": {"password": "pw"}}


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from([ODOO_API_KEY, JWT]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
arguments_strategy = st.dictionaries(
    st.text(max_size=12) | st.sampled_from(["password", "token"]), json_values
)


@given(arguments_strategy)
def test_redacting_twice_changes_nothing(arguments: dict[str, Any]) -> None:
    once = redact(arguments)

    assert redact(once) == once


@given(arguments_strategy)
def test_redacted_arguments_are_strict_json(arguments: dict[str, Any]) -> None:
    json.dumps(redact(arguments), allow_nan=False)
