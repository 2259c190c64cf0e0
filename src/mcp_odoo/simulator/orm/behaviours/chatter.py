"""mail.thread behaviour shared by documents with a chatter: message_post and activity_schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import VAR_KEYWORD, BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model


def message_post(
    model: Model,
    ids: list[int],
    body: Any = "",
    subject: Any = None,
    message_type: Any = "notification",
    subtype_xmlid: Any = None,
    **extra: Any,
) -> int:
    """Log a message on one record; returns the new mail.message id."""
    model.check_acl("read")
    model.check_rules(ids, "read")
    record_id = model.existing_or_missing(ids)[0]
    messages = model.sibling("mail.message")
    message_id = messages.db.store.insert(
        "mail.message",
        {
            "body": body or False,
            "subject": subject or False,
            "model": model.name,
            "res_id": record_id,
            "message_type": message_type or "notification",
            "author_id": model.env.user.partner_id,
            "date": model.db.now(),
        },
    )
    row = model.rows[record_id]
    if "message_ids" in model.fields:
        row["message_ids"] = [message_id, *row.get("message_ids", [])]
    model.db.store.count_mutation()
    return message_id


DEFAULT_ACTIVITY_TYPE = "mail.mail_activity_data_todo"


def _activity_type(model: Model, act_type_xmlid: Any, act_values: dict[str, Any]) -> int | bool:
    """The type named by its external id, else `activity_type_id`, else To-Do (unknown ids fall back too)."""
    wanted = model.db.xml_ids.get(str(act_type_xmlid)) if act_type_xmlid else None
    if wanted is not None and wanted[0] == "mail.activity.type":
        return wanted[1]
    if not act_type_xmlid and act_values.get("activity_type_id"):
        return int(act_values["activity_type_id"])
    default = model.db.xml_ids.get(DEFAULT_ACTIVITY_TYPE)
    return default[1] if default else next(iter(model.db.rows("mail.activity.type")), False)


def _activity_state(model: Model, deadline: str) -> str:
    today = model.db.today.isoformat()
    return "overdue" if deadline < today else "today" if deadline == today else "planned"


def activity_schedule(
    model: Model,
    ids: list[int],
    act_type_xmlid: Any = "",
    date_deadline: Any = None,
    summary: Any = "",
    note: Any = "",
    **act_values: Any,
) -> list[int]:
    """Create one mail.activity per record (`act_values` such as `user_id` override); returns their ids."""
    model.check_acl("read")
    model.check_rules(ids, "read")
    activity_type = _activity_type(model, act_type_xmlid, act_values)
    kind = model.db.rows("mail.activity.type").get(int(activity_type or 0), {})
    activities = model.sibling("mail.activity")
    activities.validate_field_names(list(act_values))
    created = []
    for record_id in model.existing_or_missing(ids):
        values: dict[str, Any] = {
            "res_model": model.name,
            "res_id": record_id,
            "res_name": model.db.display_name(model.name, record_id),
            "activity_type_id": activity_type,
            "summary": summary or kind.get("summary") or False,
            "note": note or kind.get("default_note") or False,
            "date_deadline": str(date_deadline or model.db.today.isoformat()),
            "automated": True,
            "active": True,
            **act_values,
        }
        values["user_id"] = values.get("user_id") or model.env.uid
        values["state"] = _activity_state(model, str(values["date_deadline"]))
        activity_id = model.db.store.insert("mail.activity", values)
        row = model.rows[record_id]
        if "activity_ids" in model.fields:
            row["activity_ids"] = [*row.get("activity_ids", []), activity_id]
        created.append(activity_id)
    model.db.store.count_mutation()
    return created


CHATTER_METHODS = {
    "message_post": BusinessMethod(
        message_post,
        (
            Parameter("body", default=""),
            Parameter("subject"),
            Parameter("message_type", default="notification"),
            Parameter("subtype_xmlid"),
        ),
    ),
    "activity_schedule": BusinessMethod(
        activity_schedule,
        (
            Parameter("act_type_xmlid", default=""),
            Parameter("date_deadline"),
            Parameter("summary", default=""),
            Parameter("note", default=""),
            Parameter(VAR_KEYWORD),
        ),
    ),
}
