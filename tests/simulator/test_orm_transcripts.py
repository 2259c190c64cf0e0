"""Every 18.0/19.0 XML-RPC object transcript: same outcome kind, and for errors Odoo's name and message."""

from __future__ import annotations

import functools

import pytest
from test_orm_corpus_support import (
    Case,
    Outcome,
    expected_kind,
    fresh_registry,
    load_cases,
    prepare,
    run_case,
)

CASES = load_cases()
ERROR_CASES = [case for case in CASES if case.error is not None]
#: Messages that name a record created by earlier, unrecorded activity on the recording server.
UNREPRODUCIBLE_MESSAGES = {
    "18.0/errors/user_error_post_posted_invoice": "the recorded invoice is INV/2026/00013 (13th of the year)",
    "19.0/errors/user_error_post_posted_invoice": "the recorded invoice is INV/2026/00019 (19th of the year)",
}


@functools.cache
def _sequence_outcomes(series: str, sequence: str) -> dict[str, Outcome]:
    """Run the numbered steps of a sequence in order on one fresh registry."""
    registry = fresh_registry(series)
    outcomes = {}
    for step in CASES:
        if step.series == series and step.sequence == sequence:
            prepare(registry, step)
            outcomes[step.stem] = run_case(registry, step)
    return outcomes


def _run(case: Case) -> Outcome:
    if case.sequence is not None:
        return _sequence_outcomes(case.series, case.sequence)[case.stem]
    registry = fresh_registry(case.series)
    prepare(registry, case)
    return run_case(registry, case)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_transcript_outcome_kind_matches(case: Case) -> None:
    assert _run(case).kind == expected_kind(case.response)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(reason=UNREPRODUCIBLE_MESSAGES[case.name], strict=True))
        if case.name in UNREPRODUCIBLE_MESSAGES
        else case
        for case in ERROR_CASES
    ],
    ids=[case.name for case in ERROR_CASES],
)
def test_transcript_error_name_and_message_match(case: Case) -> None:
    assert case.error is not None
    outcome = _run(case)
    assert (outcome.name, outcome.message) == (case.error["name"], case.error["message"])
