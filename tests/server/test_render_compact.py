"""Compact output: informative values only, readable relations, ISO dates, a hard size budget."""

from __future__ import annotations

from metadata_fixtures import METADATA

from mcp_odoo.render import compact_record, fit_budget, record_line, truncation_notice

ORDER = METADATA["sale.order"]


def test_many2one_becomes_id_and_name() -> None:
    record = compact_record({"id": 7, "partner_id": [14, "Azure Interior"]}, ORDER)
    assert record == {"id": 7, "partner_id": {"id": 14, "name": "Azure Interior"}}


def test_many2one_reads_name_then_id_in_text() -> None:
    record = compact_record({"id": 7, "partner_id": [14, "Azure Interior"]}, ORDER)
    assert "partner_id: Azure Interior (#14)" in record_line(record)


def test_empty_values_are_left_out() -> None:
    record = compact_record(
        {"id": 7, "validity_date": False, "partner_id": False, "tag_ids": [], "name": ""}, ORDER
    )
    assert record == {"id": 7}


def test_a_false_boolean_is_kept() -> None:
    assert compact_record({"id": 7, "require_signature": False}, ORDER)["require_signature"] is False


def test_datetimes_become_iso_8601_utc() -> None:
    record = compact_record({"id": 7, "date_order": "2026-11-24 09:20:43"}, ORDER)
    assert record["date_order"] == "2026-11-24T09:20:43Z"


def test_dates_stay_iso() -> None:
    assert compact_record({"id": 7, "validity_date": "2026-12-24"}, ORDER)["validity_date"] == "2026-12-24"


def test_html_becomes_plain_text() -> None:
    record = compact_record({"id": 7, "note": "<p>Pay within <b>30</b>&nbsp;days</p>"}, ORDER)
    assert record["note"] == "Pay within 30 days"


def test_sensitive_fields_are_stripped_even_when_odoo_returns_them() -> None:
    assert "access_token" not in compact_record({"id": 7, "access_token": "abc"}, ORDER)


def test_only_the_fields_odoo_returned_are_shown() -> None:
    assert set(compact_record({"id": 7, "name": "S00007"}, ORDER)) == {"id", "name"}


def test_the_display_name_titles_the_text_line() -> None:
    line = record_line({"id": 7, "display_name": "S00007", "state": "sale"})
    assert line == "#7 S00007 | state: sale"


def test_records_within_budget_are_all_kept() -> None:
    records = [{"id": index, "name": "x" * 10} for index in range(5)]
    fitted = fit_budget(records, 10_000)
    assert fitted.records == records
    assert fitted.dropped == 0


def test_records_over_budget_are_dropped_from_the_end() -> None:
    records = [{"id": index, "name": "x" * 100} for index in range(50)]
    fitted = fit_budget(records, 1_000)
    assert 0 < len(fitted.records) < 50
    assert fitted.records == records[: len(fitted.records)]
    assert fitted.dropped == 50 - len(fitted.records)


def test_a_single_huge_record_has_its_long_values_clipped() -> None:
    fitted = fit_budget([{"id": 1, "description": "y" * 50_000}], 10_000)
    assert fitted.clipped
    assert fitted.records[0]["description"].endswith("[48000 more characters]")


def test_clipped_values_come_with_a_notice() -> None:
    notice = fit_budget([{"id": 1, "description": "y" * 50_000}], 10_000).notice()
    assert notice is not None
    assert "shortened" in notice


def test_an_answer_within_budget_has_no_notice() -> None:
    assert fit_budget([{"id": 1}], 10_000).notice() is None


def test_the_truncation_notice_says_how_to_narrow_and_where_to_continue() -> None:
    notice = truncation_notice(shown=12, fetched=20, total=130, next_offset=12)
    assert "showing 12 of 20 records fetched of 130 matching" in notice
    assert "fewer fields" in notice
    assert "offset=12" in notice
