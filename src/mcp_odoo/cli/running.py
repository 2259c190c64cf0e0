"""How every command runs: logs on stderr, and each failure as one clear line and a non-zero exit.

A traceback is shown only with `--debug`; an operator reading a failed command should see the cause,
not the stack.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

import typer

from mcp_odoo.config import ConfigError

T = TypeVar("T")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"mcp-odoo: {message}", err=True)
    raise typer.Exit(code)


def setup_logging(debug: bool, *, json_lines: bool = False) -> None:
    """Log to stderr (as JSON lines with `json_lines`); one line per record unless `debug`."""
    from mcp_odoo.log_lines import one_line_records

    level = logging.DEBUG if debug else logging.INFO
    if json_lines:
        from mcp_odoo.http.request_log import configure_json_logging

        configure_json_logging(level)
    else:
        logging.basicConfig(
            stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    if not debug:
        # One line per Odoo request is noise at INFO; failures are reported by the connector.
        logging.getLogger("httpx2").setLevel(logging.WARNING)
        one_line_records()


def guarded(debug: bool, action: Callable[[], T]) -> T:
    """Run `action`, turning every failure into one line (or a traceback with --debug)."""
    from mcp_odoo.audit import AuditUnavailable
    from mcp_odoo.identity import IdentityError, SecretKeyError, UndecryptableSecret
    from mcp_odoo.odoo.errors import OdooError

    try:
        return action()
    except typer.Exit:
        raise
    except ConfigError as exc:
        fail(f"configuration error: {exc}")
    except (IdentityError, SecretKeyError, UndecryptableSecret) as exc:
        fail(str(exc))
    except AuditUnavailable as exc:
        fail(f"audit log unavailable: {exc}")
    except OdooError as exc:
        if debug:
            raise
        fail(f"{exc.kind}: {exc.message} ({exc.hint})")
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:
        if debug:
            raise
        fail(f"unexpected failure: {type(exc).__name__} (run with --debug for details)", 1)
