"""Icons (MCP 2025-11-25): every tool, resource, resource template and prompt carries a light and a dark
icon of its pack, as a small SVG data URI with no script and nothing fetched."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx2
from mcp import Client
from mcp_types import Icon
from pydantic import SecretStr

from mcp_odoo.icons import PROMPTS, RECORDS, RESOURCES, icons_for
from mcp_odoo.server import build_server
from mcp_odoo.settings import OdooSettings, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from mcp_odoo.views import VIEWS

PACK_OF = {
    "search_records": RECORDS,
    "find_partners": "contacts",
    "get_crm_pipeline": "crm",
    "confirm_quotation": "sales",
    "get_invoice": "invoicing",
    "get_stock_levels": "inventory",
    "get_invoice_pdf": "reports",
}


def svg_of(icon: Icon) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert icon.src.startswith(prefix)
    return base64.b64decode(icon.src.removeprefix(prefix)).decode()


def assert_themed(icons: list[Icon] | None) -> None:
    assert icons is not None
    assert [icon.theme for icon in icons] == ["light", "dark"]
    for icon in icons:
        svg = svg_of(icon)
        assert icon.mime_type == "image/svg+xml"
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert len(svg) < 1_000
        assert "<script" not in svg
        assert "href" not in svg


async def test_everything_listed_has_its_packs_icons(tmp_path: Path) -> None:
    registry = Registry("19.0")
    odoo = OdooSettings(
        url="http://simulator",
        db=registry.db_name,
        user="mcp_bot",
        api_key=SecretStr(DEMO_CREDENTIALS["mcp_bot"]["api_key"]),
    )
    settings = ServerSettings(allow_writes=True, audit_path=tmp_path / "audit.sqlite3")
    mcp = build_server(odoo, settings, transport=httpx2.ASGITransport(app=create_app(registry)))
    async with Client(mcp) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        resources = (await client.list_resources()).resources
        templates = (await client.list_resource_templates()).resource_templates
        prompts = (await client.list_prompts()).prompts
    for icons in (
        [item.icons for item in tools.values()]
        + [item.icons for item in resources]
        + [item.icons for item in templates]
        + [item.icons for item in prompts]
    ):
        assert_themed(icons)
    for tool, pack in PACK_OF.items():
        assert tools[tool].icons == icons_for(pack), tool
    view_packs = {view.uri: view.pack for view in VIEWS}
    for resource in resources:
        expected = view_packs.get(str(resource.uri), RESOURCES)
        assert resource.icons == icons_for(expected), resource.uri
    for template in templates:
        expected = "reports" if template.uri_template.startswith("odoo://report/") else RESOURCES
        assert template.icons == icons_for(expected), template.uri_template
    assert all(prompt.icons == icons_for(PROMPTS) for prompt in prompts)
    assert len({icons_for(pack)[0].src for pack in set(PACK_OF.values())}) == len(set(PACK_OF.values()))


def test_a_third_party_pack_gets_the_generic_extension_icon() -> None:
    assert icons_for("activities") == icons_for("declarative")
    assert icons_for("activities") != icons_for("crm")
    assert_themed(icons_for("activities"))
