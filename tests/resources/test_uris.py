"""The odoo:// addresses and the resource links tools can attach."""

from __future__ import annotations

from mcp_odoo.calls.uris import DOCUMENT_MODELS
from mcp_odoo.resources import record_link
from mcp_odoo.resources.documents import LAYOUTS


def test_record_link_points_to_the_record_resource() -> None:
    link = record_link("sale.order", 7, "S00007")
    assert (link.type, str(link.uri), link.name, link.mime_type) == (
        "resource_link",
        "odoo://sale.order/7",
        "S00007",
        "text/markdown",
    )


def test_every_document_model_has_a_layout() -> None:
    assert set(LAYOUTS) == DOCUMENT_MODELS
