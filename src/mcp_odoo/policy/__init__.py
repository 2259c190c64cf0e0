"""The single safety policy: the rules (rules.py), the checked door to Odoo (gateway.py), compact
field metadata (metadata.py) and the pre-flight check of written values (values.py)."""

from mcp_odoo.policy.gateway import OdooGateway, strip_sensitive
from mcp_odoo.policy.metadata import FieldMeta, summary_fields
from mcp_odoo.policy.rules import InvalidRequest, Policy, PolicyError, Refused, is_sensitive_field
from mcp_odoo.policy.values import ValuesChecker

__all__ = [
    "FieldMeta",
    "InvalidRequest",
    "OdooGateway",
    "Policy",
    "PolicyError",
    "Refused",
    "ValuesChecker",
    "is_sensitive_field",
    "strip_sensitive",
    "summary_fields",
]
