"""The seeded database of one series: tables, field metadata, model labels and users.

It is the `DomainSource` the domain engine evaluates against, and knows every record's display name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .computed import compute_for
from .dataset import REFERENCE_DATE, ModelSeed, load_dataset, shift_value
from .dependencies import complete_descriptions
from .domain import DomainEvaluator
from .fields import BUILTIN_FIELDS, X2MANY, Field, build_fields
from .ordering import default_order, sort_ids
from .seed import Seed
from .seeding import complete_seeded_rows
from .store import Row, Store
from .users import CORPUS_USERS, DEMO_CREDENTIALS, User


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    def __init__(self, seed: Seed, today: dt.date) -> None:
        self.series = seed.series
        self.today = today
        self.clock: Callable[[], dt.datetime] = utc_now
        """The real time of day `now` reads (tests replace it to step time without sleeping)."""
        self.seed = seed
        self.store = Store()
        seeds = load_dataset(seed, today)
        self._seeded_models = frozenset(seeds)
        self.model_labels: dict[str, str] = {
            record["model"]: record["name"] for record in seeds["ir.model"].records
        }
        for model in BUILTIN_FIELDS:
            self.model_labels.setdefault(model, model)
        self.fields = build_fields(seed, list(self.model_labels), seeds)
        complete_descriptions(self)
        self.users: dict[int, User] = {}
        #: external id ("mail.mail_activity_data_todo") -> (model, id) of the seeded records
        self.xml_ids: dict[str, tuple[str, int]] = {
            xml_id: (seed.model, record_id)
            for seed in seeds.values()
            for record_id, xml_id in seed.xml_ids.items()
        }
        self.evaluator = DomainEvaluator(self, self.series)
        self._seed(seeds)

    # -- DomainSource -------------------------------------------------------------------------------
    def model_fields(self, model: str) -> dict[str, Field]:
        return self.fields[model]

    def rows(self, model: str) -> dict[int, Row]:
        return self.store.table(model)

    def display_name(self, model: str, record_id: int) -> str:
        row = self.store.table(model).get(record_id)
        if row is None:
            return self.store.state.foreign_names.get((model, record_id), f"{model},{record_id}")
        name = row.get("display_name") or row.get("name") or f"{model},{record_id}"
        return str(name)

    # -- seeding ------------------------------------------------------------------------------------
    def _seed(self, seeds: dict[str, ModelSeed]) -> None:
        for seed in seeds.values():
            fields = self.fields[seed.model]
            for record in seed.records:
                self.store.insert(seed.model, self.to_cache_row(fields, record), record["id"])
        self._seed_languages()
        self._seed_reports()
        self._seed_model_data()
        self._seed_corpus_users()
        complete_seeded_rows(self, seeds)
        self.sync_users()
        self.store.state.write_count = 0

    def installation_stamp(self) -> str:
        """When the demo data was loaded, shifted like every other datetime of the dataset."""
        loaded = self.seed.json("dataset/_meta.json")["demo_data_loaded_at"]
        return str(shift_value(loaded, "datetime", (self.today - REFERENCE_DATE).days))

    def to_cache_row(self, fields: dict[str, Field], record: dict[str, Any]) -> Row:
        """A read()-shaped record in cache form (many2one as id), remembering foreign names."""
        row: Row = {}
        for name, value in record.items():
            field = fields.get(name)
            if field is not None and field.type == "many2one" and isinstance(value, list):
                relation = field.relation or ""
                if relation not in self._seeded_models:
                    self.store.state.foreign_names[(relation, value[0])] = value[1]
                row[name] = value[0]
            else:
                row[name] = list(value) if isinstance(value, list) else value
        return row

    def _seed_languages(self) -> None:
        transcript = self.seed.json("context/installed_languages.xmlrpc.json")
        for record in transcript["response"]["result"]:
            self.store.insert("res.lang", {**record, "display_name": record["name"]}, record["id"])

    def _seed_reports(self) -> None:
        """The invoice report action the corpus asked for (ir.actions.report is not in the dataset)."""
        transcript = self.seed.json("reports/02_report_action.jsonrpc.json")
        report_id = transcript["request"]["body"]["params"]["args"][5][0][0]
        action = transcript["response"]["result"]
        self.store.insert(
            "ir.actions.report",
            {
                "name": action["name"],
                "display_name": action["name"],
                "type": action["type"],
                "model": "account.move",
                "report_name": action["report_name"],
                "report_type": action["report_type"],
                "report_file": action["report_file"],
            },
            report_id,
        )

    def _seed_model_data(self) -> None:
        """ir.model.data rows for the dataset's external ids (read-only: `access` grants no writes).

        The dataset does not say which were loaded `noupdate`; they read as False.
        """
        for xml_id, (model, record_id) in sorted(self.xml_ids.items()):
            module, _, name = xml_id.partition(".")
            self.store.insert(
                "ir.model.data",
                {
                    "module": module,
                    "name": name,
                    "complete_name": xml_id,
                    "display_name": xml_id,
                    "model": model,
                    "res_id": record_id,
                    "noupdate": False,
                },
            )

    def _seed_corpus_users(self) -> None:
        main_company = 1
        for corpus_user in CORPUS_USERS:
            uid, partner_id = corpus_user.uid[self.series], corpus_user.partner_id[self.series]
            self.store.insert(
                "res.partner",
                {
                    "name": corpus_user.name,
                    "display_name": corpus_user.name,
                    "complete_name": corpus_user.name,
                    "active": True,
                    "type": "contact",
                    "is_company": False,
                    "company_type": "person",
                    "email": corpus_user.email,
                    "lang": "en_US",
                    "tz": "Europe/Brussels",
                    "partner_share": False,
                    "user_ids": [uid],
                    "commercial_partner_id": partner_id,
                    "company_id": False,
                },
                partner_id,
            )
            self.store.insert(
                "res.users",
                {
                    "name": corpus_user.name,
                    "display_name": corpus_user.name,
                    "login": corpus_user.login,
                    "partner_id": partner_id,
                    "company_id": main_company,
                    "company_ids": [main_company],
                    "active": True,
                    "share": False,
                    "group_xmlids": list(corpus_user.groups),
                    "tz": "Europe/Brussels",
                    "lang": "en_US",
                },
                uid,
            )

    def sync_users(self) -> None:
        """(Re)build the User view of every res.users row (after writes to companies, names, new users)."""
        users: dict[int, User] = {}
        for uid, row in self.store.table("res.users").items():
            credentials = DEMO_CREDENTIALS.get(row["login"], {})
            users[uid] = User(
                uid=uid,
                login=row["login"],
                name=row["name"],
                partner_id=row.get("partner_id") or 0,
                company_id=row.get("company_id") or 1,
                company_ids=list(row.get("company_ids") or []),
                groups=frozenset(row.get("group_xmlids") or ["base.group_user"]),
                api_key=credentials.get("api_key"),
                password=credentials.get("password"),
                tz=row.get("tz") or "Europe/Brussels",
                active=bool(row.get("active", True)),
                share=bool(row.get("share", False)),
            )
        self.users = users

    # -- helpers ------------------------------------------------------------------------------------
    def now(self) -> str:
        """The simulated current datetime (UTC): the registry's `today` at the real time of day."""
        return dt.datetime.combine(self.today, self.clock().time()).strftime("%Y-%m-%d %H:%M:%S")

    def ir_model_id(self, model: str) -> int | bool:
        """The ir.model id of a model (False when the dataset does not list it)."""
        found = (record_id for record_id, row in self.rows("ir.model").items() if row.get("model") == model)
        return next(found, False)

    def has_model(self, model: str) -> bool:
        return model in self.model_labels

    def label(self, model: str) -> str:
        return self.model_labels.get(model, model)

    def inverse_field(self, model: str, field: Field) -> str | None:
        """The many2one on the comodel that a one2many mirrors."""
        relation_field = field.description.get("relation_field")
        if relation_field:
            return str(relation_field)
        relation = field.relation or ""
        candidates = [
            name
            for name, other in self.fields.get(relation, {}).items()
            if other.type == "many2one"
            and other.relation == model
            and name not in ("create_uid", "write_uid")
        ]
        for preferred in ("order_id", "move_id", "picking_id", "parent_id", "partner_id", "lead_id"):
            if preferred in candidates:
                return preferred
        return candidates[0] if len(candidates) == 1 else None

    def sort_value(self, model: str, record_id: int, name: str) -> Any:
        """A comparable value of the field for ORDER BY, None when empty (NULL)."""
        field = self.fields[model][name]
        value = self.rows(model)[record_id].get(name) if name != "id" else record_id
        if field.type == "boolean":
            return int(bool(value))
        if value is None or value is False or value == "":
            return None
        if field.type == "many2one":
            return self.display_name(field.relation or "", value).casefold()
        if isinstance(value, str):
            return value.casefold()
        if isinstance(value, list):
            return len(value)
        return value

    def _in_comodel_order(self, comodel: str, ids: list[int]) -> list[int]:
        """Many2many values read in the comodel's order, as Odoo reads them."""
        rows = self.rows(comodel)
        present = [record_id for record_id in ids if record_id in rows]
        terms = default_order(comodel, self.fields[comodel])
        ordered = sort_ids(present, terms, lambda record_id, name: self.sort_value(comodel, record_id, name))
        return ordered + [record_id for record_id in ids if record_id not in rows]

    def _related_value(self, model: str, row: Row, field: Field, load: str | None) -> Any:
        *hops, last = (field.related or "").split(".")
        current_model, current = model, row
        for hop in hops:
            hop_field = self.fields[current_model].get(hop)
            target = current.get(hop)
            if isinstance(target, list):
                target = target[0] if target else False
            if hop_field is None or not target or not hop_field.relation:
                return field.empty_value()
            current_model = hop_field.relation
            current = self.rows(current_model).get(target) or {}
            if not current:
                return field.empty_value()
        final = self.fields[current_model].get(last)
        if final is None or final is field:
            return field.empty_value()
        return self.read_value(current_model, current, final, load)

    def read_value(self, model: str, row: Row, field: Field, load: str | None = "_classic_read") -> Any:
        """A stored value in the shape read() returns (related fields the row lacks are followed)."""
        if field.name not in row:
            compute = compute_for(model, field.name)
            if compute is not None:
                value = compute(self, model, row)
                if field.type == "many2one" and load == "_classic_write" and isinstance(value, list):
                    return value[0]
                return value
            if field.related:
                return self._related_value(model, row, field, load)
        value = row.get(field.name, field.empty_value())
        if field.name == "display_name":
            return self.display_name(model, row["id"])
        if field.type == "many2one":
            if not value:
                return False
            if load == "_classic_write":
                return value
            return [value, self.display_name(field.relation or "", value)]
        if field.type == "many2many" and value and self.store.holds(field.relation or ""):
            return self._in_comodel_order(field.relation or "", list(value))
        if field.type in X2MANY:
            return list(value or [])
        if value is None:
            return field.empty_value()
        return value
