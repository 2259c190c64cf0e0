"""Seeding: the demo dataset shifted to today, the corpus users and their throwaway credentials."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.simulator.orm.dataset import shift_value


@pytest.fixture(scope="module")
def shifted() -> Registry:
    return Registry("19.0", today=dt.date(2027, 1, 3))


def test_dates_shift_by_the_days_since_the_reference_date(shifted: Registry) -> None:
    [invoice] = shifted.execute_kw(
        7, "account.move", "read", [[4]], {"fields": ["invoice_date", "invoice_date_due"]}
    )
    assert invoice["invoice_date"] == "2026-12-19"
    assert invoice["invoice_date_due"] == "2026-12-19"


def test_datetimes_shift_too(shifted: Registry) -> None:
    [order] = shifted.execute_kw(7, "sale.order", "read", [[1]], {"fields": ["date_order"]})
    assert order["date_order"] == "2026-12-03 09:48:00"


def test_shift_value_leaves_empty_values_alone() -> None:
    assert shift_value(False, "date", 3) is False


def test_database_name_defaults_to_the_corpus_name() -> None:
    assert Registry("18.0").db_name == "demo18"
    assert Registry("19.0", db_name="custom").db_name == "custom"


def test_unsupported_series_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("unsupported series '17.0'")):
        Registry("17.0")


@pytest.mark.parametrize(
    ("series", "login", "uid"),
    [
        ("19.0", "admin", 2),
        ("19.0", "mcp_bot", 7),
        ("19.0", "limited", 8),
        ("18.0", "admin", 2),
        ("18.0", "mcp_bot", 8),
        ("18.0", "limited", 9),
    ],
)
def test_corpus_users_have_the_recorded_uids(series: str, login: str, uid: int) -> None:
    registry = fresh_registry(series)
    assert registry.users[login].uid == uid
    assert registry.authenticate(login, DEMO_CREDENTIALS[login]["api_key"]) == uid
    assert registry.authenticate(login, DEMO_CREDENTIALS[login]["password"]) == uid


def test_wrong_key_does_not_authenticate() -> None:
    registry = fresh_registry()
    assert registry.authenticate("mcp_bot", "0" * 40) is None
    assert registry.authenticate("nobody", DEMO_CREDENTIALS["mcp_bot"]["api_key"]) is None


def test_credentials_must_belong_to_the_uid() -> None:
    registry = fresh_registry()
    assert registry.check_credentials(7, DEMO_CREDENTIALS["mcp_bot"]["api_key"])
    assert not registry.check_credentials(8, DEMO_CREDENTIALS["mcp_bot"]["api_key"])


def test_bearer_lookup_accepts_api_keys_only() -> None:
    registry = fresh_registry()
    assert registry.uid_for_api_key(DEMO_CREDENTIALS["mcp_bot"]["api_key"]) == 7
    assert registry.uid_for_api_key(DEMO_CREDENTIALS["mcp_bot"]["password"]) is None


def test_corpus_users_have_partners_with_their_names() -> None:
    registry = fresh_registry()
    [user] = registry.execute_kw(7, "res.users", "read", [[7]], {"fields": ["partner_id", "company_id"]})
    assert user["partner_id"] == [45, "MCP Bot"]
    assert user["company_id"] == [1, "My Company (San Francisco)"]


def test_context_get_gives_the_users_language_and_timezone() -> None:
    registry = fresh_registry()
    assert registry.execute_kw(7, "res.users", "context_get", [], {}) == {
        "lang": "en_US",
        "tz": "Europe/Brussels",
        "uid": 7,
    }


def test_reset_restores_the_seeded_state() -> None:
    registry = fresh_registry()
    registry.execute_kw(7, "res.partner", "write", [[9], {"phone": "1"}], {})
    assert registry.write_count == 1
    registry.reset()
    [partner] = registry.execute_kw(7, "res.partner", "read", [[9]], {"fields": ["phone"]})
    assert partner["phone"] == "(603)-996-3829"
    assert registry.write_count == 0
