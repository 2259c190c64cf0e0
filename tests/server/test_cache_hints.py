"""On the 2026-07-28 era the lists carry freshness hints: reusable for an hour (they change only with the
configuration), shared between callers only when no caller is told apart; a resource (Odoo data read with
the caller's rights) is stale at once and never shared."""

from __future__ import annotations

from mcp_odoo.server import LISTS_TTL_MS, cache_hints
from sessions import SessionFactory


async def test_lists_are_fresh_for_an_hour_and_resources_are_stale_at_once(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session(mode="auto") as session:
        tools = await session.client.list_tools()
        prompts = await session.client.list_prompts()
        record = await session.client.read_resource("odoo://res.partner/15")
    assert (tools.ttl_ms, tools.cache_scope) == (LISTS_TTL_MS, "public")
    assert (prompts.ttl_ms, prompts.cache_scope) == (LISTS_TTL_MS, "public")
    assert (record.ttl_ms, record.cache_scope) == (0, "private")


def test_lists_are_private_when_the_server_tells_callers_apart() -> None:
    hints = cache_hints(per_caller=True)
    assert {hints[method].scope for method in ("tools/list", "prompts/list", "resources/list")} == {"private"}
    assert hints["resources/read"].scope == "private"
