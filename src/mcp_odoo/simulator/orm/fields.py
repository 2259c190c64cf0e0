"""Field metadata per model: what `fields_get` answers and what the ORM needs to convert values.

Descriptions come, in order of preference, from the series' recorded `fields_get` transcripts
(all attributes for res.partner, ten attributes for 14 other models), then from the dataset's
`fields`, then from the few built-in definitions of technical models the demo data does not export.
Attributes a source lacks get Odoo's defaults for the field type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .dataset import ModelSeed
from .seed import Seed

RELATIONAL = frozenset({"many2one", "one2many", "many2many"})
X2MANY = frozenset({"one2many", "many2many"})
NUMERIC = frozenset({"integer", "float", "monetary"})


@dataclass(frozen=True)
class Field:
    """One field: its name, type and full `fields_get` description.

    `fixed` marks descriptions Odoo returns whole whatever attributes are asked for (18's
    `in_group_N` / `sel_groups_N` pseudo-fields of res.users).
    """

    name: str
    type: str
    description: dict[str, Any]
    fixed: bool = False

    @property
    def string(self) -> str:
        return str(self.description.get("string", self.name))

    @property
    def relation(self) -> str | None:
        relation = self.description.get("relation")
        return str(relation) if relation else None

    @property
    def store(self) -> bool:
        return bool(self.description.get("store", True))

    @property
    def related(self) -> str | None:
        """The dotted path this field mirrors (`company_id.currency_id`), when it is a related field."""
        related = self.description.get("related") or RELATED_PATHS.get(self.name)
        return str(related) if isinstance(related, str) and related else None

    @property
    def readonly(self) -> bool:
        return bool(self.description.get("readonly", False))

    @property
    def required(self) -> bool:
        return bool(self.description.get("required", False))

    @property
    def selection_keys(self) -> list[Any] | None:
        selection = self.description.get("selection")
        return [key for key, _label in selection] if isinstance(selection, list) else None

    def empty_value(self) -> Any:
        """What read() returns for the field when nothing is stored."""
        if self.type in X2MANY:
            return []
        if self.type == "integer":
            return 0
        if self.type in ("float", "monetary"):
            return 0.0
        return False


def _default_description(name: str, field_type: str, string: str, store: bool) -> dict[str, Any]:
    """Odoo's attribute defaults for a field of this type (the keys of an unfiltered fields_get)."""
    description: dict[str, Any] = {
        "change_default": False,
        "company_dependent": False,
        "default_export_compatible": False,
        "depends": [],
        "exportable": True,
        "groupable": store and field_type not in ("text", "html", "binary", "json", "properties"),
        "manual": False,
        "name": name,
        "readonly": name in ("id", "display_name", "create_date", "write_date", "create_uid", "write_uid"),
        "required": False,
        "searchable": True,
        "sortable": store,
        "store": store,
        "string": string,
        "type": field_type,
    }
    if field_type in RELATIONAL:
        description.update({"context": {}, "domain": []})
    if field_type in ("char", "text", "html"):
        description["translate"] = False
    if field_type in NUMERIC and store and name != "id":
        description["aggregator"] = "sum"
    return description


_DATASET_ONLY_KEYS = ("stored", "selection_omitted")


def _describe(name: str, partial: dict[str, Any]) -> dict[str, Any]:
    store = bool(partial.get("store", partial.get("stored", True)))
    description = _default_description(name, partial["type"], partial.get("string", name), store)
    description.update({key: value for key, value in partial.items() if key not in _DATASET_ONLY_KEYS})
    description["store"] = store
    return description


@dataclass
class RecordedModel:
    """What the series' fields_get transcripts say about one model."""

    fields: dict[str, dict[str, Any]]
    complete: bool = False
    fixed: set[str] | None = None


def _recorded_fields_get(seed: Seed) -> dict[str, RecordedModel]:
    """model -> recorded descriptions, merged from every XML-RPC fields_get transcript of the series.

    A transcript without `attributes` gives complete descriptions, used verbatim.
    """
    merged: dict[str, RecordedModel] = {}
    for _name, transcript in seed.folder("fields_get", ".xmlrpc.json"):
        params = transcript["request"].get("params") or []
        result = transcript["response"].get("result")
        if len(params) < 5 or params[4] != "fields_get" or not isinstance(result, dict):
            continue
        kwargs = params[6] if len(params) > 6 else {}
        if kwargs.get("allfields"):
            continue
        recorded = merged.setdefault(params[3], RecordedModel({}, fixed=set()))
        attributes = set(kwargs.get("attributes") or [])
        for name, partial in result.items():
            if not attributes:
                recorded.fields[name] = dict(partial)
                continue
            recorded.fields.setdefault(name, {}).update(partial)
            if not set(partial) <= attributes and recorded.fixed is not None:
                recorded.fixed.add(name)
        recorded.complete = recorded.complete or not attributes
    return merged


