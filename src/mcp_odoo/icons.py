"""Icons of the tools, resources and prompts (MCP 2025-11-25): one small SVG glyph per pack.

Every glyph comes as two data URIs, one drawn for light themes and one for dark themes (the `theme`
of each `Icon`), so a client shows it in the colours that suit its theme; nothing is fetched. A pack
without a glyph of its own (a third-party or declarative pack) gets the generic extension glyph.
"""

from __future__ import annotations

from base64 import b64encode
from functools import cache

from mcp_types import Icon, IconTheme

RECORDS = "records"
"""The generic ORM tools."""
RESOURCES = "resources"
PROMPTS = "prompts"
ACCOUNT = "account"
"""Linking and unlinking a person's own Odoo account on a team server."""

_GLYPHS = {
    RECORDS: '<ellipse cx="12" cy="5" rx="8" ry="3"/>'
    '<path d="M4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3"/>',
    RESOURCES: '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/>'
    '<path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>',
    PROMPTS: '<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12h5"/>',
    ACCOUNT: '<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9M16 7l3 3"/>',
    "contacts": '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 3.6-7 8-7s8 3 8 7"/>',
    "crm": '<path d="M3 4h18l-7 8v6l-4 2v-8z"/>',
    "sales": '<path d="M3 12V4h8l10 10-8 8z"/><circle cx="7.5" cy="8" r="1.5"/>',
    "invoicing": '<path d="M6 2h12v20l-3-2-3 2-3-2-3 2z"/><path d="M9 7h6M9 11h6M9 15h4"/>',
    "inventory": '<path d="M3 7l9-4 9 4v10l-9 4-9-4z"/><path d="M3 7l9 4 9-4M12 11v10"/>',
    "reports": '<path d="M6 2h8l4 4v16H6z"/><path d="M14 2v4h4M9 13h6M9 17h6"/>',
}
_EXTENSION = '<path d="M4 8h4a2 2 0 1 1 4 0h4v4a2 2 0 1 1 0 4v4H4z"/>'
_STROKES: tuple[tuple[IconTheme, str], ...] = (("light", "#714B67"), ("dark", "#E4C7DC"))
"""Odoo's plum on light backgrounds, a pale tint of it on dark ones."""


def _data_uri(glyph: str, stroke: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" '
        f'stroke="{stroke}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{glyph}</svg>'
    )
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode("ascii")


@cache
def _icons(group: str) -> tuple[Icon, ...]:
    glyph = _GLYPHS.get(group, _EXTENSION)
    return tuple(
        Icon(src=_data_uri(glyph, stroke), mime_type="image/svg+xml", sizes=["any"], theme=theme)
        for theme, stroke in _STROKES
    )


def icons_for(group: str) -> list[Icon]:
    """The light and dark icons of `group`: a pack name, or RECORDS, RESOURCES, PROMPTS, ACCOUNT."""
    return list(_icons(group))
