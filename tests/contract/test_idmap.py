"""Translating ids of records created during a replayed flow."""

from __future__ import annotations

from .corpus import Case, recording_order
from .idmap import IdMap


def test_created_ids_are_translated() -> None:
    ids = IdMap()
    ids.learn("crm.lead", [65, 66], [45, 46])
    assert ids.ids("crm.lead", [66, 65]) == [46, 45]


def test_ids_of_other_models_are_left_alone() -> None:
    ids = IdMap()
    ids.learn("crm.lead", 64, 45)
    assert ids.ids("res.partner", 64) == 64


def test_a_recorded_id_equal_to_a_new_one_is_moved_out_of_the_way() -> None:
    ids = IdMap()
    ids.learn("res.company", 5, 4)
    assert (ids.id("res.company", 5), ids.id("res.company", 4)) == (4, 5)


def test_x2many_command_codes_are_not_ids() -> None:
    ids = IdMap()
    ids.learn("res.company", 5, 4)
    assert ids.fields({"company_ids": [[4, 5]]}) == {"company_ids": [[4, 4]]}
    assert ids.fields({"company_ids": [[6, 0, [5, 1]]]}) == {"company_ids": [[6, 0, [4, 1]]]}


def test_context_company_ids_are_translated() -> None:
    ids = IdMap()
    ids.learn("res.company", 5, 4)
    assert ids.fields({"context": {"allowed_company_ids": [5]}}) == {"context": {"allowed_company_ids": [4]}}


def test_attachment_res_id_follows_its_res_model() -> None:
    ids = IdMap()
    ids.learn("account.move", 72, 60)
    assert ids.fields({"res_model": "account.move", "res_id": 72})["res_id"] == 60


def test_relational_fields_read_back_teach_new_ids() -> None:
    ids = IdMap()
    ids.learn_fields([{"id": 37, "order_line": [63, 64]}], [{"id": 25, "order_line": [51, 52]}])
    assert ids.ids("sale.order.line", [63, 64]) == [51, 52]


def test_multi_protocol_steps_run_protocol_by_protocol_between_set_up_and_clean_up() -> None:
    names = [
        "multi_company/01_admin_find_company.xmlrpc.json",
        "multi_company/05_create_in_second_company.json2.json",
        "multi_company/05_create_in_second_company.xmlrpc.json",
        "multi_company/06_read_allowed_second.json2.json",
        "multi_company/06_read_allowed_second.xmlrpc.json",
        "multi_company/13_admin_revoke_company.xmlrpc.json",
    ]
    ordered = recording_order([Case("19.0", name) for name in names])
    assert [case.relative.split("/")[1][:2] + "." + case.protocol for case in ordered] == [
        "01.xmlrpc",
        "05.xmlrpc",
        "06.xmlrpc",
        "05.json2",
        "06.json2",
        "13.xmlrpc",
    ]
