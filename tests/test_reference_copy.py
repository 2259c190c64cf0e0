"""The repository's copies of the reference corpus match `../shared/odoo-reference` where it is present,
and nothing in the code or tests points at a path of one particular machine."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared" / "odoo-reference"
MACHINE_PATH = re.compile(r"""["'](/(?:work|root|home|tmp|opt|Users)/|[A-Z]:\\\\)""")


def _sync_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "sync_reference", REPOSITORY / "scripts" / "sync_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/odoo-reference beside this checkout")
def test_the_copies_match_the_shared_corpus() -> None:
    problems = _sync_script().differences(SHARED)
    assert problems == [], "run scripts/sync_reference.py: " + "; ".join(problems[:10])


def test_the_seed_holds_every_file_the_simulator_reads() -> None:
    from mcp_odoo.simulator.orm.seed import SUPPORTED_SERIES, load_seed

    for series in SUPPORTED_SERIES:
        seed = load_seed(series)
        assert seed.json("dataset/_meta.json")["series"] == series
        assert len(seed.folder("dataset")) > 30
        assert len(seed.folder("fields_get", ".xmlrpc.json")) > 10


@pytest.mark.parametrize("folder", ["src", "tests", "bench", "examples", "scripts"])
def test_no_absolute_machine_path_in_the_code(folder: str) -> None:
    found = [
        f"{path.relative_to(REPOSITORY)}:{number}"
        for path in sorted((REPOSITORY / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINE_PATH.search(line) and path.name != "test_reference_copy.py"
    ]
    assert found == []
