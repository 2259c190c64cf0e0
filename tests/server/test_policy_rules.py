"""The policy's rules, one per test: exposure, methods, writes, fields, limits, companies."""

from __future__ import annotations

import pytest

from mcp_odoo.policy import InvalidRequest, Policy, Refused, is_sensitive_field
from mcp_odoo.policy.settings import PolicySettings
from mcp_odoo.settings import MethodRule


def policy(**settings: object) -> Policy:
    return Policy(PolicySettings.model_validate(settings))


@pytest.mark.parametrize(
    "model",
    [
        "ir.config_parameter",
        "res.users.apikeys",
        "res.users.apikeys.description",
        "ir.rule",
        "ir.model.access",
        "ir.cron",
        "ir.actions.server",
        "base.automation",
        "ir.module.module",
        "ir.mail_server",
        "fetchmail.server",
        "auth_totp.device",
        "ir.attachment",
    ],
)
def test_security_and_configuration_models_are_hidden_by_default(model: str) -> None:
    assert not policy().is_model_exposed(model)


@pytest.mark.parametrize("model", ["res.partner", "sale.order", "account.move", "ir.model", "res.users"])
def test_business_models_are_exposed(model: str) -> None:
    assert policy().is_model_exposed(model)


def test_enabled_models_re_enable_a_denied_model() -> None:
    assert policy(enabled_models=["ir.attachment"]).is_model_exposed("ir.attachment")


def test_denied_models_hide_an_extra_model_even_if_enabled() -> None:
    rules = policy(denied_models=["crm.lead"], enabled_models=["crm.lead"])
    assert not rules.is_model_exposed("crm.lead")


def test_refusing_a_hidden_model_says_to_list_the_models() -> None:
    with pytest.raises(Refused, match=r"not exposed") as refused:
        policy().require_model("ir.config_parameter")
    assert "list the models" in refused.value.hint


@pytest.mark.parametrize("method", ["_read", "_render_qweb_pdf", "__init__"])
def test_private_methods_are_refused(method: str) -> None:
    with pytest.raises(Refused, match=r"private"):
        policy(allow_writes=True).require_method("res.partner", method, writes=False)


@pytest.mark.parametrize("method", ["sudo", "with_user", "with_context", "with_company", "env"])
def test_impersonating_methods_are_refused(method: str) -> None:
    with pytest.raises(Refused, match=r"acting user"):
        policy(allow_writes=True).require_method("res.partner", method, writes=False)


def test_writes_are_refused_when_read_only() -> None:
    with pytest.raises(Refused, match=r"read-only"):
        policy().require_method("res.partner", "write", writes=True)


def test_writes_pass_when_enabled() -> None:
    policy(allow_writes=True).require_method("res.partner", "write", writes=True)


def test_reads_pass_when_read_only() -> None:
    policy().require_method("res.partner", "search_read", writes=False)


@pytest.mark.parametrize(
    "field",
    [
        "password",
        "new_password",
        "api_key",
        "api_key_ids",
        "totp_secret",
        "signup_token",
        "access_token",
        "oauth_access_token",
        "signup_url",
    ],
)
def test_credential_fields_are_sensitive(field: str) -> None:
    assert is_sensitive_field(field)


@pytest.mark.parametrize("field", ["name", "email", "partner_id", "amount_total", "state", "login"])
def test_business_fields_are_not_sensitive(field: str) -> None:
    assert not is_sensitive_field(field)


def test_reading_a_sensitive_field_is_refused() -> None:
    with pytest.raises(Refused, match=r"never exposed"):
        policy().require_readable_fields("res.users", ["name", "password"])


def test_a_sensitive_field_behind_a_relation_is_refused() -> None:
    with pytest.raises(Refused, match=r"partner_id.signup_token"):
        policy().require_readable_fields("sale.order", ["partner_id.signup_token"])


def test_writing_user_groups_is_refused_even_with_writes_enabled() -> None:
    with pytest.raises(Refused, match=r"access rights"):
        policy(allow_writes=True).require_writable_fields("res.users", ["name", "groups_id"])


def test_no_limit_means_the_default_limit() -> None:
    assert policy(default_limit=15).limit(None) == 15


def test_a_limit_above_the_maximum_is_capped() -> None:
    assert policy(max_limit=50).limit(1000) == 50


def test_a_limit_below_one_is_invalid() -> None:
    with pytest.raises(InvalidRequest):
        policy().limit(0)


def test_too_many_ids_are_refused() -> None:
    with pytest.raises(InvalidRequest, match=r"at most 3"):
        policy(default_limit=2, max_limit=3).require_id_count([1, 2, 3, 4])


def test_a_company_of_the_user_becomes_the_active_company() -> None:
    assert policy().company_context(2, [1, 2]) == {"allowed_company_ids": [2]}


def test_no_company_means_the_configured_context() -> None:
    assert policy().company_context(None, [1]) is None


def test_a_company_outside_the_users_companies_is_refused() -> None:
    with pytest.raises(Refused, match=r"company 5") as refused:
        policy().company_context(5, [1, 2])
    assert "1, 2" in refused.value.hint


CONFIRM = MethodRule(model="sale.order", method="action_confirm", writes=True)
PREVIEW = MethodRule(model="sale.order", method="get_portal_url", writes=False)


def test_a_method_off_the_allowlist_is_refused_and_the_allowed_ones_are_named() -> None:
    with pytest.raises(Refused, match=r"allowlist") as refused:
        policy(methods=[PREVIEW]).method_rule("sale.order", "action_cancel")
    assert "sale.order.get_portal_url" in refused.value.hint


def test_a_writing_allowlisted_method_is_refused_when_read_only() -> None:
    with pytest.raises(Refused, match=r"read-only"):
        policy(methods=[CONFIRM]).method_rule("sale.order", "action_confirm")


def test_a_read_only_allowlisted_method_is_callable_when_read_only() -> None:
    assert policy(methods=[PREVIEW]).method_rule("sale.order", "get_portal_url") == PREVIEW


def test_read_only_mode_offers_only_read_only_methods() -> None:
    assert policy(methods=[CONFIRM, PREVIEW]).callable_rules() == [PREVIEW]


def test_a_private_method_cannot_be_allowlisted() -> None:
    with pytest.raises(ValueError, match=r"private"):
        MethodRule(model="sale.order", method="_action_confirm")
