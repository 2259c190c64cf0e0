"""mcp-odoo: a strict, safe MCP server for Odoo 16-19."""

__version__ = "0.1.0"
