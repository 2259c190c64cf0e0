"""Per-model business behaviour (defaults, computed values, workflows, constraints)."""

from __future__ import annotations

from .account import MoveBehaviour, MoveLineBehaviour
from .attachment import AttachmentBehaviour
from .base import Behaviour, BusinessMethod, Parameter
from .chatter import ActivityBehaviour
from .company import CompanyBehaviour
from .crm import LeadBehaviour
from .irmodel import IrModelBehaviour
from .partner import PartnerBehaviour
from .payment import PaymentRegisterBehaviour
from .reports import ReportBehaviour
from .sale import SaleOrderBehaviour, SaleOrderLineBehaviour
from .stock import PickingBehaviour
from .users import UsersBehaviour

_BEHAVIOURS: dict[str, Behaviour] = {
    "res.partner": PartnerBehaviour(),
    "res.company": CompanyBehaviour(),
    "sale.order": SaleOrderBehaviour(),
    "sale.order.line": SaleOrderLineBehaviour(),
    "account.move": MoveBehaviour(),
    "account.move.line": MoveLineBehaviour(),
    "account.payment.register": PaymentRegisterBehaviour(),
    "crm.lead": LeadBehaviour(),
    "stock.picking": PickingBehaviour(),
    "ir.actions.report": ReportBehaviour(),
    "ir.attachment": AttachmentBehaviour(),
    "mail.activity": ActivityBehaviour(),
    "ir.model": IrModelBehaviour(),
    "res.users": UsersBehaviour(),
}
_DEFAULT = Behaviour()


def behaviour_for(model: str) -> Behaviour:
    return _BEHAVIOURS.get(model, _DEFAULT)


__all__ = ["Behaviour", "BusinessMethod", "Parameter", "behaviour_for"]
