"""Portal URLs of customer documents (`get_portal_url`), with a per-record access token."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from .base import BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model

PORTAL_PATHS = {"sale.order": "/my/orders", "account.move": "/my/invoices", "stock.picking": "/my/picking"}


def access_token(model: Model, record_id: int) -> str:
    row = model.rows[record_id]
    if not row.get("access_token"):
        row["access_token"] = str(uuid.uuid4())
    return str(row["access_token"])


def get_portal_url(
    model: Model,
    ids: list[int],
    suffix: Any = None,
    report_type: Any = None,
    download: Any = None,
    query_string: Any = None,
    anchor: Any = None,
) -> str:
    model.check_acl("read")
    model.check_rules(ids, "read")
    record_id = model.existing_or_missing(ids)[0]
    url = (
        f"{PORTAL_PATHS[model.name]}/{record_id}{suffix or ''}?access_token={access_token(model, record_id)}"
    )
    if report_type:
        url += f"&report_type={report_type}"
    if download:
        url += "&download=true"
    url += query_string or ""
    url += f"#{anchor}" if anchor else ""
    return url


PORTAL_METHOD = BusinessMethod(
    get_portal_url,
    (
        Parameter("suffix"),
        Parameter("report_type"),
        Parameter("download"),
        Parameter("query_string"),
        Parameter("anchor"),
    ),
)
