"""What every settings group shares: the one configuration error, and comma lists.

Each layer owns the settings group it uses (`mcp_odoo.policy.settings`, `mcp_odoo.audit.settings` ...);
`mcp_odoo.settings` composes them and reads them from the TOML file, the environment and the flags.
"""

from __future__ import annotations

from typing import Any


class ConfigError(Exception):
    """Invalid configuration: one line that names the setting and what is wrong."""


def comma_list(value: Any) -> Any:
    """A setting given as one string (``MCP_ODOO_DENIED_MODELS=a, b``) as the list of its non-empty parts;
    any other value unchanged, for the model to validate."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value
