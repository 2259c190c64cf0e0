"""The package's import graph follows the layer order of ARCHITECTURE.md: every import points down, never
up or sideways, so there is no cycle between packages and the base layers never learn about MCP.

Every import counts, including those inside functions and under ``TYPE_CHECKING``. A new top-level
module or package must be given its place here before it can be imported by anything.
"""

from __future__ import annotations

import grimp
import pytest

LAYERS: list[set[str]] = [
    {"__main__"},
    {"cli"},
    {"preview"},
    {"server", "check"},
    {"settings"},
    {"request_errors"},
    {"http"},
    {"identity"},
    {"prompts"},
    {"resources"},
    {"tools", "packs", "live", "jobs"},
    {"calls"},
    {"views", "render"},
    {"icons", "audit"},
    {"policy"},
    {"odoo"},
    {"config", "log_lines"},
    {"method_names", "echo", "redis_failures"},
    {"mcp_odoo"},
]
"""From the top (entry points) down to the root package; units in one layer are independent siblings."""

APART = {"simulator"}
"""Stands apart: imports nothing of the product (it meets the connector on the wire only)."""

LEVEL = {unit: depth for depth, layer in enumerate(LAYERS) for unit in layer}


def unit_of(module: str) -> str:
    """The top-level module or package of `module` ("mcp_odoo" for the root package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "mcp_odoo"


@pytest.fixture(scope="module")
def edges() -> set[tuple[str, str, str, str]]:
    """(importer unit, imported unit, importer module, imported module) for every import between units."""
    graph = grimp.build_graph("mcp_odoo", cache_dir=None)
    found = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            source, target = unit_of(importer), unit_of(imported)
            if source != target:
                found.add((source, target, importer, imported))
    return found


def test_every_unit_has_a_place_in_the_layers(edges: set[tuple[str, str, str, str]]) -> None:
    graph = grimp.build_graph("mcp_odoo", cache_dir=None)
    units = {unit_of(module) for module in graph.modules}
    assert units - set(LEVEL) - APART == set()
    assert sum(len(layer) for layer in LAYERS) == len(LEVEL), "a unit is listed in two layers"


def test_every_import_points_down_the_layers(edges: set[tuple[str, str, str, str]]) -> None:
    upward = sorted(
        f"{importer} -> {imported}"
        for source, target, importer, imported in edges
        if source not in APART and target not in APART and LEVEL[target] <= LEVEL[source]
    )
    assert upward == []


def test_the_simulator_imports_nothing_of_the_product(edges: set[tuple[str, str, str, str]]) -> None:
    assert sorted(f"{i} -> {m}" for s, t, i, m in edges if s in APART and t != "mcp_odoo") == []
