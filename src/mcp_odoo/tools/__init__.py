"""The generic ORM tools (see `mcp_odoo.tools.core`)."""
