"""The ORM core for one model in one Env: search, read, create, write, unlink with access checks.

Business behaviour (defaults, computed totals, workflows, constraints) is delegated to the model's
`Behaviour` (see `behaviours/`), so this module stays generic.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import AccessError, MissingError, ValidationError
from . import access
from .behaviours import behaviour_for
from .domain import Expression, Leaf, Node, leaves, parse
from .env import Env
from .fields import X2MANY, Field
from .ordering import default_order, parse_order, sort_ids
from .sqlerrors import bad_id_error, bad_limit_error
from .store import Row
from .values import apply_x2many_commands, convert_scalar


def missing_error(model: str, ids: list[int], uid: int) -> MissingError:
    return MissingError(
        f"Record does not exist or has been deleted.\n(Record: {model}{tuple(ids)!r}, User: {uid})"
    )


class Model:
    """`env[model]`: the generic ORM operations, with Odoo's checks in Odoo's order."""

    def __init__(self, env: Env, model: str) -> None:
        self.env = env
        self.db = env.db
        self.name = model
        self.fields: dict[str, Field] = env.db.fields[model]
        self.label = env.db.label(model)
        self.behaviour = behaviour_for(model)

    @property
    def rows(self) -> dict[int, Row]:
        return self.db.rows(self.name)

    def sibling(self, model: str) -> Model:
        return Model(self.env, model)

    # -- access -------------------------------------------------------------------------------------
    def check_acl(self, operation: str) -> None:
        access.check_model_access(self.env.series, self.env.user, self.name, self.label, operation)

    def has_acl(self, operation: str) -> bool:
        return access.has_model_access(self.env.series, self.env.user, self.name, operation)

    def company_field(self) -> str | None:
        field = self.fields.get("company_id")
        if field is None or field.relation != "res.company" or not field.store or self.name == "res.company":
            return None
        return "company_id"

    def rule_expression(self, with_companies: bool = True) -> Expression:
        domain = access.ownership_domain(self.name, self.env.rules)
        if with_companies:
            domain = [*domain, *access.company_domain(self.company_field(), self.env.rules)]
        return parse(domain, self.env.series)

    def check_rules(self, ids: list[int], operation: str) -> None:
        """Raise the record-rule AccessError when some existing ids fail the user's rules."""
        existing = [record_id for record_id in ids if record_id in self.rows]
        allowed = set(self.db.evaluator.filter(self.name, self.rule_expression(), existing))
        denied = [record_id for record_id in existing if record_id not in allowed]
        if not denied:
            return
        own = set(self.db.evaluator.filter(self.name, self.rule_expression(with_companies=False), denied))
        company_field = self.company_field()
        switch_to: list[tuple[int, str]] = []
        if company_field and own == set(denied):
            companies = {self.rows[record_id].get(company_field) for record_id in denied}
            if all(company in self.env.user.company_ids for company in companies):
                switch_to = sorted((c, self.db.display_name("res.company", c)) for c in companies if c)
        raise access.record_rule_error(
            self.env.series, self.env.user, self.name, self.label, operation, switch_to
        )

    # -- search -------------------------------------------------------------------------------------
    def _with_active_test(self, expression: Expression) -> Expression:
        if "active" not in self.fields or not self.env.active_test:
            return expression
        if any(
            leaf.path.split(".")[0] == "active" for leaf in leaves(expression) if isinstance(leaf.path, str)
        ):
            return expression
        return Node("&", (Leaf("active", "=", True), expression))

    def order_terms(self, order: str | None) -> list[tuple[str, bool]]:
        if order:
            return parse_order(order, self.fields, self.name)
        return default_order(self.name, self.fields)

    def search(self, domain: Any, offset: Any = 0, limit: Any = None, order: str | None = None) -> list[int]:
        expression = parse(domain, self.env.series)
        self.db.evaluator.validate(self.name, expression)
        terms = self.order_terms(order)
        if isinstance(limit, str) and not limit.isdigit():
            raise bad_limit_error(self.name, terms, limit)
        if isinstance(offset, str) and not offset.isdigit():
            raise bad_limit_error(self.name, terms, offset, "OFFSET")
        self.check_acl("read")
        expression = self._with_active_test(Node("&", (self.rule_expression(), expression)))
        ids = self.db.evaluator.filter(self.name, expression, list(self.rows))
        ids = sort_ids(ids, terms, self.sort_value)
        start = int(offset or 0)
        return ids[start : start + int(limit)] if limit else ids[start:]

    def sort_value(self, record_id: int, name: str) -> Any:
        return self.db.sort_value(self.name, record_id, name)

    # -- read ---------------------------------------------------------------------------------------
    def validate_field_names(self, names: list[str]) -> None:
        for name in names:
            if name not in self.fields:
                where = f"model {self.name!r}" if self.env.series == "18.0" else repr(self.name)
                raise ValueError(f"Invalid field {name!r} on {where}")

    def browse_ids(self, ids: Any) -> list[int]:
        """Normalise the ids argument; non-numeric strings fail as PostgreSQL would."""
        items = ids if isinstance(ids, list | tuple) else [ids] if ids not in (None, False) else []
        result: list[int] = []
        for item in items:
            if isinstance(item, str) and not item.isdigit():
                raise bad_id_error(self.name, self.env.series, item)
            result.append(int(item))
        return result

    def _check_field_access(self, names: list[str]) -> None:
        """19 checks the comodel's read access of relational fields it reads."""
        if self.env.series == "18.0":
            return
        for name in names:
            field = self.fields[name]
            relation = field.relation
            if (
                relation
                and field.type in X2MANY
                and not access.has_model_access(self.env.series, self.env.user, relation, "read")
            ):
                denied = access.acl_error(self.env.series, relation, self.db.label(relation), "read")
                raise AccessError(f"Failed to read field {self.name}.{name}\n{denied.message}")

    def read(
        self, ids: Any, fields: list[str] | None = None, load: str | None = "_classic_read"
    ) -> list[Row]:
        record_ids = self.browse_ids(ids)
        names = [name for name in (fields or list(self.fields)) if name != "id"]
        self.validate_field_names(names)
        self.check_acl("read")
        self._check_field_access(names)
        existing = [record_id for record_id in record_ids if record_id in self.rows]
        self.check_rules(existing, "read")
        return [self.read_row(record_id, names, load) for record_id in existing]

    def read_row(self, record_id: int, names: list[str], load: str | None = "_classic_read") -> Row:
        row = self.rows[record_id]
        result: Row = {"id": record_id}
        for name in names:
            result[name] = self.db.read_value(self.name, row, self.fields[name], load)
        return result

    # -- write --------------------------------------------------------------------------------------
    def _set_values(self, record_id: int, vals: dict[str, Any]) -> None:
        row = self.rows[record_id]
        for name, value in vals.items():
            field = self.fields.get(name)
            if field is None:
                raise ValueError(f"Invalid field {name!r} on model {self.name!r}")
            if field.type in X2MANY:
                continue
            converted = convert_scalar(self.name, field, value)
            target = field.relation or ""
            if (
                field.type == "many2one"
                and converted
                and self.db.store.holds(target)
                and not self.db.store.exists(target, converted)
            ):
                raise missing_error(target, [converted], self.env.uid)
            previous = row.get(name)
            row[name] = converted
            if field.type == "many2one" and previous != converted:
                self._move_between_parents(field, previous, converted, record_id)
        for name, value in vals.items():
            field = self.fields[name]
            if field.type in X2MANY:
                row[name] = apply_x2many_commands(self, record_id, field, list(row.get(name) or []), value)

    def _check_not_null(self, record_id: int, vals: dict[str, Any]) -> None:
        row = self.rows[record_id]
        for name in [*vals, *self.behaviour.required_fields]:
            field = self.fields.get(name)
            if (
                field
                and field.required
                and field.store
                and field.type not in X2MANY
                and (row.get(name) is False or row.get(name) is None)
            ):
                raise ValidationError(self.not_null_message(field))

    def not_null_message(self, field: Field) -> str:
        if self.env.series == "18.0":
            return (
                "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
                "- Delete: another model requires the record being deleted. If possible, archive it instead."
                f"\n\nModel: {self.label} ({self.name})\nField: {field.string} ({field.name})\n"
            )
        return (
            f"The operation cannot be completed: Missing required value for the field '{field.string}' "
            f"({field.name}).\nModel: '{self.label}' ({self.name})\n"
            "- create/update: a mandatory field is not set\n"
            "- delete: another model requires the record being deleted, you can archive it instead\n"
        )

    def _magic_values(self, creating: bool) -> Row:
        stamp = self.db.now()
        values: Row = {"write_uid": self.env.uid, "write_date": stamp}
        if creating:
            values.update({"create_uid": self.env.uid, "create_date": stamp})
        return {key: value for key, value in values.items() if key in self.fields}

    def touch(self, record_ids: list[int], *, creating: bool = False) -> None:
        """Stamp `record_ids` as written now, by this user (``write_uid``, ``write_date``; with
        `creating`, ``create_uid`` and ``create_date`` too).

        Odoo's business methods change and create records through ``write()`` and ``create()``, which
        stamp every record they touch; the simulator's business methods change and insert rows
        directly, so they call this for each such record (what lets a client see that a record moved,
        e.g. change subscriptions polling ``write_date``)."""
        stamp = self._magic_values(creating=creating)
        for record_id in record_ids:
            row = self.rows.get(record_id)
            if row is not None:
                row.update(stamp)

    def context_defaults(self) -> dict[str, Any]:
        """Odoo's `default_<field>` context keys, for fields of this model."""
        return {
            key.removeprefix("default_"): value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key.removeprefix("default_") in self.fields
        }

    def create(self, vals_list: list[dict[str, Any]]) -> list[int]:
        self.check_acl("create")
        created: list[int] = []
        for vals in vals_list:
            created.append(self._create_one({**self.context_defaults(), **vals}))
        self.db.store.count_mutation()
        return created

    def _create_one(self, vals: dict[str, Any]) -> int:
        row: Row = {
            name: self.fields[name].empty_value() for name in self.fields if self.fields[name].type in X2MANY
        }
        if "active" in self.fields:
            row["active"] = True
        if self.company_field() and self.fields["company_id"].required and "company_id" not in vals:
            row["company_id"] = self.env.company_id
        row.update(self._magic_values(creating=True))
        row.update(self.behaviour.defaults(self, vals))
        record_id = self.db.store.insert(self.name, row)
        self._set_values(record_id, vals)
        self._check_not_null(record_id, vals)
        self.behaviour.after_create(self, record_id, vals)
        self.behaviour.check_constraints(self, [record_id])
        self.refresh_display_name(record_id)
        self.check_rules([record_id], "create")
        return record_id

    def refresh_display_name(self, record_id: int) -> None:
        row = self.rows[record_id]
        row["display_name"] = self.behaviour.display_name(self, row)

    def existing_or_missing(self, ids: list[int]) -> list[int]:
        missing = [record_id for record_id in ids if record_id not in self.rows]
        if missing:
            raise missing_error(self.name, missing, self.env.uid)
        return ids

    def write(self, ids: Any, vals: dict[str, Any]) -> bool:
        record_ids = self.browse_ids(ids)
        self.check_acl("write")
        self.check_rules(record_ids, "read")
        self.check_rules(record_ids, "write")
        self.existing_or_missing(record_ids)
        for record_id in record_ids:
            self.behaviour.before_write(self, record_id, vals)
            self._set_values(record_id, vals)
            self.rows[record_id].update(self._magic_values(creating=False))
            self._check_not_null(record_id, vals)
            self.behaviour.after_write(self, record_id, vals)
            self.refresh_display_name(record_id)
        self.behaviour.check_constraints(self, record_ids)
        self.db.store.count_mutation()
        return True

    def unlink(self, ids: Any) -> bool:
        record_ids = self.browse_ids(ids)
        self.check_acl("unlink")
        self.check_rules(record_ids, "unlink")
        existing = [record_id for record_id in record_ids if record_id in self.rows]
        for record_id in existing:
            self.behaviour.before_unlink(self, record_id)
            self._detach(record_id)
            self.db.store.delete(self.name, record_id)
        self.db.store.count_mutation()
        return True

    def _detach(self, record_id: int) -> None:
        """Take a deleted record out of the one2many lists of its parents."""
        row = self.rows[record_id]
        for field in self.fields.values():
            if field.type == "many2one" and row.get(field.name):
                self._move_between_parents(field, row[field.name], False, record_id)

    def _parent_lists(self, field: Field, parent_id: Any) -> list[list[int]]:
        """The one2many id lists of `parent_id` that mirror this model's many2one `field`."""
        parent_model = field.relation or ""
        parent = self.db.rows(parent_model).get(parent_id) if parent_id else None
        if parent is None:
            return []
        return [
            parent.setdefault(other.name, [])
            for other in self.db.fields[parent_model].values()
            if other.type == "one2many"
            and other.relation == self.name
            and self.db.inverse_field(parent_model, other) == field.name
        ]

    def _move_between_parents(self, field: Field, previous: Any, current: Any, record_id: int) -> None:
        for values in self._parent_lists(field, previous):
            if record_id in values:
                values.remove(record_id)
        for values in self._parent_lists(field, current):
            if record_id not in values:
                values.append(record_id)
