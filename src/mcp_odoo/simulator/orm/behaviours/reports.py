"""ir.actions.report: the report actions external clients can ask for (rendering is private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Behaviour, BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model


def get_wkhtmltopdf_state(model: Model) -> str:
    return "ok"


def report_action(
    model: Model, ids: list[int], docids: Any, data: Any = None, config: Any = True
) -> dict[str, Any]:
    """The client action dict; `data` stays None, which XML-RPC cannot marshal (as in Odoo)."""
    model.check_acl("read")
    report = model.rows[model.existing_or_missing(ids)[0]]
    active_ids = docids if isinstance(docids, list) else [docids]
    return {
        "context": {"active_ids": active_ids},
        "data": data,
        "type": "ir.actions.report",
        "report_name": report.get("report_name"),
        "report_type": report.get("report_type"),
        "report_file": report.get("report_file"),
        "name": report.get("name"),
    }


class ReportBehaviour(Behaviour):
    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "get_wkhtmltopdf_state": BusinessMethod(get_wkhtmltopdf_state, on_records=False),
            "report_action": BusinessMethod(
                report_action,
                (Parameter("docids", required=True), Parameter("data"), Parameter("config", default=True)),
            ),
        }
