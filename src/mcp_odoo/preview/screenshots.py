"""Screenshots of every view, light and dark: ``python -m mcp_odoo.preview.screenshots docs/views/``.

Each view is shown by the preview host in headless Chromium with the answer of its tool, called for
real on the in-process simulator seeded with the demo data. Needs Debian's ``chromium`` package.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcp_odoo.preview.browser import Browser
from mcp_odoo.preview.render import Theme, demo_client, open_view
from mcp_odoo.views import DOCUMENT, PIPELINE, STOCK, View


@dataclass(frozen=True)
class Shot:
    view: View
    tool: str
    arguments: dict[str, Any]


SHOTS = (
    Shot(PIPELINE, "get_crm_pipeline", {"leads_per_stage": 3}),
    Shot(DOCUMENT, "get_invoice", {"invoice": "INV/2026/00003"}),
    Shot(STOCK, "get_stock_levels", {"product": "[FURN_5555]"}),
)
THEMES: tuple[Theme, ...] = ("light", "dark")


async def take(folder: Path) -> list[Path]:
    """Write ``<view>-<theme>.png`` for every view into `folder` (which must exist); the paths written."""
    written: list[Path] = []
    async with demo_client() as client, Browser() as browser:
        for shot in SHOTS:
            result = await client.call_tool(shot.tool, shot.arguments)
            for theme in THEMES:
                shown = await open_view(
                    browser, shot.view, shot.tool, shot.arguments, result, client.call_tool, theme=theme
                )
                path = folder / f"{shot.view.name}-{theme}.png"
                await shown.screenshot(path)
                await shown.close()
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mcp_odoo.preview.screenshots", description=__doc__)
    parser.add_argument("folder", type=Path, help="where to write the PNG files, e.g. docs/views/")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    options.folder.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(take(options.folder)):
        print(path)


if __name__ == "__main__":
    main()