#: Related fields the recordings describe without their path (only res.partner's full description has it).
RELATED_PATHS: dict[str, str] = {
    "company_currency": "company_id.currency_id",
    "company_currency_id": "company_id.currency_id",
    "country_code": "country_id.code",
    "parent_name": "parent_id.name",
}

#: Technical models the demo dataset does not export but external clients use.
BUILTIN_FIELDS: dict[str, dict[str, dict[str, Any]]] = {
    "res.lang": {
        "name": {"type": "char", "string": "Name", "required": True},
        "code": {"type": "char", "string": "Locale Code", "required": True},
        "iso_code": {"type": "char", "string": "ISO code"},
        "url_code": {"type": "char", "string": "URL Code"},
        "active": {"type": "boolean", "string": "Active"},
        "direction": {
            "type": "selection",
            "string": "Direction",
            "selection": [["ltr", "Left-to-Right"], ["rtl", "Right-to-Left"]],
        },
        "date_format": {"type": "char", "string": "Date Format"},
        "time_format": {"type": "char", "string": "Time Format"},
    },
    "ir.attachment": {
        "name": {"type": "char", "string": "Name", "required": True},
        "res_model": {"type": "char", "string": "Resource Model"},
        "res_id": {"type": "many2one_reference", "string": "Resource ID"},
        "res_field": {"type": "char", "string": "Resource Field"},
        "type": {"type": "selection", "string": "Type", "selection": [["url", "URL"], ["binary", "File"]]},
        "mimetype": {"type": "char", "string": "Mime Type"},
        "datas": {"type": "binary", "string": "File Content (base64)", "stored": False},
        "file_size": {"type": "integer", "string": "File Size"},
        "checksum": {"type": "char", "string": "Checksum/SHA1"},
        "public": {"type": "boolean", "string": "Is public document"},
        "access_token": {"type": "char", "string": "Access Token"},
        "company_id": {"type": "many2one", "string": "Company", "relation": "res.company"},
        "description": {"type": "text", "string": "Description"},
    },
    "ir.actions.report": {
        "name": {"type": "char", "string": "Action Name", "required": True},
        "type": {"type": "char", "string": "Action Type"},
        "model": {"type": "char", "string": "Model Name", "required": True},
        "report_type": {
            "type": "selection",
            "string": "Report Type",
            "selection": [["qweb-html", "HTML"], ["qweb-pdf", "PDF"], ["qweb-text", "Text"]],
        },
        "report_name": {"type": "char", "string": "Template Name", "required": True},
        "report_file": {"type": "char", "string": "Report File"},
        "print_report_name": {"type": "char", "string": "Printed Report Name"},
        "attachment": {"type": "char", "string": "Save as Attachment Prefix"},
    },
    "mail.message": {
        "subject": {"type": "char", "string": "Subject"},
        "body": {"type": "html", "string": "Contents"},
        "model": {"type": "char", "string": "Related Document Model"},
        "res_id": {"type": "many2one_reference", "string": "Related Document ID"},
        "message_type": {
            "type": "selection",
            "string": "Type",
            "selection": [
                ["email", "Incoming Email"],
                ["comment", "Comment"],
                ["notification", "System notification"],
            ],
        },
        "subtype_id": {"type": "many2one", "string": "Subtype", "relation": "mail.message.subtype"},
        "author_id": {"type": "many2one", "string": "Author", "relation": "res.partner"},
        "date": {"type": "datetime", "string": "Date"},
    },
    "account.payment.register": {
        "payment_date": {"type": "date", "string": "Payment Date", "required": True},
        "amount": {"type": "monetary", "string": "Amount", "currency_field": "currency_id"},
        "communication": {"type": "char", "string": "Memo"},
        "group_payment": {"type": "boolean", "string": "Group Payments"},
        "currency_id": {"type": "many2one", "string": "Currency", "relation": "res.currency"},
        "journal_id": {"type": "many2one", "string": "Journal", "relation": "account.journal"},
        "partner_id": {"type": "many2one", "string": "Customer/Vendor", "relation": "res.partner"},
        "company_id": {"type": "many2one", "string": "Company", "relation": "res.company"},
        "line_ids": {
            "type": "many2many",
            "string": "Journal items",
            "relation": "account.move.line",
            "readonly": True,
        },
        "payment_type": {
            "type": "selection",
            "string": "Payment Type",
            "selection": [["outbound", "Send"], ["inbound", "Receive"]],
        },
        "partner_type": {
            "type": "selection",
            "string": "Partner Type",
            "selection": [["customer", "Customer"], ["supplier", "Vendor"]],
        },
        "source_amount": {"type": "monetary", "string": "Amount to Pay (company currency)"},
        "source_amount_currency": {"type": "monetary", "string": "Amount to Pay (foreign currency)"},
        "source_currency_id": {"type": "many2one", "string": "Source Currency", "relation": "res.currency"},
        "payment_difference": {"type": "monetary", "string": "Payment Difference"},
    },
    "discuss.channel.rtc.session": {
        "partner_id": {"type": "many2one", "string": "Partner", "relation": "res.partner"},
    },
    # The corpus has no fields_get for ir.model.data: these are the fields of Odoo's model that clients
    # read to resolve an external id (its rows are synthesized from the dataset's `xml_ids`).
    "ir.model.data": {
        "name": {"type": "char", "string": "External Identifier", "required": True},
        "complete_name": {"type": "char", "string": "Complete ID", "stored": False},
        "model": {"type": "char", "string": "Model Name", "required": True},
        "module": {"type": "char", "string": "Module", "required": True},
        "res_id": {"type": "many2one_reference", "string": "Record ID"},
        "noupdate": {"type": "boolean", "string": "Non Updatable"},
    },
    # The dataset's ir.model export leaves out the flag its order starts with.
    "ir.model": {
        "is_mail_thread": {"type": "boolean", "string": "Has Mail Thread"},
    },
    # The installed modules (rows from the dataset's `installed_modules`, see `catalogue.MANIFESTS`).
    "ir.module.module": {
        "name": {"type": "char", "string": "Technical Name", "required": True, "readonly": True},
        "shortdesc": {"type": "char", "string": "Module Name", "readonly": True},
        "state": {
            "type": "selection",
            "string": "Status",
            "readonly": True,
            "selection": [
                ["uninstallable", "Uninstallable"],
                ["uninstalled", "Not Installed"],
                ["installed", "Installed"],
                ["to upgrade", "To be upgraded"],
                ["to remove", "To be removed"],
                ["to install", "To be installed"],
            ],
        },
        "application": {"type": "boolean", "string": "Application", "readonly": True},
        "sequence": {"type": "integer", "string": "Sequence"},
    },
    # The dataset's mail.activity export leaves out the document's ir.model link.
    "mail.activity": {
        "res_model_id": {
            "type": "many2one",
            "string": "Document Model",
            "relation": "ir.model",
            "required": True,
        },
    },
}

