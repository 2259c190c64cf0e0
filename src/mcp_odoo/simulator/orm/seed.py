"""The simulator's seed: the parts of the Odoo reference corpus it is built from, shipped in the package.

`seed/<series>.json.gz` maps paths relative to a series folder of the corpus (`dataset/res.partner.json`,
`fields_get/res_partner.xmlrpc.json`, ...) to their JSON content: the stock demo data and Odoo's recorded
answers, so the simulated database answers like a demo database of that series. It is generated from the
corpus by `scripts/sync_reference.py`; see `seed/NOTICE.md` for origin and licence.
"""

from __future__ import annotations

import gzip
import json
import zlib
from functools import lru_cache
from importlib import resources
from typing import Any

SUPPORTED_SERIES = ("18.0", "19.0")


class SeedUnavailable(Exception):
    """The seed data of a series cannot be read (a damaged or incomplete installation)."""


class Seed:
    """One series' seed files by relative path (parsed JSON; callers must not mutate it)."""

    def __init__(self, series: str, files: dict[str, Any]) -> None:
        self.series = series
        self._files = files

    def json(self, relative: str) -> Any:
        try:
            return self._files[relative]
        except KeyError:
            raise SeedUnavailable(
                f"the simulator's Odoo {self.series} seed has no {relative}: reinstall mcp-odoo"
            ) from None

    def folder(self, name: str, suffix: str = ".json") -> list[tuple[str, Any]]:
        """(file name, content) of the files directly in `name`, sorted by file name."""
        found = []
        for relative, content in self._files.items():
            folder, _, file_name = relative.rpartition("/")
            if folder == name and file_name.endswith(suffix):
                found.append((file_name, content))
        return sorted(found, key=lambda item: item[0])


@lru_cache(maxsize=len(SUPPORTED_SERIES))
def load_seed(series: str) -> Seed:
    """The packaged seed of `series`, read once per process."""
    resource = resources.files("mcp_odoo.simulator").joinpath("seed", f"{series}.json.gz")
    try:
        files = json.loads(gzip.decompress(resource.read_bytes()))
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise SeedUnavailable(
            f"cannot read the simulator's Odoo {series} seed (mcp_odoo/simulator/seed/{series}.json.gz: "
            f"{type(exc).__name__}): reinstall mcp-odoo"
        ) from None
    if not isinstance(files, dict):
        raise SeedUnavailable(f"the simulator's Odoo {series} seed is damaged: reinstall mcp-odoo")
    return Seed(series, files)
