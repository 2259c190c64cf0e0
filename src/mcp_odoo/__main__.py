from mcp_odoo.cli import main

main()
