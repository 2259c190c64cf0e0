"""The reference corpus (the repository's copy, ``tests/odoo_reference/``) as replayable cases.

A case is one transcript file: one real HTTP exchange recorded against Odoo. Files that are not
transcripts (indexes, the error matrix, summaries, the demo datasets) are listed in `SKIPPED`
with the reason. Cases of the dependent topics (numbered steps) run in recording order on one
simulator; the others are independent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from reference_corpus import REFERENCE

CORPUS_DIR = REFERENCE
SERIES = ("18.0", "19.0")
DEPENDENT_TOPICS = ("write_flows", "multi_company", "web_session", "reports")

#: Files under a series folder that are not replayed, and why.
SKIPPED: dict[str, str] = {
    "index.json": "index of the transcripts, not an exchange",
    "error_matrix.json": "summary table of the error cases, not an exchange",
    "reports/08b_demo_bill_attachment_datas.summary.json": (
        "summary of a stored PDF: the corpus omits the base64 payload, so there is no response to compare"
    ),
}
SKIPPED_FOLDERS: dict[str, str] = {"dataset": "demo data used to seed the simulator, not exchanges"}

_PROTOCOL_RANK = {"xmlrpc": 0, "jsonrpc": 1, "json2": 2, "http": 3}
_STEP = re.compile(r"^(\d+[a-z]?)_")


@dataclass(frozen=True)
class Case:
    series: str
    relative: str  # e.g. "auth/version.xmlrpc.json"

    @property
    def path(self) -> Path:
        return CORPUS_DIR / self.series / self.relative

    @property
    def id(self) -> str:
        return f"{self.series}/{self.relative.removesuffix('.json')}"

    @property
    def name(self) -> str:
        """The case without its protocol: ``errors/missing_error_write``."""
        return self.relative.split(".", 1)[0]

    @property
    def topic(self) -> str:
        return self.relative.split("/", 1)[0]

    @property
    def step(self) -> str:
        match = _STEP.match(self.relative.split("/", 1)[1])
        return match.group(1) if match else ""

    @cached_property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return loaded

    @property
    def protocol(self) -> str:
        return str(self.data["protocol"])


def _is_skipped(relative: str) -> bool:
    return relative in SKIPPED or relative.split("/", 1)[0] in SKIPPED_FOLDERS


def cases(series: str) -> list[Case]:
    folder = CORPUS_DIR / series
    if not folder.is_dir():
        raise FileNotFoundError(
            f"the reference corpus copy is missing: {folder} (run scripts/sync_reference.py)"
        )
    relatives = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.json"))
    return [Case(series, relative) for relative in relatives if not _is_skipped(relative)]


def skipped_files(series: str) -> list[str]:
    folder = CORPUS_DIR / series
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*.json") if _is_skipped(str(p.relative_to(folder)))
    )


def recording_order(group: list[Case]) -> list[Case]:
    """The order the recorder ran a dependent topic in.

    Steps recorded over one protocol only (set-up before, clean-up after) frame the steps
    recorded over several protocols, which ran protocol by protocol (XML-RPC, JSON-RPC, JSON-2):
    the ids they created grow in that order in the transcripts.
    """
    protocols_per_step: dict[str, set[str]] = {}
    for case in group:
        protocols_per_step.setdefault(case.step, set()).add(case.protocol)
    shared = sorted(step for step, protocols in protocols_per_step.items() if len(protocols) > 1)
    first, last = (shared[0], shared[-1]) if shared else ("", "")

    def key(case: Case) -> tuple[int, Any, Any]:
        rank = _PROTOCOL_RANK[case.protocol]
        if shared and case.step < first:
            return (0, case.step, rank)
        if shared and case.step > last:
            return (2, case.step, rank)
        return (1, rank, case.step)

    return sorted(group, key=key)
