"""Without ``--debug`` every log record is one line: a record carrying an exception (``logger.exception``,
the SDK's and uvicorn's included) keeps its message and names the exception at its end; the traceback
is left out. With ``--debug`` tracebacks are logged as usual."""

from __future__ import annotations

import logging

from mcp_odoo.echo import clip

EXCEPTION_ECHO_CHARS = 200
"""How much of an exception's message a one-line record repeats."""


class OneLineExceptions(logging.Filter):
    """A handler filter: the exception of a record is summarised on its line, its traceback dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            summary = type(error).__name__ + (
                f": {clip(first_line, EXCEPTION_ECHO_CHARS)}" if first_line else ""
            )
            record.msg, record.args = f"{record.getMessage()} ({summary})", None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def one_line_records() -> None:
    """Install `OneLineExceptions` on every handler of the root logger (every record reaches one)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(existing, OneLineExceptions) for existing in handler.filters):
            handler.addFilter(OneLineExceptions())
