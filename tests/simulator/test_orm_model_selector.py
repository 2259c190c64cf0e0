"""What an internal user without Administration rights may know about models and modules: ir.model and
the other administration models refused, ir.model's public model-selector methods, installed modules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_orm_corpus_support import fresh_registry

from mcp_odoo.simulator.exceptions import AccessError
from reference_corpus import REFERENCE

ADMIN = 2
MCP_BOT = {"18.0": 8, "19.0": 7}
PORTAL = {"18.0": 7, "19.0": 6}
SERIES = ("18.0", "19.0")
ACCESS_RIGHTS = {"18.0": "Administration/Access Rights", "19.0": "Access Rights"}
SETTINGS = {"18.0": "Administration/Settings", "19.0": "Role / Administrator"}


def recorded_result(series: str, case: str) -> Any:
    transcript = json.loads((REFERENCE / series / "non_admin" / f"{case}.xmlrpc.json").read_text())
    return transcript["response"]["result"]


@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize(
    ("model", "label"), [("ir.model", "Models"), ("ir.model.data", "Model Data"), ("ir.rule", "Record Rule")]
)
def test_the_data_model_is_for_access_rights_only(series: str, model: str, label: str) -> None:
    registry = fresh_registry(series)
    expected = (
        f"You are not allowed to access '{label}' ({model}) records.\n\n"
        f"This operation is allowed for the following groups:\n\t- {ACCESS_RIGHTS[series]}\n\n"
        "Contact your administrator to request access if necessary."
    )
    with pytest.raises(AccessError) as refused:
        registry.execute_kw(MCP_BOT[series], model, "search_read", [[], ["id"]], {"limit": 1})
    assert refused.value.message == expected
    assert registry.execute_kw(ADMIN, model, "search_count", [[]], {}) >= 0


@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize("model", ["ir.ui.view", "ir.config_parameter", "ir.cron", "ir.actions.server"])
def test_technical_configuration_is_for_settings_only(series: str, model: str) -> None:
    registry = fresh_registry(series)
    with pytest.raises(AccessError, match=f"following groups:\n\t- {SETTINGS[series]}\n"):
        registry.execute_kw(MCP_BOT[series], model, "search", [[]], {})
    assert registry.execute_kw(ADMIN, model, "search", [[]], {}) == []


@pytest.mark.parametrize("series", SERIES)
def test_available_models_are_those_the_user_may_read_mail_threads_first(series: str) -> None:
    answer = fresh_registry(series).execute_kw(MCP_BOT[series], "ir.model", "get_available_models", [], {})
    recorded = recorded_result(series, "get_available_models")
    assert [row["display_name"] for row in answer] == [row["display_name"] for row in recorded]
    assert sorted(row["model"] for row in answer) == sorted(row["model"] for row in recorded)


def test_available_models_leave_out_transient_and_abstract_models_even_for_the_administrator() -> None:
    models = {
        row["model"] for row in fresh_registry().execute_kw(ADMIN, "ir.model", "get_available_models", [], {})
    }
    assert {"ir.model", "ir.rule", "res.partner"} <= models
    assert not {"mail.thread", "base", "report.account.report_invoice", "account.payment.register"} & models


def test_a_portal_user_gets_no_model() -> None:
    registry = fresh_registry()
    assert registry.execute_kw(PORTAL["19.0"], "ir.model", "get_available_models", [], {}) == []
    answer = registry.execute_kw(PORTAL["19.0"], "ir.model", "display_name_for", [["res.partner"]], {})
    assert answer == [{"display_name": "res.partner", "model": "res.partner"}]


@pytest.mark.parametrize("series", SERIES)
def test_display_name_for_labels_the_given_models_in_ir_model_order(series: str) -> None:
    registry = fresh_registry(series)
    answer = registry.execute_kw(
        MCP_BOT[series], "ir.model", "display_name_for", [["res.partner", "sale.order", "crm.lead"]], {}
    )
    assert answer == recorded_result(series, "display_name_for")


def test_display_name_for_names_inaccessible_and_unknown_models_technically_after_the_rest() -> None:
    registry = fresh_registry()
    answer = registry.execute_kw(
        MCP_BOT["19.0"], "ir.model", "display_name_for", [["ir.rule", "sale.order", "no.such.model"]], {}
    )
    assert answer == [
        {"display_name": "Sales Order", "model": "sale.order"},
        {"display_name": "ir.rule", "model": "ir.rule"},
        {"display_name": "no.such.model", "model": "no.such.model"},
    ]


def test_display_name_for_over_json2_takes_the_models_by_name() -> None:
    answer = fresh_registry().execute_json2(
        MCP_BOT["19.0"], "ir.model", "display_name_for", {"models": ["crm.lead"]}
    )
    assert answer == [{"display_name": "Lead", "model": "crm.lead"}]


@pytest.mark.parametrize("series", SERIES)
def test_installed_modules_are_readable_applications_first(series: str) -> None:
    registry = fresh_registry(series)
    modules = registry.execute_kw(
        MCP_BOT[series],
        "ir.module.module",
        "search_read",
        [[["state", "=", "installed"]], ["name", "shortdesc", "application"]],
        {},
    )
    installed = json.loads((REFERENCE / series / "dataset" / "_meta.json").read_text())["installed_modules"]
    assert sorted(module["name"] for module in modules) == sorted(installed)
    apps = [module["name"] for module in modules if module["application"]]
    assert apps == ["sale_management", "account", "crm", "stock", "calendar", "mail", "contacts"]
    assert modules[: len(apps)] == [module for module in modules if module["application"]]


def test_module_dependencies_are_readable_by_internal_users_from_19_only() -> None:
    def readable(series: str) -> bool:
        return bool(
            fresh_registry(series).execute_kw(
                MCP_BOT[series],
                "ir.module.module.dependency",
                "check_access_rights",
                ["read"],
                {"raise_exception": False},
            )
        )

    assert (readable("18.0"), readable("19.0")) == (False, True)


def test_internal_code_still_reads_ir_model_for_any_user() -> None:
    registry = fresh_registry()
    [activity] = registry.execute_kw(
        MCP_BOT["19.0"],
        "mail.activity",
        "search_read",
        [[["res_model", "=", "crm.lead"]], ["res_model_id"]],
        {"limit": 1},
    )
    assert activity["res_model_id"][0] == registry.database.ir_model_id("crm.lead")
