"""The simulated Odoo database and ORM (data + business behaviour); the wire layer sits on top.

reg = Registry(series="19.0")
uid = reg.authenticate("mcp_bot", DEMO_CREDENTIALS["mcp_bot"]["api_key"])
reg.execute_kw(uid, "res.partner", "search_read", [[["is_company", "=", True]]], {"fields": ["name"]})
"""

from .registry import Registry
from .users import DEMO_CREDENTIALS, User

__all__ = ["DEMO_CREDENTIALS", "Registry", "User"]
