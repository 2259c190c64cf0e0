"""x2many commands and the one2many lists kept in step with their many2one."""

from __future__ import annotations

from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import ValidationError
from mcp_odoo.simulator.orm import Registry

ADMIN, MCP_BOT = 2, 7
ACME, GEMINI = 9, 10


def field_of(registry: Registry, model: str, record_id: int, field: str) -> Any:
    return registry.execute_kw(ADMIN, model, "read", [[record_id]], {"fields": [field]})[0][field]


def write_tags(registry: Registry, commands: list[Any]) -> list[int]:
    registry.execute_kw(MCP_BOT, "crm.lead", "write", [[1], {"tag_ids": commands}], {})
    return list(field_of(registry, "crm.lead", 1, "tag_ids"))


def test_link_and_unlink_commands_read_back_in_the_tags_order() -> None:
    registry = fresh_registry()
    assert write_tags(registry, [[4, 2]]) == [2, 6]
    assert write_tags(registry, [[3, 6]]) == [2]


def test_set_and_clear_commands() -> None:
    registry = fresh_registry()
    assert write_tags(registry, [[6, 0, [3, 4]]]) == [3, 4]
    assert write_tags(registry, [[5, 0, 0]]) == []


def test_create_update_and_delete_commands_on_one2many() -> None:
    registry = fresh_registry()
    registry.execute_kw(
        ADMIN, "res.partner", "write", [[ACME], {"child_ids": [[0, 0, {"name": "New Contact"}]]}], {}
    )
    new_contact = field_of(registry, "res.partner", ACME, "child_ids")[-1]
    assert field_of(registry, "res.partner", new_contact, "display_name") == "Acme Corporation, New Contact"
    registry.execute_kw(
        ADMIN, "res.partner", "write", [[ACME], {"child_ids": [[1, new_contact, {"name": "Renamed"}]]}], {}
    )
    assert field_of(registry, "res.partner", new_contact, "name") == "Renamed"
    registry.execute_kw(ADMIN, "res.partner", "write", [[ACME], {"child_ids": [[2, new_contact, 0]]}], {})
    assert registry.execute_kw(ADMIN, "res.partner", "read", [[new_contact]], {"fields": ["name"]}) == []


def test_reparenting_moves_the_record_between_one2many_lists() -> None:
    registry = fresh_registry()
    contact = field_of(registry, "res.partner", ACME, "child_ids")[0]
    registry.execute_kw(MCP_BOT, "res.partner", "write", [[contact], {"parent_id": GEMINI}], {})
    assert contact not in field_of(registry, "res.partner", ACME, "child_ids")
    assert contact in field_of(registry, "res.partner", GEMINI, "child_ids")


def test_deleting_a_line_takes_it_off_its_order() -> None:
    registry = fresh_registry()
    lines = field_of(registry, "sale.order", 1, "order_line")
    registry.execute_kw(ADMIN, "sale.order.line", "unlink", [[lines[0]]], {})
    assert field_of(registry, "sale.order", 1, "order_line") == lines[1:]


def test_recursive_parent_is_refused_and_nothing_changes() -> None:
    registry = fresh_registry()
    contact = field_of(registry, "res.partner", ACME, "child_ids")[0]
    with pytest.raises(ValidationError, match=r"^You cannot create recursive Partner hierarchies\.$"):
        registry.execute_kw(MCP_BOT, "res.partner", "write", [[ACME], {"parent_id": contact}], {})
    assert field_of(registry, "res.partner", ACME, "parent_id") is False
