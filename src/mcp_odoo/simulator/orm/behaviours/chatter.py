"""mail.thread behaviour shared by documents with a chatter: message_post and activity_schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import BusinessMethod, Parameter

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


def activity_schedule(
    model: Model,
    ids: list[int],
    act_type_xmlid: Any = "",
    date_deadline: Any = None,
    summary: Any = "",
    note: Any = "",
    **extra: Any,
) -> list[int]:
    """Create one mail.activity per record; returns their ids."""
    model.check_acl("read")
    deadline = date_deadline or model.db.today.isoformat()
    activity_type = next(iter(model.db.rows("mail.activity.type")), False)
    created = []
    for record_id in model.existing_or_missing(ids):
        activity_id = model.db.store.insert(
            "mail.activity",
            {
                "res_model": model.name,
                "res_id": record_id,
                "summary": summary or False,
                "note": note or False,
                "date_deadline": deadline,
                "user_id": extra.get("user_id") or model.env.uid,
                "activity_type_id": activity_type,
                "state": "planned",
            },
        )
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
            Parameter("summary"),
            Parameter("note"),
        ),
    ),
}
