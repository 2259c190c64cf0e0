"""Prints how many corpus transcripts were replayed, passed, and differ (known or not), per series."""

from __future__ import annotations

from collections import Counter

import pytest

_REPLAY_TEST = "test_replay_matches_the_recorded_exchange["
_outcomes: Counter[tuple[str, str]] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" or _REPLAY_TEST not in report.nodeid:
        return
    series = report.nodeid.split(_REPLAY_TEST, 1)[1].split("/", 1)[0]
    known = hasattr(report, "wasxfail")
    outcome = "known" if known and report.skipped else report.outcome
    _outcomes[(series, outcome)] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for series in sorted({series for series, _ in _outcomes}):
        passed, failed, known = (_outcomes[(series, outcome)] for outcome in ("passed", "failed", "known"))
        terminalreporter.write_line(
            f"corpus replay {series}: {passed + failed + known} replayed, {passed} passing,"
            f" {known} known differences (KNOWN_DIFFERENCES), {failed} failing"
        )
