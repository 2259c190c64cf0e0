"""Regenerate the repository's copies of the Odoo reference corpus (`../shared/odoo-reference`).

The corpus stays the single source of truth; the repository keeps two generated copies so that nothing at
run time or in the tests reads outside the repository or the installed package:

- `src/mcp_odoo/simulator/seed/<series>.json.gz`: what the simulator is seeded from (the demo dataset, the
  recorded `fields_get` answers and the few other transcripts it reads), trimmed to the parts it uses;
- `tests/odoo_reference/`: every transcript, for the contract replay and the connector tests, with server
  tracebacks cut down to their header and the exception (the stack frames are never compared).

    python scripts/sync_reference.py            # rewrite both copies from ../shared/odoo-reference
    python scripts/sync_reference.py --check    # exit 1 and name the files that differ
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPOSITORY.parent / "shared" / "odoo-reference"
SEED_DIR = Path("src/mcp_odoo/simulator/seed")
TESTS_COPY = Path("tests/odoo_reference")
SEEDED_SERIES = ("18.0", "19.0")

#: Transcripts the simulator reads besides `dataset/` and `fields_get/*.xmlrpc.json`.
SEEDED_TRANSCRIPTS = (
    "context/installed_languages.xmlrpc.json",
    "reports/02_report_action.jsonrpc.json",
    "reports/05_moves_with_main_attachment.xmlrpc.json",
    "reports/08_demo_bill_attachment_read.xmlrpc.json",
)
TRACEBACK = "Traceback (most recent call last):"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _without_stacks(value: Any) -> Any:
    """The value with the stack frames of every server traceback left out."""
    if isinstance(value, dict):
        return {key: _without_stacks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_stacks(item) for item in value]
    if isinstance(value, str) and value.startswith(TRACEBACK):
        return _exception_part(value)
    return value


def _exception_part(traceback: str) -> str:
    """The traceback's header and what follows its last stack frame (the exception and its message)."""
    lines = traceback.split("\n")
    frames = [index for index, line in enumerate(lines) if line.startswith("  File ")]
    start = frames[-1] + 1 if frames else 1
    while start < len(lines) and lines[start].startswith("    "):
        start += 1
    return "\n".join([TRACEBACK, *lines[start:]])


def _trimmed_transcript(transcript: dict[str, Any]) -> dict[str, Any]:
    """What the simulator reads of a transcript: the request's arguments and the response."""
    request = {key: transcript["request"][key] for key in ("params", "body") if key in transcript["request"]}
    return {"request": request, "response": transcript["response"]}


def seed_files(series_dir: Path) -> dict[str, Any]:
    """relative path -> content of every corpus file the simulator of one series is seeded from."""
    files: dict[str, Any] = {}
    for path in sorted((series_dir / "dataset").glob("*.json")):
        files[f"dataset/{path.name}"] = _read(path)
    for path in sorted((series_dir / "fields_get").glob("*.xmlrpc.json")):
        files[f"fields_get/{path.name}"] = _trimmed_transcript(_read(path))
    for relative in SEEDED_TRANSCRIPTS:
        files[relative] = _trimmed_transcript(_read(series_dir / relative))
    return files


def _seed_bytes(series_dir: Path) -> bytes:
    text = json.dumps(seed_files(series_dir), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _copy_bytes(path: Path) -> bytes:
    if path.suffix != ".json":
        return path.read_bytes()
    text = json.dumps(_without_stacks(_read(path)), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def _corpus_files(reference: Path) -> Iterator[Path]:
    for path in sorted(reference.rglob("*")):
        if path.is_file():
            yield path


def expected_files(reference: Path) -> dict[Path, bytes]:
    """Repository-relative path -> content of every generated file."""
    expected = {SEED_DIR / f"{series}.json.gz": _seed_bytes(reference / series) for series in SEEDED_SERIES}
    for path in _corpus_files(reference):
        expected[TESTS_COPY / path.relative_to(reference)] = _copy_bytes(path)
    return expected


def _comparable(relative: Path, content: bytes) -> bytes:
    """gzip output may differ between zlib builds: compressed files compare by what they hold."""
    return gzip.decompress(content) if relative.suffix == ".gz" else content


def differences(reference: Path, repository: Path = REPOSITORY) -> list[str]:
    """Generated files that are missing, stale or left over in `repository`."""
    expected = expected_files(reference)
    problems = []
    for relative, content in expected.items():
        target = repository / relative
        if not target.is_file():
            problems.append(f"missing: {relative}")
        elif _comparable(relative, target.read_bytes()) != _comparable(relative, content):
            problems.append(f"differs: {relative}")
    copied = repository / TESTS_COPY
    if copied.is_dir():
        for path in _corpus_files(copied):
            if path.relative_to(repository) not in expected:
                problems.append(f"not in the corpus: {path.relative_to(repository)}")
    return problems


def write(reference: Path, repository: Path = REPOSITORY) -> int:
    expected = expected_files(reference)
    shutil.rmtree(repository / TESTS_COPY, ignore_errors=True)
    for relative, content in expected.items():
        target = repository / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="the corpus folder")
    parser.add_argument("--check", action="store_true", help="only report differences")
    options = parser.parse_args(argv)
    if not (options.reference / "README.md").is_file():
        print(f"no reference corpus at {options.reference}", file=sys.stderr)
        return 2
    if options.check:
        problems = differences(options.reference)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    count = write(options.reference)
    print(f"wrote {count} files from {options.reference}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
