"""Model ACLs, the 'own documents' record rules of `limited`, and multi-company rules."""

from __future__ import annotations

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import AccessError
from mcp_odoo.simulator.orm import Registry

ADMIN, MCP_BOT, LIMITED = 2, 7, 8


def test_mcp_bot_cannot_delete_partners_and_is_told_which_group_can() -> None:
    with pytest.raises(
        AccessError, match=r"not allowed to delete 'Contact' \(res.partner\)[\s\S]*Contact/Creation"
    ):
        fresh_registry().execute_kw(MCP_BOT, "res.partner", "unlink", [[9]], {})


def test_mcp_bot_cannot_modify_companies() -> None:
    with pytest.raises(AccessError, match=r"not allowed to modify 'Companies' \(res.company\)"):
        fresh_registry().execute_kw(MCP_BOT, "res.company", "write", [[1], {"name": "x"}], {})


def test_admin_can_delete_a_partner() -> None:
    registry = fresh_registry()
    partner = registry.execute_kw(ADMIN, "res.partner", "create", [{"name": "Disposable"}], {})
    assert registry.execute_kw(ADMIN, "res.partner", "unlink", [[partner]], {}) is True
    assert registry.execute_kw(ADMIN, "res.partner", "read", [[partner]], {"fields": ["name"]}) == []


def test_check_access_rights_without_raising_answers_a_boolean() -> None:
    registry = fresh_registry()
    assert (
        registry.execute_kw(
            MCP_BOT, "res.partner", "check_access_rights", ["unlink"], {"raise_exception": False}
        )
        is False
    )
    assert (
        registry.execute_kw(
            MCP_BOT, "res.partner", "check_access_rights", ["write"], {"raise_exception": False}
        )
        is True
    )


def test_has_access_checks_the_records() -> None:
    registry = fresh_registry()
    assert registry.execute_kw(LIMITED, "sale.order", "has_access", [[4], "read"], {}) is False
    assert registry.execute_kw(MCP_BOT, "sale.order", "has_access", [[4], "read"], {}) is True


def test_limited_user_sees_no_order_of_other_salespeople() -> None:
    registry = fresh_registry()
    assert registry.execute_kw(LIMITED, "sale.order", "search_count", [[]], {}) == 0


def test_limited_user_reads_its_own_order() -> None:
    registry = fresh_registry()
    order = registry.execute_kw(LIMITED, "sale.order", "create", [{"partner_id": 9}], {})
    assert registry.execute_kw(LIMITED, "sale.order", "search", [[]], {}) == [order]


def test_limited_user_reading_another_salespersons_order_gets_the_record_rule_error() -> None:
    with pytest.raises(
        AccessError,
        match=r"Sorry, Limited User \(id=8\) doesn't have 'read' access to:\n"
        r"- Sales Order \(sale.order\)",
    ):
        fresh_registry().execute_kw(LIMITED, "sale.order", "read", [[4]], {"fields": ["name"]})


def test_limited_user_reads_only_invoices_without_salesperson() -> None:
    registry = fresh_registry()
    invoices = registry.execute_kw(
        LIMITED,
        "account.move",
        "search_read",
        [[["move_type", "=", "out_invoice"]]],
        {"fields": ["invoice_user_id"]},
    )
    assert invoices
    assert all(invoice["invoice_user_id"] is False for invoice in invoices)


def test_active_companies_restrict_what_is_found() -> None:
    registry = fresh_registry()
    in_main = registry.execute_kw(
        ADMIN, "account.move", "search_count", [[]], {"context": {"allowed_company_ids": [1]}}
    )
    in_all = registry.execute_kw(ADMIN, "account.move", "search_count", [[]], {})
    assert 0 < in_main < in_all


def test_company_outside_the_users_companies_is_refused() -> None:
    with pytest.raises(AccessError, match=r"^Access to unauthorized or invalid companies\.$"):
        fresh_registry().execute_kw(
            MCP_BOT, "sale.order", "search_count", [[]], {"context": {"allowed_company_ids": [2]}}
        )


def _second_company_order(registry_series: str = "19.0") -> tuple[Registry, int, int]:
    registry = fresh_registry(registry_series)
    company = registry.execute_kw(
        ADMIN, "res.company", "create", [{"name": "Second Co", "currency_id": 1}], {}
    )
    registry.execute_kw(ADMIN, "res.users", "write", [[MCP_BOT], {"company_ids": [[4, company]]}], {})
    order = registry.execute_kw(
        MCP_BOT, "sale.order", "create", [{"partner_id": 9}], {"context": {"allowed_company_ids": [company]}}
    )
    return registry, company, order


def test_record_is_created_in_the_first_active_company() -> None:
    registry, company, order = _second_company_order()
    [record] = registry.execute_kw(MCP_BOT, "sale.order", "read", [[order]], {"fields": ["company_id"]})
    assert record["company_id"] == [company, "Second Co"]


def test_reading_a_record_of_an_inactive_company_suggests_switching() -> None:
    registry, _company, order = _second_company_order()
    with pytest.raises(AccessError, match=r"switching to the company: Second Co\.$"):
        registry.execute_kw(
            MCP_BOT, "sale.order", "read", [[order]], {"context": {"allowed_company_ids": [1]}}
        )


def test_without_allowed_companies_all_the_users_companies_are_active() -> None:
    registry, _company, order = _second_company_order()
    assert (
        registry.execute_kw(MCP_BOT, "sale.order", "read", [[order]], {"fields": ["state"]})[0]["state"]
        == "draft"
    )


def test_unlinking_the_company_from_the_user_takes_it_out_of_reach() -> None:
    registry, company, _order = _second_company_order()
    registry.execute_kw(ADMIN, "res.users", "write", [[MCP_BOT], {"company_ids": [[3, company]]}], {})
    with pytest.raises(AccessError, match="unauthorized or invalid companies"):
        registry.execute_kw(
            MCP_BOT, "sale.order", "search_count", [[]], {"context": {"allowed_company_ids": [company]}}
        )


def test_reading_all_partner_fields_on_19_needs_access_to_rtc_sessions() -> None:
    with pytest.raises(AccessError, match=r"^Failed to read field res.partner.rtc_session_ids\n"):
        fresh_registry("19.0").execute_kw(MCP_BOT, "res.partner", "read", [[9]], {})


def test_reading_all_partner_fields_works_on_18() -> None:
    [record] = fresh_registry("18.0").execute_kw(8, "res.partner", "read", [[10]], {})
    assert record["name"] == "Deco Addict"
