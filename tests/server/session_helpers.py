"""What the server tests share besides fixtures: the series and protocol eras they run on (the session
itself is `sessions.Session`)."""

from __future__ import annotations

SERIES = ("18.0", "19.0")
MODES = ("legacy", "auto")
