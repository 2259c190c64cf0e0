"""odoo://user, odoo://apps and odoo://models: where an agent starts."""

from __future__ import annotations

from .conftest import OpenSession


async def test_static_resources_are_listed(open_session: OpenSession) -> None:
    async with open_session() as session:
        uris = {str(resource.uri) for resource in (await session.client.list_resources()).resources}
    assert {"odoo://user", "odoo://apps", "odoo://models"} <= uris


async def test_user_resource_names_the_acting_user_and_its_companies(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://user")
        company = session.record("res.company", 1, ["name"])["name"]
    assert text.startswith("# Acting as MCP Bot")
    assert "- **Login**: mcp_bot" in text
    assert f"| 1 | {company} |" in text


async def test_apps_resource_lists_the_installed_apps(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://apps")
    for app in ("CRM", "Sales", "Invoicing / Accounting", "Inventory"):
        assert f"| {app} |" in text
    assert "Manufacturing" not in text


async def test_models_resource_hides_security_models(open_session: OpenSession) -> None:
    async with open_session() as session:
        text = await session.read_text("odoo://models")
    assert "- `res.partner`:" in text
    assert "`ir.config_parameter`" not in text
    assert "`res.users.apikeys`" not in text
