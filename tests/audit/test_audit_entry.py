"""AuditEntry and AuditQuery: validation, UTC times, and the canonical JSON the chain hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from audit_helpers import make_entry
from pydantic import ValidationError

from mcp_odoo.audit import AuditQuery
from mcp_odoo.odoo.errors import ErrorKind


def test_time_defaults_to_now_in_utc() -> None:
    fields = make_entry().model_dump(exclude={"time"})

    entry = type(make_entry()).model_validate(fields)

    assert entry.time.tzinfo is UTC


def test_naive_time_is_taken_as_utc() -> None:
    assert make_entry(time=datetime(2026, 11, 24, 9, 30)).time == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_aware_time_is_converted_to_utc() -> None:
    paris = timezone(timedelta(hours=1))

    entry = make_entry(time=datetime(2026, 11, 24, 10, 30, tzinfo=paris))

    assert (entry.time, entry.time.tzinfo) == (datetime(2026, 11, 24, 9, 30, tzinfo=UTC), UTC)


def test_unknown_outcome_is_rejected() -> None:
    with pytest.raises(ValidationError):
        make_entry(outcome="maybe")


def test_negative_duration_is_rejected() -> None:
    with pytest.raises(ValidationError):
        make_entry(duration_ms=-1.0)


def test_error_kind_accepts_the_connector_error_kinds() -> None:
    assert make_entry(error_kind=ErrorKind.TIMEOUT).error_kind == "timeout"


def test_canonical_json_ignores_argument_order() -> None:
    first = make_entry(arguments={"a": 1, "b": {"x": 1, "y": 2}})
    second = make_entry(arguments={"b": {"y": 2, "x": 1}, "a": 1})

    assert first.canonical_json() == second.canonical_json()


def test_canonical_json_changes_with_any_field() -> None:
    assert make_entry(odoo_uid=7).canonical_json() != make_entry(odoo_uid=2).canonical_json()


def test_query_asks_for_the_last_twenty_of_everything_by_default() -> None:
    assert AuditQuery() == AuditQuery(last=20, tool=None, errors_only=False)


def test_query_needs_at_least_one_entry() -> None:
    with pytest.raises(ValidationError):
        AuditQuery(last=0)
