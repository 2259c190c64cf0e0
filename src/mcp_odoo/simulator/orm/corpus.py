"""Where the reference corpus lives and how its JSON files are read.

The simulator is seeded from `odoo-reference/<series>/` (datasets, fields_get transcripts): real data
recorded from Odoo, so the simulated database answers like a demo database of that series.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SUPPORTED_SERIES = ("18.0", "19.0")
_FALLBACK_DIR = Path("/work/shared/odoo-reference")


def default_reference_dir() -> Path:
    """The corpus next to the checkout (`<repo>/../shared/odoo-reference`), else the shared default."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "odoo-reference"
        if candidate.is_dir():
            return candidate
    return _FALLBACK_DIR


@lru_cache(maxsize=512)
def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_json(path: Path) -> Any:
    """Parse a corpus file once per process (callers must not mutate the result)."""
    return _load(path)