#: Fields every model has (Odoo's magic columns).
MAGIC_FIELDS: dict[str, dict[str, Any]] = {
    "id": {"type": "integer", "string": "ID", "readonly": True},
    "display_name": {"type": "char", "string": "Display Name", "stored": False, "readonly": True},
    "create_uid": {"type": "many2one", "string": "Created by", "relation": "res.users", "readonly": True},
    "create_date": {"type": "datetime", "string": "Created on", "readonly": True},
    "write_uid": {"type": "many2one", "string": "Last Updated by", "relation": "res.users", "readonly": True},
    "write_date": {"type": "datetime", "string": "Last Updated on", "readonly": True},
}


def _model_fields(model: str, seed: ModelSeed | None, recorded: RecordedModel | None) -> dict[str, Field]:
    if recorded is not None and recorded.complete:
        return {name: Field(name, desc["type"], desc) for name, desc in recorded.fields.items()}
    partials: dict[str, dict[str, Any]] = {}
    for source in (MAGIC_FIELDS, BUILTIN_FIELDS.get(model, {}), seed.fields if seed else {}):
        for name, partial in source.items():
            partials[name] = {**partials.get(name, {}), **partial}
    fixed: set[str] = set()
    if recorded is not None:
        # the recorded list is authoritative: fields Odoo does not list for this user stay out
        partials = {name: {**partials.get(name, {}), **desc} for name, desc in recorded.fields.items()}
        fixed = recorded.fixed or set()
    return {
        name: Field(
            name,
            partial["type"],
            dict(recorded.fields[name]) if name in fixed and recorded else _describe(name, partial),
            fixed=name in fixed,
        )
        for name, partial in partials.items()
    }


def build_fields(seed: Seed, models: list[str], seeds: dict[str, ModelSeed]) -> dict[str, dict[str, Field]]:
    """model -> field name -> Field for every model of the database."""
    recorded = _recorded_fields_get(seed)
    return {model: _model_fields(model, seeds.get(model), recorded.get(model)) for model in models}


def fields_get(
    fields: dict[str, Field], allfields: list[str] | None, attributes: list[str] | None
) -> dict[str, dict[str, Any]]:
    """Odoo's `fields_get`: the chosen fields, each with the chosen attributes (all of them when empty)."""
    names = [name for name in fields if not allfields or name in allfields]
    answer: dict[str, dict[str, Any]] = {}
    for name in names:
        description = fields[name].description
        if attributes and not fields[name].fixed:
            answer[name] = {key: description[key] for key in attributes if key in description}
        else:
            answer[name] = dict(description)
    return answer
