"""Connector tests never read the developer's ODOO_* environment (the live tests do, in tests/live)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _no_odoo_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ODOO_"):
            monkeypatch.delenv(name)
