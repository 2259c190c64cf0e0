"""The ``odoo://`` addresses this server serves, in one place."""

from __future__ import annotations

from mcp_types import ResourceLink

RECORD_TEMPLATE = "odoo://{model}/{id}"
DOCUMENT_TEMPLATE = "odoo://{model}/{id}/document"
REPORT_TEMPLATE = "odoo://report/{report_name}/{id}"
USER_URI = "odoo://user"
APPS_URI = "odoo://apps"
MODELS_URI = "odoo://models"
DOCUMENT_MODELS = frozenset({"sale.order", "account.move", "stock.picking"})
"""Models with a document rendering (`resources.documents.LAYOUTS`)."""


def record_uri(model: str, record_id: int) -> str:
    return f"odoo://{model}/{record_id}"


def document_uri(model: str, record_id: int) -> str:
    return f"odoo://{model}/{record_id}/document"


def report_uri(report_name: str, record_id: int) -> str:
    return f"odoo://report/{report_name}/{record_id}"


def record_link(model: str, record_id: int, name: str) -> ResourceLink:
    """A ``resource_link`` content block to a record, for tools that return or touch records."""
    return ResourceLink(
        type="resource_link",
        name=name,
        uri=record_uri(model, record_id),
        mime_type="text/markdown",
    )
