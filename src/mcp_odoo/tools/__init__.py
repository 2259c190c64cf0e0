"""The generic ORM tools: list_models, describe_model, search/read/count/aggregate records,
create_record and update_record (only with writes enabled) and call_method (only with an allowlist).

Tool names are a public contract.
"""

from __future__ import annotations

from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.schema import publish_plain_input_schemas
from mcp_odoo.icons import RECORDS, icons_for
from mcp_odoo.tools.aggregate import register_aggregate_tool
from mcp_odoo.tools.methods import register_call_method
from mcp_odoo.tools.read import register_read_tools
from mcp_odoo.tools.write import register_write_tools


def register_core_tools(kit: Kit) -> None:
    """Declare the generic tools the configuration allows through `kit` (the packs' kit: one confirmation
    store per server)."""
    publish_plain_input_schemas(kit.mcp)
    kit = kit.with_icons(icons_for(RECORDS))
    register_read_tools(kit)
    register_aggregate_tool(kit)
    if kit.policy.allow_writes:
        register_write_tools(kit)
    if kit.policy.settings.methods:
        register_call_method(kit)
