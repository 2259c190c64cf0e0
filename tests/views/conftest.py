"""Headless Chromium for the view tests: missing, the tests skip (and fail in CI, which installs it)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from mcp_odoo.preview.browser import Browser, BrowserUnavailable, chromium_binary


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    try:
        binary = chromium_binary()
    except BrowserUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc}; CI must run the view tests", pytrace=False)
        pytest.skip(str(exc))
    async with Browser(binary) as running:
        yield running
