"""The session info dict of ``/web/session/authenticate`` and ``get_session_info``, per series.

Per-user values (uid, name, partner, companies, currencies) are read through the ORM as the user
itself; the rest are the constants a stock server sends (web client settings, view icons).
"""

from __future__ import annotations

import hashlib
from typing import Any

from mcp_odoo.simulator.wire.backend import OdooBackend
from mcp_odoo.simulator.wire.version import version_info

_VIEW_INFO = {
    "list": ("List", "oi oi-view-list", True),
    "form": ("Form", "fa fa-address-card", False),
    "graph": ("Graph", "fa fa-area-chart", True),
    "pivot": ("Pivot", "oi oi-view-pivot", True),
    "calendar": ("Calendar", "fa fa-calendar", True),
    "kanban": ("Kanban", "oi oi-view-kanban", True),
    "search": ("Search", "oi oi-search", True),
    "activity": ("Activity", "fa fa-clock-o", True),
}

_ODOOBOT_PARTNER = 2
_ODOOBOT_USER = 1


def _token(purpose: str, partner_id: int) -> str:
    """A stable stand-in for Odoo's per-partner access tokens (hex digest of purpose and id)."""
    return hashlib.sha256(f"{purpose}-{partner_id}".encode()).hexdigest()


def _read(
    backend: OdooBackend, uid: int, model: str, ids: list[int], fields: list[str]
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = backend.execute_kw(uid, model, "read", [ids], {"fields": fields})
    return records


def _user_settings(uid: int, is_19: bool) -> dict[str, Any]:
    settings: dict[str, Any] = {"id": uid}
    if is_19:
        settings["embedded_actions_config_ids"] = {}
    else:
        settings["user_id"] = {"id": uid}
    settings.update(
        {
            "is_discuss_sidebar_category_channel_open": True,
            "is_discuss_sidebar_category_chat_open": True,
            "push_to_talk_key": False,
            "use_push_to_talk": False,
            "voice_active_duration": 200,
            "channel_notifications": False,
        }
    )
    if is_19:
        settings["user_id"] = {"id": uid}
    else:
        settings["mute_until_dt"] = False
    settings["volumes"] = [["ADD", []]]
    return settings


def _user_companies(companies: list[dict[str, Any]], current: int, is_19: bool) -> dict[str, Any]:
    allowed = {}
    for company in companies:
        entry = {
            "id": company["id"],
            "name": company["name"],
            "sequence": company["sequence"],
            "child_ids": company["child_ids"],
            "parent_id": company["parent_id"][0] if company["parent_id"] else False,
        }
        if is_19:
            entry["currency_id"] = company["currency_id"][0]
        allowed[str(company["id"])] = entry
    return {"current_company": current, "allowed_companies": allowed, "disallowed_ancestor_companies": {}}


def _currencies(currencies: list[dict[str, Any]], is_19: bool) -> dict[str, Any]:
    result = {}
    for currency in currencies:
        entry: dict[str, Any] = {"name": currency["name"]} if is_19 else {}
        entry["symbol"] = currency["symbol"]
        entry["position"] = currency["position"]
        entry["digits"] = [69, currency["decimal_places"]]
        result[str(currency["id"])] = entry
    return result


def _store_data(uid: int, user: dict[str, Any], partner: dict[str, Any], is_19: bool) -> dict[str, Any]:
    settings = _user_settings(uid, is_19)
    partner_id = partner["id"]
    if is_19:
        return {
            "Store": {
                "action_discuss_id": 125,
                "channel_types_with_seen_infos": ["chat", "group"],
                "hasCannedResponses": True,
                "hasGifPickerFeature": False,
                "hasLinkPreviewFeature": True,
                "hasMessageTranslationFeature": False,
                "internalUserGroupId": 1,
                "mt_comment": 1,
                "mt_note": 2,
                "odoobot": _ODOOBOT_PARTNER,
                "self_partner": partner_id,
                "settings": settings,
            },
            "res.partner": [
                {
                    "active": False,
                    "avatar_128_access_token": _token("avatar", _ODOOBOT_PARTNER),
                    "email": "odoobot@example.com",
                    "id": _ODOOBOT_PARTNER,
                    "im_status": "bot",
                    "im_status_access_token": _token("im_status", _ODOOBOT_PARTNER),
                    "is_company": False,
                    "main_user_id": _ODOOBOT_USER,
                    "name": "OdooBot",
                    "write_date": partner["write_date"],
                },
                {
                    "active": True,
                    "avatar_128_access_token": _token("avatar", partner_id),
                    "id": partner_id,
                    "im_status": "offline",
                    "im_status_access_token": _token("im_status", partner_id),
                    "main_user_id": uid,
                    "name": user["name"],
                    "write_date": partner["write_date"],
                },
            ],
            "res.users": [
                {"id": _ODOOBOT_USER, "partner_id": _ODOOBOT_PARTNER, "share": False},
                {
                    "id": uid,
                    "is_admin": False,
                    "notification_type": "email",
                    "partner_id": partner_id,
                    "share": False,
                    "signature": ["markup", f"<div>{user['name']}</div>"],
                },
            ],
        }
    return {
        "Store": {
            "action_discuss_id": 126,
            "channel_types_with_seen_infos": ["chat", "group"],
            "hasGifPickerFeature": False,
            "hasLinkPreviewFeature": True,
            "hasMessageTranslationFeature": False,
            "internalUserGroupId": 1,
            "mt_comment_id": 1,
            "odoobot": {"id": _ODOOBOT_PARTNER, "type": "partner"},
            "self": {"id": partner_id, "type": "partner"},
            "settings": settings,
        },
        "res.partner": [
            {
                "active": False,
                "email": "odoobot@example.com",
                "id": _ODOOBOT_PARTNER,
                "im_status": "bot",
                "isInternalUser": True,
                "is_company": False,
                "name": "OdooBot",
                "userId": _ODOOBOT_USER,
                "write_date": partner["write_date"],
            },
            {
                "active": True,
                "id": partner_id,
                "isAdmin": False,
                "isInternalUser": True,
                "name": user["name"],
                "notification_preference": "email",
                "userId": uid,
                "write_date": partner["write_date"],
            },
        ],
    }


def session_info(backend: OdooBackend, uid: int, base_url: str) -> dict[str, Any]:
    is_19 = backend.series.startswith("19")
    user = _read(
        backend, uid, "res.users", [uid], ["name", "login", "partner_id", "company_id", "company_ids"]
    )[0]
    partner = _read(backend, uid, "res.partner", [user["partner_id"][0]], ["display_name", "write_date"])[0]
    company_fields = ["name", "sequence", "child_ids", "parent_id", "currency_id"]
    company_records = _read(backend, uid, "res.company", user["company_ids"], company_fields)
    companies = _user_companies(company_records, user["company_id"][0], is_19)
    currency_ids = sorted({company["currency_id"][0] for company in company_records})
    currencies = _read(
        backend, uid, "res.currency", currency_ids, ["name", "symbol", "position", "decimal_places"]
    )
    info: dict[str, Any] = {
        "uid": uid,
        "is_system": False,
        "is_admin": False,
        "is_public": False,
        "is_internal_user": True,
        "user_context": {"lang": "en_US", "tz": "Europe/Brussels", "uid": uid},
        "db": backend.db_name,
    }
    if is_19:
        info["registry_hash"] = "0" * 64
    info["user_settings"] = _user_settings(uid, is_19)
    info.update(
        {
            "server_version": backend.series,
            "server_version_info": version_info(backend.series),
            "support_url": "https://www.odoo.com/buy",
            "name": user["name"],
            "username": user["login"],
        }
    )
    if is_19:
        info["quick_login"] = True
    info.update(
        {
            "partner_write_date": partner["write_date"],
            "partner_display_name": partner["display_name"],
            "partner_id": partner["id"],
            "web.base.url": base_url,
            "active_ids_limit": 20000,
            "profile_session": None,
            "profile_collectors": None,
            "profile_params": None,
            "max_file_upload_size": 134217728,
            "home_action_id": False,
        }
    )
    if not is_19:
        info["cache_hashes"] = {"translations": "0" * 40, "load_menus": "0" * 64}
    info.update(
        {
            "currencies": _currencies(currencies, is_19),
            "bundle_params": {"lang": "en_US"},
            "test_mode": False,
            "view_info": {
                key: {"display_name": label, "icon": icon, "multi_record": multi}
                for key, (label, icon, multi) in _VIEW_INFO.items()
            },
        }
    )
    if is_19:
        info["groups"] = {"base.group_allow_export": False}
    info["user_companies"] = companies
    info["show_effect"] = True
    if not is_19:
        info["display_switch_company_menu"] = len(companies["allowed_companies"]) > 1
    info.update(
        {
            "max_time_between_keys_in_ms": 150,
            "websocket_worker_version": f"{backend.series}-2",
            "tour_enabled": False,
            "current_tour": None,
            "storeData": _store_data(uid, user, partner, is_19),
        }
    )
    if not is_19:
        info["odoobot_initialized"] = False
    info["can_insert_in_spreadsheet"] = False
    return info
