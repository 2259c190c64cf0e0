"""What an Odoo method's name alone says about it: pure predicates, no I/O, no settings.

Shared by the settings (an allowlist naming a private or impersonating method is refused when the
configuration loads) and the policy (checked again on every call, and the write classification).
"""

from __future__ import annotations

import re

_IMPERSONATION = re.compile(r"^(sudo|with_|env$)")

CORE_WRITE_METHODS: frozenset[str] = frozenset(
    {"create", "write", "unlink", "copy", "update", "load", "name_create", "web_save"}
)
"""Odoo ORM methods that change data (``update`` writes, ``load`` imports, ``web_save`` saves a form)."""

WRITE_PREFIXES: tuple[str, ...] = ("action_", "button_", "message_", "activity_", "toggle_")
"""Method families that change data: buttons and workflow actions (``action_cancel``, ``action_archive``,
``button_validate``), chatter (``message_post``, ``message_subscribe``), activities, ``toggle_active``."""


def is_private_method(method: str) -> bool:
    return method.startswith("_")


def is_impersonation_method(method: str) -> bool:
    """Names that would change the acting user or bypass access rules (sudo, with_user ...)."""
    return bool(_IMPERSONATION.match(method))


def changes_data(method: str) -> bool:
    """True for the core ORM and mail methods that write, and for the button/action/chatter families.

    An operator's ``writes = false`` cannot make these read-only: the label may only add writes.
    """
    return method in CORE_WRITE_METHODS or method.startswith(WRITE_PREFIXES)
