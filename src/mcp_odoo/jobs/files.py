"""Export files: written a page at a time (CSV, or XLSX through XlsxWriter's constant-memory mode), kept on
disk for their owner only, for a bounded time and a bounded number of bytes per Odoo identity.

A file is offered (`ExportStore.keep`) only once every row is in it; a stopped export's partial file is
removed at once (`ExportFile.discard`)."""

from __future__ import annotations

import csv
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, Protocol

from mcp_odoo.jobs.running import Owner
from mcp_odoo.jobs.settings import JobSettings

Format = Literal["csv", "xlsx"]
Cell = str | int | float
MIME_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text cell starting so is read as a formula by spreadsheets: it is written after a quote (OWASP)."""


class Sheet(Protocol):
    def row(self, cells: Sequence[Cell]) -> None: ...

    def size(self) -> int:
        """Bytes written so far (for XLSX: of cell text, before compression)."""

    def close(self) -> None: ...


class CsvSheet:
    def __init__(self, path: Path) -> None:
        self._file: IO[str] = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)

    def row(self, cells: Sequence[Cell]) -> None:
        self._writer.writerow(
            [
                f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in cells
            ]
        )

    def size(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        self._file.close()


class XlsxSheet:
    """One worksheet streamed row by row: XlsxWriter's constant-memory mode keeps one row in memory; text is
    always written as text (never read as a formula, a number or a link)."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter  # only when an XLSX is asked for: a server starts without it

        self._book = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self._sheet = self._book.add_worksheet("export")
        self._rows = 0
        self._bytes = 0

    def row(self, cells: Sequence[Cell]) -> None:
        for column, cell in enumerate(cells):
            if isinstance(cell, str):
                self._sheet.write_string(self._rows, column, cell)
            else:
                self._sheet.write_number(self._rows, column, cell)
            self._bytes += len(str(cell))
        self._rows += 1

    def size(self) -> int:
        return self._bytes

    def close(self) -> None:
        self._book.close()


@dataclass
class Export:
    """A complete export file, readable by its owner at ``odoo://exports/{id}.{format}``."""

    id: str
    owner: Owner
    format: Format
    path: Path
    rows: int
    size: int
    kept_at: float

    @property
    def uri(self) -> str:
        return f"odoo://exports/{self.id}.{self.format}"


@dataclass
class ExportFile:
    """An export being written; `store.keep(file)` offers it once complete, `discard()` removes it."""

    id: str
    owner: Owner
    format: Format
    path: Path
    sheet: Sheet
    rows: int = 0

    def discard(self) -> None:
        self.sheet.close()
        self.path.unlink(missing_ok=True)


@dataclass
class ExportStore:
    """The kept exports of one server, in a private temporary directory removed when the server stops."""

    settings: JobSettings
    clock: Callable[[], float] = time.time
    _root: Path | None = field(default=None, init=False, repr=False)
    _kept: dict[str, Export] = field(default_factory=dict, init=False, repr=False)

    def open(self, owner: Owner, format: Format) -> ExportFile:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="mcp-odoo-exports-"))
        export_id = secrets.token_urlsafe(18)
        path = self._root / f"{export_id}.{format}"
        sheet: Sheet = CsvSheet(path) if format == "csv" else XlsxSheet(path)
        return ExportFile(export_id, owner, format, path, sheet)

    def room(self, owner: Owner) -> int:
        """Bytes `owner` may still keep."""
        self._forget_expired()
        kept = sum(export.size for export in self._kept.values() if export.owner == owner)
        return self.settings.export_max_bytes - kept

    def keep(self, file: ExportFile) -> Export:
        file.sheet.close()
        export = Export(
            file.id, file.owner, file.format, file.path, file.rows, file.path.stat().st_size, self.clock()
        )
        self._kept[export.id] = export
        return export

    def read(self, export_id: str, format: str, owner: Owner) -> Export | None:
        """The export if `owner` made it and it is still kept (else, to anyone, it does not exist)."""
        self._forget_expired()
        export = self._kept.get(export_id)
        if export is None or export.owner != owner or export.format != format:
            return None
        return export

    def _forget_expired(self) -> None:
        horizon = self.clock() - self.settings.export_retention_seconds
        for export in [export for export in self._kept.values() if export.kept_at < horizon]:
            export.path.unlink(missing_ok=True)
            del self._kept[export.id]

    def close(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
        self._root = None
        self._kept.clear()
