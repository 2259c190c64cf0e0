"""render_table: audit entries as a fixed-width table for `mcp-odoo audit`."""

from __future__ import annotations

from audit_helpers import make_entry

from mcp_odoo.audit import render_table

HEADER = (
    "time (UTC)",
    "subject",
    "odoo user",
    "client",
    "tool",
    "model.method",
    "outcome",
    "kind",
    "ms",
    "ids",
)


def test_no_entries_gives_a_one_line_notice() -> None:
    assert render_table([]) == "(no audit entries)"


def test_first_line_names_the_columns() -> None:
    header = render_table([make_entry()]).splitlines()[0]

    assert header.split() == ["time", "(UTC)", "subject", "odoo", "user", *HEADER[3:]]


def test_one_line_per_entry_in_the_order_given() -> None:
    lines = render_table([make_entry(2, tool="second"), make_entry(1, tool="first")]).splitlines()

    assert [line.split()[5] for line in lines[1:]] == ["second", "first"]


def test_row_shows_every_column_of_the_entry() -> None:
    entry = make_entry(
        0, outcome="error", error_kind="permission_denied", duration_ms=1234.4, record_ids=[9, 45]
    )

    row = render_table([entry]).splitlines()[1]

    assert row.split() == [
        "2026-11-24", "09:00:00", "alice@example.com", "mcp_bot", "claude-desktop", "search_records",
        "res.partner.search_read", "error", "permission_denied", "1234", "9,45",
    ]  # fmt: skip


def test_columns_start_at_the_same_offset_on_every_line() -> None:
    lines = render_table(
        [make_entry(0, client_id="a"), make_entry(1, client_id="a-much-longer-id")]
    ).splitlines()

    assert {line.index("mcp_bot") for line in lines[1:]} == {lines[0].index("odoo user")}


def test_missing_values_show_as_a_dash() -> None:
    entry = make_entry(subject=None, client_id=None, odoo_login=None, model=None, method=None, record_ids=[])

    row = render_table([entry]).splitlines()[1]

    assert row.split()[2:6] == ["-", "-", "-", "search_records"]
    assert row.split()[6] == "-"
    assert row.endswith("-")


def test_long_cells_are_cut_with_an_ellipsis() -> None:
    row = render_table([make_entry(tool="t" * 60)]).splitlines()[1]

    assert "t" * 23 + "…" in row
    assert "t" * 24 not in row


def test_many_ids_show_the_first_five_and_a_count() -> None:
    row = render_table([make_entry(record_ids=list(range(1, 13)))]).splitlines()[1]

    assert row.endswith("1,2,3,4,5,+7")


def test_control_characters_cannot_reach_the_terminal() -> None:
    table = render_table([make_entry(client_id="evil\x1b[2J\nclient")])

    assert "\x1b" not in table
    assert len(table.splitlines()) == 2


def test_lines_have_no_trailing_spaces() -> None:
    table = render_table([make_entry(record_ids=[]), make_entry(1, record_ids=[1, 2, 3])])

    assert all(line == line.rstrip() for line in table.splitlines())
