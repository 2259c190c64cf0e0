"""The Odoo connector: the only code that speaks Odoo's wire protocols (JSON-2, JSON-RPC, XML-RPC).

Public API: `OdooClient`, the `OdooCall` it runs, its `CallHook` and `ServerInfo` here, the error tree
in `mcp_odoo.odoo.errors`, and the per-series name tables in `mcp_odoo.odoo.versions`. Every other
module is internal.
"""

from mcp_odoo.odoo.client import CallHook, OdooCall, OdooClient, ServerInfo

__all__ = ["CallHook", "OdooCall", "OdooClient", "ServerInfo"]
