"""The one way the audit log fails."""

from __future__ import annotations


class AuditUnavailable(Exception):
    """The audit sink could not be opened, written or read.

    Raised instead of dropping an entry: the caller decides whether to log loudly or to refuse
    the call it was about to audit. The message names the sink and never contains a password.
    """
