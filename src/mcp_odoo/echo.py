"""How much of what a caller sent an answer, an error or a log line may repeat: a recognisable start,
never the whole input (a 3 MB name stays a 60-character quote)."""

from __future__ import annotations

NAME_ECHO_CHARS = 60
"""How much of a rejected name or text an error repeats: enough to recognise it, never the whole input."""


def clip(text: str, limit: int = NAME_ECHO_CHARS) -> str:
    """`text` cut to `limit` characters (and an ellipsis)."""
    return text if len(text) <= limit else text[:limit] + "…"


def echo(text: str, limit: int = NAME_ECHO_CHARS) -> str:
    """`text` clipped and quoted, for a message."""
    return repr(clip(text, limit))
