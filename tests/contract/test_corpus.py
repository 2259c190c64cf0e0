"""What the replay takes from the corpus: every transcript, and only non-transcripts skipped."""

from __future__ import annotations

import pytest

from .corpus import SERIES, SKIPPED, SKIPPED_FOLDERS, cases, skipped_files


@pytest.mark.parametrize("series", SERIES)
def test_every_replayed_file_is_a_recorded_exchange(series: str) -> None:
    for case in cases(series):
        assert {"request", "response", "http_status", "protocol"} <= set(case.data), case.id


@pytest.mark.parametrize("series", SERIES)
def test_skipped_files_are_the_listed_non_transcripts(series: str) -> None:
    for relative in skipped_files(series):
        assert relative in SKIPPED or relative.split("/", 1)[0] in SKIPPED_FOLDERS


def test_every_listed_skip_names_a_corpus_file() -> None:
    present = {relative for series in SERIES for relative in skipped_files(series)}
    assert set(SKIPPED) <= present
