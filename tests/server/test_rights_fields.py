"""No field that grants access, companies or identity is written through the generic tools, in any series.

res.users is checked field by field against the metadata real Odoo 16.0 to 19.0 servers answered
(`tests/odoo_reference/<series>/fields_get/res_users.xmlrpc.json`): every field the policy would write
must be a plain personal preference, whatever the series added (16-18's in_group_N / sel_groups_N
pseudo-fields, 19's role ...).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from mcp_odoo.policy import Policy, Refused
from mcp_odoo.policy.rules import WRITABLE_ONLY
from mcp_odoo.policy.settings import PolicySettings
from reference_corpus import ALL_SERIES, REFERENCE
from sessions import SessionFactory
from tool_results import error_of

WRITING = Policy(PolicySettings(allow_writes=True))
RIGHTS_MODELS = frozenset({"res.groups", "res.role", "res.company", "res.users", "res.partner"})
"""A relation to one of these from res.users grants rights, companies or another identity."""
RIGHTS_NAMES = re.compile(
    r"group|role|compan|login|share|^active$|partner|email|password|key|token|totp|passkey|device|action_id"
)
PREFERENCE_TYPES = frozenset({"char", "text", "html", "selection", "boolean", "datetime"})


def users_fields(series: str) -> dict[str, dict[str, Any]]:
    path = REFERENCE / series / "fields_get" / "res_users.xmlrpc.json"
    fields: dict[str, dict[str, Any]] = json.loads(path.read_text())["response"]["result"]
    return fields


def writable(model: str, name: str) -> bool:
    try:
        WRITING.require_writable_fields(model, [name])
    except Refused:
        return False
    return True


@pytest.mark.parametrize("series", ALL_SERIES)
def test_every_res_users_field_the_policy_writes_is_a_harmless_preference(series: str) -> None:
    fields = users_fields(series)
    allowed = {name: meta for name, meta in fields.items() if writable("res.users", name)}
    harmful = {
        name: meta.get("relation") or meta["type"]
        for name, meta in allowed.items()
        if meta.get("relation") in RIGHTS_MODELS
        or RIGHTS_NAMES.search(name)
        or meta["type"] not in PREFERENCE_TYPES
    }
    assert harmful == {}
    assert allowed, "some preferences (language, time zone, signature) stay writable"


@pytest.mark.parametrize("series", ALL_SERIES)
def test_every_rights_granting_res_users_field_of_the_series_is_refused(series: str) -> None:
    fields = users_fields(series)
    granting = [
        name
        for name, meta in fields.items()
        if name.startswith(("in_group_", "sel_groups_"))
        or meta.get("relation") in RIGHTS_MODELS
        or name in ("role", "login", "share", "active", "email", "name")
    ]
    assert len(granting) > 5
    assert [name for name in granting if writable("res.users", name)] == []


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("res.users", "role"),
        ("res.users", "company_ids"),
        ("res.users", "company_id"),
        ("res.users", "in_group_3"),
        ("res.users", "sel_groups_1_10_11"),
        ("res.users", "group_ids"),
        ("res.users", "active"),
        ("res.users", "a_field_odoo_20_adds"),
        ("res.groups", "user_ids"),
        ("res.groups", "implied_ids"),
        ("res.groups", "name"),
        ("res.role", "group_ids"),
        ("res.company", "user_ids"),
        ("res.company", "parent_id"),
        ("res.company", "child_ids"),
    ],
)
def test_rights_granting_fields_of_security_models_are_refused(model: str, field: str) -> None:
    with pytest.raises(Refused, match="never written here"):
        WRITING.require_writable_fields(model, [field])


def test_every_security_model_writes_only_its_listed_fields() -> None:
    assert set(WRITABLE_ONLY) >= {"res.users", "res.groups", "res.role", "res.company"}
    assert WRITABLE_ONLY["res.groups"] == WRITABLE_ONLY["res.role"] == frozenset()


@pytest.mark.parametrize(
    "values",
    [{"role": "group_system"}, {"company_ids": [1, 2, 3]}, {"active": False}, {"in_group_3": True}],
    ids=["role", "company_ids", "active", "in_group"],
)
async def test_update_record_refuses_rights_on_users_before_odoo(
    mcp_session: SessionFactory, values: dict[str, Any]
) -> None:
    async with mcp_session(allow_writes=True) as session:
        session.simulator.calls.reset()
        result = await session.call("update_record", model="res.users", ids=[8], values=values)
        assert session.simulator.calls.count(method="write") == 0
    error = error_of(result)
    assert error["kind"] == "refused"
    assert "never written here" in error["message"]


async def test_a_new_user_cannot_be_created_through_create_record(mcp_session: SessionFactory) -> None:
    async with mcp_session(allow_writes=True) as session:
        session.simulator.calls.reset()
        result = await session.call(
            "create_record", model="res.users", values={"name": "Eve", "login": "eve"}
        )
        assert session.simulator.calls.count(method="create") == 0
    assert error_of(result)["kind"] == "refused"


async def test_a_user_cannot_be_created_as_a_line_of_a_partner(mcp_session: SessionFactory) -> None:
    """A one2many line of res.users on a partner is checked as res.users: no login, no groups."""
    async with mcp_session(allow_writes=True) as session:
        result = await session.call(
            "update_record",
            model="res.partner",
            ids=[15],
            values={"user_ids": [{"login": "eve", "name": "E"}]},
        )
    assert error_of(result)["kind"] in ("refused", "bad_arguments")
