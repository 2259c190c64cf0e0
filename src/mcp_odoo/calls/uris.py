"""The ``odoo://`` addresses this server serves, in one place.

A server with several Odoo targets also serves ``odoo://{target}/{model}/{id}`` (and its document); the
short form addresses the default target. While a call runs on another target (`on_target`), every address
built here names that target, so a link a tool returns on staging never leads to production's record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from mcp_types import ResourceLink

RECORD_TEMPLATE = "odoo://{model}/{id}"
DOCUMENT_TEMPLATE = "odoo://{model}/{id}/document"
REPORT_TEMPLATE = "odoo://report/{report_name}/{id}"
USER_URI = "odoo://user"
APPS_URI = "odoo://apps"
MODELS_URI = "odoo://models"
TARGET_RECORD_TEMPLATE = "odoo://{target}/{model}/{id}"
TARGET_DOCUMENT_TEMPLATE = "odoo://{target}/{model}/{id}/document"
TARGET_REPORT_TEMPLATE = "odoo://{target}/report/{report_name}/{id}"
TARGET_NAME = "[a-z][a-z0-9_-]{0,31}"
"""What an Odoo target's name is made of (a regular expression): never a dot, so never a model's name."""
RESERVED_TARGET_NAMES = frozenset({"report", "query", "exports", "user", "apps", "models"})
"""First segments of this server's own addresses: no target may be named so."""
DOCUMENT_MODELS = frozenset({"sale.order", "account.move", "stock.picking"})
"""Models with a document rendering (`resources.documents.LAYOUTS`)."""


_target: ContextVar[str | None] = ContextVar("mcp_odoo_target", default=None)


@contextmanager
def on_target(name: str | None) -> Iterator[None]:
    """Addresses built inside name the target `name` (None: the default target, the short form)."""
    token = _target.set(name)
    try:
        yield
    finally:
        _target.reset(token)


def _prefix() -> str:
    name = _target.get()
    return f"odoo://{name}/" if name else "odoo://"


def record_uri(model: str, record_id: int) -> str:
    return f"{_prefix()}{model}/{record_id}"


def document_uri(model: str, record_id: int) -> str:
    return f"{_prefix()}{model}/{record_id}/document"


def report_uri(report_name: str, record_id: int) -> str:
    return f"{_prefix()}report/{report_name}/{record_id}"


def record_link(model: str, record_id: int, name: str) -> ResourceLink:
    """A ``resource_link`` content block to a record, for tools that return or touch records."""
    return ResourceLink(
        type="resource_link",
        name=name,
        uri=record_uri(model, record_id),
        mime_type="text/markdown",
    )
