"""What the connector must make of each recorded case: a typed error class, or OK (a result).

Keyed by ``topic/case`` (the same on every protocol and series); `SERIES_EXCEPTIONS` holds the
cases whose outcome differs in some series. Cases of read/, write_flows/, context/ and
multi_company/ not listed here are successes.
"""

from __future__ import annotations

from typing import Final

from mcp_odoo.odoo.errors import (
    AuthenticationFailed,
    BadArguments,
    BusinessRuleError,
    DatabaseNotFound,
    NotOdoo,
    OdooError,
    OdooServerBug,
    PermissionDenied,
    PrivateMethod,
    RecordMissing,
    UnknownMethod,
    UnknownModel,
)

OK: Final = "ok"
Outcome = type[OdooError] | str

EXPECTED: dict[str, Outcome] = {
    "auth/authenticate_missing_user_agent_env": BadArguments,
    "auth/authenticate_ok_api_key": OK,
    "auth/authenticate_ok_password": OK,
    "auth/authenticate_unknown_login": OK,  # result False: AuthenticationFailed is raised by the login step
    "auth/authenticate_wrong_key": OK,
    "auth/authenticate_wrong_db": DatabaseNotFound,
    "auth/common_unknown_method": OdooServerBug,
    "auth/db_list": OK,
    "auth/db_server_version": OK,
    "auth/execute_kw_uid_key_mismatch": AuthenticationFailed,
    "auth/execute_kw_wrong_db": DatabaseNotFound,
    "auth/execute_kw_wrong_key": AuthenticationFailed,
    "auth/json2_basic_auth_scheme": AuthenticationFailed,
    "auth/json2_empty_body": OK,
    "auth/json2_get_method": NotOdoo,
    "auth/json2_invalid_json_body": BadArguments,
    "auth/json2_missing_authorization": AuthenticationFailed,
    "auth/json2_missing_database_header": OK,
    "auth/json2_no_method_in_path": NotOdoo,
    "auth/json2_ok_context_get": OK,
    "auth/json2_password_as_bearer": AuthenticationFailed,
    "auth/json2_whoami": OK,
    "auth/json2_wrong_content_type": NotOdoo,
    "auth/json2_wrong_database_header": DatabaseNotFound,
    "auth/json2_wrong_key": AuthenticationFailed,
    "auth/login_ok": OK,
    "auth/version": OK,
    "auth/web_webclient_version_info": OK,
    "errors/access_error_limited_read_invoice": PermissionDenied,
    "errors/access_error_unlink_partner": PermissionDenied,
    "errors/access_error_write_company": PermissionDenied,
    "errors/integrity_error_not_null": BusinessRuleError,
    "errors/integrity_error_partner_without_name": BusinessRuleError,
    "errors/invalid_domain_malformed": BadArguments,
    "errors/invalid_domain_operator": BadArguments,
    "errors/invalid_domain_unknown_field": BadArguments,
    "errors/json2_args_kwargs_style": BadArguments,
    "errors/json2_args_kwargs_style_search_read": PermissionDenied,
    "errors/json2_body_is_array": BadArguments,
    "errors/json2_context_not_object": BadArguments,
    "errors/json2_ids_not_list": OK,
    "errors/json2_ids_on_model_method": BadArguments,
    "errors/jsonrpc_invalid_json": NotOdoo,
    "errors/jsonrpc_params_as_list": BadArguments,
    "errors/jsonrpc_without_envelope": BadArguments,
    "errors/legacy_endpoint_access_denied": AuthenticationFailed,
    "errors/legacy_endpoint_access_error": PermissionDenied,
    "errors/legacy_endpoint_missing_error": RecordMissing,
    "errors/legacy_endpoint_server_error": BadArguments,
    "errors/legacy_endpoint_user_error": BusinessRuleError,
    "errors/malformed_xml_body": OdooServerBug,
    "errors/missing_argument": BadArguments,
    "errors/missing_error_read": OK,
    "errors/missing_error_read_mixed": OK,
    "errors/missing_error_write": RecordMissing,
    "errors/none_result_check_access_rights": OK,
    "errors/object_unknown_dispatch_method": OdooServerBug,
    "errors/private_method": PrivateMethod,
    "errors/record_rule_limited_read_other_order": PermissionDenied,
    "errors/record_rule_limited_write_other_order": PermissionDenied,
    "errors/too_few_params": BadArguments,
    "errors/unexpected_keyword": BadArguments,
    "errors/unknown_field_in_fields": BadArguments,
    "errors/unknown_method": UnknownMethod,
    "errors/unknown_model": UnknownModel,
    "errors/unknown_service": OdooServerBug,
    "errors/user_error_confirm_confirmed_order": BusinessRuleError,
    "errors/user_error_confirm_locked_order": BusinessRuleError,
    "errors/user_error_post_posted_invoice": BusinessRuleError,
    "errors/validation_error_recursive_partner": BusinessRuleError,
    "errors/value_error_bad_selection": BadArguments,
    "errors/wrong_type_ids": BadArguments,
    "errors/wrong_type_limit": BadArguments,
    "context/fields_get_lang_fr_FR": BusinessRuleError,
    "context/fields_get_lang_xx_XX": BusinessRuleError,
    "context/search_read_translatable_lang_fr_FR": BusinessRuleError,
    "context/search_read_translatable_lang_xx_XX": BusinessRuleError,
    "context/write_with_uninstalled_lang": BusinessRuleError,
    "multi_company/07_read_allowed_main": PermissionDenied,
    "multi_company/10_read_allowed_foreign": PermissionDenied,
    "read/check_access_read": PrivateMethod,
    "read/check_access_rule_write_denied": PermissionDenied,
}

_UNTIL_17_LANG_IGNORED = {
    (series, case): OK
    for series in ("16.0", "17.0")
    for case in (
        "context/fields_get_lang_fr_FR",
        "context/fields_get_lang_xx_XX",
        "context/search_read_translatable_lang_fr_FR",
        "context/search_read_translatable_lang_xx_XX",
        "context/write_with_uninstalled_lang",
    )
}
_MISSING_BEFORE_18 = {
    (series, case): UnknownMethod
    for series in ("16.0", "17.0")
    for case in ("read/check_access_read", "read/has_access_unlink_model", "read/has_access_write_ids")
}

SERIES_EXCEPTIONS: dict[tuple[str, str], Outcome] = {
    **_UNTIL_17_LANG_IGNORED,
    **_MISSING_BEFORE_18,
    ("16.0", "errors/user_error_confirm_confirmed_order"): OK,
    ("16.0", "read/web_search_read_res_partner"): BadArguments,
    ("18.0", "read/check_access_read"): OK,
    ("19.0", "read/read_res_partner_all_fields"): PermissionDenied,
    **{
        (series, "read/formatted_read_group_sale_order"): UnknownMethod for series in ("16.0", "17.0", "18.0")
    },
}


def expected_outcome(series: str, case: str) -> Outcome:
    return SERIES_EXCEPTIONS.get((series, case), EXPECTED.get(case, OK))
