"""Read-only cannot depend on a label: methods that change data are writes whatever the allowlist says,
and the allowlist can never name a private or impersonating method."""

from __future__ import annotations

import pytest

from mcp_odoo.policy import Policy, Refused
from mcp_odoo.policy.settings import PolicySettings
from mcp_odoo.settings import ConfigError, MethodRule, load_server_settings
from sessions import SessionFactory
from tool_results import error_of

MISLABELLED = [
    ("sale.order", "action_cancel"),
    ("res.partner", "copy"),
    ("res.partner", "message_post"),
    ("res.partner", "unlink"),
    ("res.partner", "write"),
    ("res.partner", "toggle_active"),
    ("res.partner", "message_subscribe"),
    ("stock.picking", "button_validate"),
]
"""Methods that change data, each declared ``"writes": false`` by the operator."""


def allowlist(*pairs: tuple[str, str]) -> list[MethodRule]:
    return [MethodRule(model=model, method=method, writes=False) for model, method in pairs]


@pytest.mark.parametrize(("model", "method"), MISLABELLED)
def test_a_data_changing_method_labelled_read_only_is_still_a_write(model: str, method: str) -> None:
    policy = Policy(PolicySettings(methods=allowlist((model, method))))
    assert policy.callable_rules() == []
    with pytest.raises(Refused, match="read-only"):
        policy.method_rule(model, method)


def test_a_label_may_add_a_write() -> None:
    added = MethodRule(model="res.partner", method="name_search", writes=True)
    policy = Policy(PolicySettings(methods=[added]))
    rule = policy.find_rule("res.partner", "name_search")
    assert rule is not None
    assert rule.writes


def test_a_read_method_labelled_read_only_stays_callable() -> None:
    policy = Policy(PolicySettings(methods=allowlist(("res.partner", "name_search"))))
    assert [rule.method for rule in policy.callable_rules()] == ["name_search"]


async def test_a_read_only_server_refuses_mislabelled_methods_before_odoo(
    mcp_session: SessionFactory,
) -> None:
    async with mcp_session(methods=allowlist(*MISLABELLED)) as session:
        session.simulator.calls.reset()
        results = [
            await session.call("call_method", model=model, method=method, ids=[1])
            for model, method in MISLABELLED
        ]
        sent = sum(session.simulator.calls.count(method=method) for _, method in MISLABELLED)
    assert [error_of(result)["kind"] for result in results] == ["refused"] * len(MISLABELLED)
    assert sent == 0


@pytest.mark.parametrize(
    "method", ["sudo", "with_user", "with_context", "with_company", "env", "_write", "__init__"]
)
def test_an_allowlist_naming_an_impersonating_or_private_method_stops_the_start(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "MCP_ODOO_METHODS", f'[{{"model": "res.partner", "method": "{method}", "writes": false}}]'
    )
    with pytest.raises(ConfigError) as raised:
        load_server_settings()
    message = str(raised.value)
    assert message.startswith("MCP_ODOO_METHODS: ")
    assert "\n" not in message
    assert repr(method) in message
