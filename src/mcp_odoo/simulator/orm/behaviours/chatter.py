"""mail.thread behaviour shared by documents with a chatter (message_post, activity_schedule) and
mail.activity's own creation rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...exceptions import UserError
from ...recordset import Recordset
from .base import VAR_KEYWORD, Behaviour, BusinessMethod, Parameter

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


def message_post(
    model: Model,
    ids: list[int],
    body: Any = "",
    subject: Any = None,
    message_type: Any = "notification",
    subtype_xmlid: Any = None,
    **extra: Any,
) -> int | Recordset:
    """Log a message on one record, authored by the caller's partner.

    18.0 declares `@api.returns`: the new mail.message id; 19.0 returns the recordset, which its RPC
    layer answers with the ids (`[id]`) on every protocol. 18.0 refuses an author without an email.
    """
    model.check_acl("read")
    model.check_rules(ids, "read")
    record_id = model.existing_or_missing(ids)[0]
    author_id = model.env.user.partner_id
    author = model.db.rows("res.partner").get(author_id, {})
    if model.env.series == "18.0" and not author.get("email"):
        raise UserError(NO_SENDER_EMAIL)
    messages = model.sibling("mail.message")
    message_id = messages.db.store.insert(
        "mail.message",
        {
            "body": body or False,
            "subject": subject or False,
            "model": model.name,
            "res_id": record_id,
            "message_type": message_type or "notification",
            "author_id": author_id,
            "date": model.db.now(),
        },
    )
    messages.touch([message_id], creating=True)
    row = model.rows[record_id]
    if "message_ids" in model.fields:
        row["message_ids"] = [message_id, *row.get("message_ids", [])]
    model.db.store.count_mutation()
    return message_id if model.env.series == "18.0" else Recordset(messages.name, (message_id,))


NO_SENDER_EMAIL = "Unable to send message, please configure the sender's email address."
DEFAULT_ACTIVITY_TYPE = "mail.mail_activity_data_todo"


def _activity_type(model: Model, act_type_xmlid: Any, act_values: dict[str, Any]) -> int | bool:
    """The type named by its external id, else `activity_type_id`, else To-Do (unknown ids fall back too)."""
    wanted = model.db.xml_ids.get(str(act_type_xmlid)) if act_type_xmlid else None
    if wanted is not None and wanted[0] == "mail.activity.type":
        return wanted[1]
    if not act_type_xmlid and act_values.get("activity_type_id"):
        return int(act_values["activity_type_id"])
    return _default_activity_type(model, model.name)


def _default_activity_type(model: Model, document_model: str) -> int | bool:
    """Odoo's `_default_activity_type_for_model`: To-Do when it is active and fits the document's model,
    else the first type of that model, else the first generic type."""
    types = model.db.rows("mail.activity.type")
    default = model.db.xml_ids.get(DEFAULT_ACTIVITY_TYPE)
    todo = types.get(default[1]) if default else None
    if todo and todo.get("active", True) and todo.get("res_model") in (False, None, document_model):
        return int(todo["id"])
    for wanted in (document_model, False):
        found = next((row["id"] for row in types.values() if (row.get("res_model") or False) == wanted), None)
        if found is not None:
            return int(found)
    return False


def _activity_state(model: Model, deadline: str) -> str:
    today = model.db.today.isoformat()
    return "overdue" if deadline < today else "today" if deadline == today else "planned"


class ActivityBehaviour(Behaviour):
    """mail.activity as Odoo creates it (web client, RPC or activity_schedule): on a document of
    `res_model_id` the caller may write, assigned to the caller unless `user_id` says otherwise.
    With `default_res_model` in the context, `res_model_id` defaults to that model's ir.model (which
    is how a user who may not read ir.model learns the id) and `activity_type_id` to Odoo's default type
    for that model (To-Do in a stock database)."""

    default_fields = ("user_id", "date_deadline", "res_model_id", "activity_type_id")

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        defaults: Row = {"user_id": model.env.uid, "date_deadline": model.db.today.isoformat()}
        document_model = model.context_defaults().get("res_model")
        if document_model:
            defaults["res_model_id"] = model.db.ir_model_id(str(document_model))
            defaults["activity_type_id"] = _default_activity_type(model, str(document_model))
        return defaults

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        document_model = str(model.db.rows("ir.model")[row["res_model_id"]]["model"])
        document = model.sibling(document_model)
        [res_id] = document.existing_or_missing([int(row.get("res_id") or 0)])
        document.check_acl("write")
        document.check_rules([res_id], "write")
        row.update(
            {
                "res_model": document_model,
                "res_name": model.db.display_name(document_model, res_id),
                "state": _activity_state(model, str(row["date_deadline"])),
            }
        )
        if "activity_ids" in document.fields:
            linked = document.rows[res_id].setdefault("activity_ids", [])
            linked.append(record_id)

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        if row.get("date_deadline"):
            row["state"] = _activity_state(model, str(row["date_deadline"]))

    def display_name(self, model: Model, row: Row) -> str:
        """`_rec_name` is the summary; without one Odoo shows the activity type."""
        kind = row.get("activity_type_id")
        fallback = model.db.display_name("mail.activity.type", kind) if kind else f"{model.name},{row['id']}"
        return str(row.get("summary") or fallback)


def activity_schedule(
    model: Model,
    ids: list[int],
    act_type_xmlid: Any = "",
    date_deadline: Any = None,
    summary: Any = "",
    note: Any = "",
    **act_values: Any,
) -> Recordset:
    """One mail.activity per record, created through mail.activity's create as the mixin does
    (`act_values` such as `user_id` override). Odoo declares no `@api.returns`: the recordset goes
    back as is, which each protocol answers its own way (see `Recordset`)."""
    activity_type = _activity_type(model, act_type_xmlid, act_values)
    kind = model.db.rows("mail.activity.type").get(int(activity_type or 0), {})
    activities = model.sibling("mail.activity")
    activities.validate_field_names(list(act_values))
    res_model_id = model.db.ir_model_id(model.name)
    vals_list = [
        {
            "activity_type_id": activity_type,
            "summary": summary or kind.get("summary") or False,
            "automated": True,
            "note": note or kind.get("default_note") or False,
            "date_deadline": str(date_deadline or model.db.today.isoformat()),
            "res_model_id": res_model_id,
            "res_id": record_id,
            **act_values,
        }
        for record_id in ids
    ]
    return Recordset(activities.name, tuple(activities.create(vals_list)))


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
