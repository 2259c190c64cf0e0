"""ir.attachment: size and checksum of the stored content, and the document's attachment list."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import TYPE_CHECKING, Any

from .base import Behaviour

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


def _content(row: Row) -> bytes:
    datas = row.get("datas")
    if not isinstance(datas, str) or not datas:
        return b""
    try:
        return base64.b64decode(datas)
    except (binascii.Error, ValueError):
        return b""


class AttachmentBehaviour(Behaviour):
    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {"type": "binary", "public": False, "res_id": 0}

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        self.after_write(model, record_id, vals)
        row = model.rows[record_id]
        document = model.db.rows(str(row.get("res_model") or "")).get(int(row.get("res_id") or 0))
        if document is not None and "attachment_ids" in model.db.fields.get(str(row["res_model"]), {}):
            document["attachment_ids"] = [*document.get("attachment_ids", []), record_id]

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        row = model.rows[record_id]
        if "datas" in vals:
            content = _content(row)
            row["file_size"] = len(content)
            row["checksum"] = hashlib.sha1(content).hexdigest() if content else False
            if not row.get("mimetype"):
                row["mimetype"] = (
                    "application/pdf" if content.startswith(b"%PDF") else "application/octet-stream"
                )
