"""The agent tasks of bench/agent_tasks.py as tests: each scenario, through a real MCP client against the
simulator as mcp_bot, must be correct (checked against the simulator's own data as the administrator)
within the calls an agent's shortest path takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TASKS_SCRIPT = Path(__file__).parents[2] / "bench" / "agent_tasks.py"
CALLS = {
    "overdue": 1,
    "top_products": 1,
    "lead_note_call": 3,
    "quotation": 3,
    "invoice_paid": 5,
    "stock": 1,
    "pipeline": 1,
    "misspelled": 1,
    "forbidden": 1,
}
"""The calls of each task's shortest path (an irreversible step: its preview, then the confirmed call)."""


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    simulated = {name: value for name, value in os.environ.items() if not name.startswith("ODOO_")}
    finished = subprocess.run(
        [sys.executable, str(TASKS_SCRIPT), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env=simulated,
    )
    return {outcome["key"]: outcome for outcome in json.loads(finished.stdout)}


def test_every_task_of_the_bench_is_run(outcomes: dict[str, dict[str, Any]]) -> None:
    assert set(outcomes) == set(CALLS)


@pytest.mark.parametrize("task", sorted(CALLS))
def test_the_task_is_done_right_in_the_fewest_calls(outcomes: dict[str, dict[str, Any]], task: str) -> None:
    outcome = outcomes[task]
    assert outcome["correct"], outcome
    assert outcome["calls"] == CALLS[task], outcome
    assert outcome["bytes_received"] < 5_000, outcome
