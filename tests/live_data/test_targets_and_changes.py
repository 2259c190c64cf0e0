"""What can be watched (URIs to targets, saved queries) and what counts as a change (fingerprints,
first sight, write_date's one-second resolution)."""

from __future__ import annotations

import datetime as dt

import pytest

from mcp_odoo.live import SavedQuery
from mcp_odoo.live.observe import ABSENT, UNSETTLED, Observation, changes, query_fingerprint
from mcp_odoo.live.targets import QueryTarget, RecordTarget, parse_target

QUOTATIONS = SavedQuery(
    "my-open-quotations",
    "sale.order",
    [("state", "in", ["draft", "sent"]), ("user_id", "=", "$uid")],
    "My quotations not confirmed yet",
)
QUERIES = {QUOTATIONS.name: QUOTATIONS}
NOW = dt.datetime(2026, 12, 4, 10, 0, 30, tzinfo=dt.UTC)


def test_a_record_uri_names_a_record_target() -> None:
    assert parse_target("odoo://res.partner/14", QUERIES) == RecordTarget(
        "odoo://res.partner/14", "res.partner", 14
    )


def test_a_document_uri_names_its_head_record() -> None:
    target = parse_target("odoo://sale.order/12/document", QUERIES)
    assert target == RecordTarget("odoo://sale.order/12/document", "sale.order", 12)


def test_a_document_of_a_model_without_documents_is_not_a_target() -> None:
    assert parse_target("odoo://res.partner/14/document", QUERIES) is None


@pytest.mark.parametrize(
    "uri",
    [
        "odoo://res.partner/0",
        "odoo://res.partner/abc",
        "odoo://res.partner/1234567890123456789",
        "odoo://Res.Partner/1",
        "odoo://models",
        "odoo://report/sale.report_saleorder/3",
        "https://example.com/res.partner/1",
        "odoo://query/nobody-declared-this",
    ],
)
def test_anything_else_is_not_a_target(uri: str) -> None:
    assert parse_target(uri, QUERIES) is None


def test_a_saved_query_uri_names_the_declared_query() -> None:
    assert parse_target("odoo://query/my-open-quotations", QUERIES) == QueryTarget(QUOTATIONS.uri, QUOTATIONS)


def test_a_saved_query_puts_the_subscriber_and_today_in_its_domain() -> None:
    overdue = SavedQuery(
        "overdue", "account.move", [("invoice_date_due", "<", "$today"), ("user_id", "=", "$uid")]
    )
    assert overdue.domain_for(7, dt.date(2026, 12, 4)) == [
        ["invoice_date_due", "<", "2026-12-04"],
        ["user_id", "=", 7],
    ]


def test_a_saved_query_name_is_a_plain_identifier() -> None:
    with pytest.raises(ValueError, match="saved query name"):
        SavedQuery("My Quotations", "sale.order")


def test_a_first_sight_is_stored_without_an_announcement() -> None:
    announce, store = changes(
        {}, {"odoo://res.partner/9": Observation("2026-12-04 09:00:00", "2026-12-04 09:00:00")}, NOW
    )
    assert (announce, store) == ([], {"odoo://res.partner/9": "2026-12-04 09:00:00"})


def test_a_moved_write_date_is_announced() -> None:
    seen = {"odoo://res.partner/9": "2026-12-04 09:00:00"}
    observed = {"odoo://res.partner/9": Observation("2026-12-04 10:00:00", "2026-12-04 10:00:00")}
    assert changes(seen, observed, NOW) == (
        ["odoo://res.partner/9"],
        {"odoo://res.partner/9": "2026-12-04 10:00:00"},
    )


def test_a_disappearance_and_a_reappearance_are_announced() -> None:
    uri = "odoo://res.partner/9"
    assert changes({uri: "2026-12-04 09:00:00"}, {uri: Observation(ABSENT)}, NOW) == ([uri], {uri: ABSENT})
    reappeared = Observation("2026-12-04 09:00:00", "2026-12-04 09:00:00")
    assert changes({uri: ABSENT}, {uri: reappeared}, NOW)[0] == [uri]


def test_nothing_new_is_neither_announced_nor_stored() -> None:
    seen = {"odoo://res.partner/9": "2026-12-04 09:00:00"}
    observed = {"odoo://res.partner/9": Observation("2026-12-04 09:00:00", "2026-12-04 09:00:00")}
    assert changes(seen, observed, NOW) == ([], {})


def test_a_change_seen_in_its_own_second_is_announced_again_once_settled() -> None:
    """Odoo's write_date has one-second resolution: a second write in that second leaves it as is."""
    uri = "odoo://res.partner/9"
    stamp = "2026-12-04 10:00:30"
    recent = Observation(stamp, stamp)
    assert changes({uri: "2026-12-04 09:00:00"}, {uri: recent}, NOW) == ([uri], {uri: stamp + UNSETTLED})
    assert changes({uri: stamp + UNSETTLED}, {uri: recent}, NOW + dt.timedelta(seconds=1)) == ([], {})
    later = NOW + dt.timedelta(seconds=2)
    assert changes({uri: stamp + UNSETTLED}, {uri: recent}, later) == ([uri], {uri: stamp})
    assert changes({uri: stamp}, {uri: recent}, later) == ([], {})


def test_a_query_fingerprint_changes_with_membership_and_write_dates() -> None:
    base = [{"id": 1, "write_date": "2026-12-04 09:00:00"}, {"id": 2, "write_date": "2026-12-04 09:00:01"}]
    same = query_fingerprint(list(reversed(base)))
    assert query_fingerprint(base) == same
    assert same.newest == "2026-12-04 09:00:01"
    assert query_fingerprint(base[:1]).fingerprint != same.fingerprint
    moved = [base[0], {"id": 2, "write_date": "2026-12-04 09:00:02"}]
    assert query_fingerprint(moved).fingerprint != same.fingerprint
