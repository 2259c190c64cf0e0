"""Every recorded Odoo answer of every series (16.0-19.0) is understood: its result, or the right error."""

from __future__ import annotations

from typing import Any

import pytest

from mcp_odoo.odoo import json2, jsonrpc, xmlrpc
from mcp_odoo.odoo.classify import CallSite
from mcp_odoo.odoo.errors import OdooError

from .expectations import OK, expected_outcome
from .replay import Transcript, transcript_id, transcripts

TOPICS = ("auth", "errors", "read", "write_flows", "context", "multi_company")

ANSWERS = [
    transcript
    for transcript in transcripts(*TOPICS)
    if transcript.protocol != "http" and not (transcript.protocol == "json2" and transcript.major < 19)
]


def decode(transcript: Transcript) -> Any:
    site = CallSite(*transcript.model_method)
    if transcript.protocol == "xmlrpc":
        return xmlrpc.decode_answer(transcript.answer(), site)
    if transcript.protocol == "jsonrpc":
        return jsonrpc.decode_answer(transcript.answer(), site)
    database_selected = "X-Odoo-Database" in transcript.request["headers"]
    return json2.decode_answer(transcript.answer(), site, database_selected=database_selected)


@pytest.mark.parametrize("transcript", ANSWERS, ids=transcript_id)
def test_recorded_answer_gives_the_expected_result_or_error(transcript: Transcript) -> None:
    expected = expected_outcome(transcript.series, transcript.case)
    if expected == OK:
        assert decode(transcript) == transcript.result()
        return
    with pytest.raises(OdooError) as raised:
        decode(transcript)
    assert type(raised.value) is expected


@pytest.mark.parametrize(
    "transcript", [t for t in ANSWERS if expected_outcome(t.series, t.case) != OK], ids=transcript_id
)
def test_error_message_is_clean_of_tracebacks(transcript: Transcript) -> None:
    with pytest.raises(OdooError) as raised:
        decode(transcript)
    message = str(raised.value)
    assert message
    assert "Traceback (most recent call last)" not in message
    assert 'File "' not in message
