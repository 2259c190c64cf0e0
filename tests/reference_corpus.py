"""Where the tests find the Odoo reference corpus: the repository's own copy (`tests/odoo_reference/`).

The copy is generated from `../shared/odoo-reference` by `scripts/sync_reference.py`;
`tests/test_reference_copy.py` fails when the two differ.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "odoo_reference"
ALL_SERIES = ("16.0", "17.0", "18.0", "19.0")
