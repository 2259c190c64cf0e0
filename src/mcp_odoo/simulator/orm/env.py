"""The environment of one call: database, user, context and active companies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..exceptions import UserError
from .access import RuleContext, unauthorized_companies_error
from .database import Database
from .users import User


@dataclass
class Env:
    db: Database
    user: User
    context: dict[str, Any]
    company_ids: tuple[int, ...]

    @property
    def series(self) -> str:
        return self.db.series

    @property
    def uid(self) -> int:
        return self.user.uid

    @property
    def company_id(self) -> int:
        return self.company_ids[0] if self.company_ids else self.user.company_id

    @property
    def active_test(self) -> bool:
        return self.context.get("active_test", True) is not False

    @property
    def rules(self) -> RuleContext:
        return RuleContext(self.user, self.company_ids)


def installed_languages(db: Database) -> set[str]:
    return {row["code"] for row in db.rows("res.lang").values() if row.get("active")}


def make_env(db: Database, uid: int, context: dict[str, Any] | None) -> Env:
    """Validate the context as Odoo does (language, allowed companies) and build the Env."""
    user = db.users[uid]
    context = dict(context or {})
    lang = context.get("lang")
    if lang and lang not in installed_languages(db):
        raise UserError(f"Invalid language code: {lang}")
    allowed = context.get("allowed_company_ids")
    if allowed:
        if not isinstance(allowed, list) or any(company not in user.company_ids for company in allowed):
            raise unauthorized_companies_error()
        companies = tuple(int(company) for company in allowed)
    else:
        companies = (user.company_id, *(c for c in user.company_ids if c != user.company_id))
    return Env(db, user, context, companies)
