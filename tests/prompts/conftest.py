from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from resources.harness import SERIES, OdooSession, odoo_session

OpenSession = Callable[..., AbstractAsyncContextManager[OdooSession]]


@pytest.fixture(params=SERIES)
def series(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def open_session(series: str, tmp_path: Path) -> OpenSession:
    """``async with open_session() as s:`` a session on the test's series (a factory, as in resources/)."""

    def opened(**options: Any) -> AbstractAsyncContextManager[OdooSession]:
        return odoo_session(series, tmp_path=tmp_path, **options)

    return opened
