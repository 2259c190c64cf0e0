"""Without --debug the server logs one line per record, exceptions included; with --debug, tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SNIPPET = """
import logging
from mcp_odoo.cli.running import setup_logging
setup_logging({debug}{json_option})
try:
    raise RuntimeError("URL too long\\n" + "x" * 5000)
except RuntimeError:
    logging.getLogger("mcp_odoo.tools").exception("describe_model failed unexpectedly")
try:
    raise ValueError("Missing required arguments: {{'order'}}")
except ValueError:
    logging.getLogger("mcp.server.runner").exception("modern request handler raised")
"""


def logged(*, debug: bool, json_lines: bool = False) -> str:
    code = SNIPPET.format(debug=debug, json_option=", json_lines=True" if json_lines else "")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr


@pytest.mark.parametrize("json_lines", [False, True], ids=["text", "json"])
def test_without_debug_an_exception_is_one_line_naming_it(json_lines: bool) -> None:
    lines = logged(debug=False, json_lines=json_lines).splitlines()
    assert len(lines) == 2
    assert "Traceback" not in "\n".join(lines)
    messages = [json.loads(line)["message"] for line in lines] if json_lines else lines
    assert messages[0].endswith("describe_model failed unexpectedly (RuntimeError: URL too long)")
    assert messages[1].endswith(
        "modern request handler raised (ValueError: Missing required arguments: {'order'})"
    )


def test_with_debug_the_traceback_is_logged() -> None:
    assert "Traceback (most recent call last)" in logged(debug=True)
