"""Values a demo database has that the exported dataset lacks, completed after loading it.

- creation/update stamps (the installation time, by OdooBot) on every seeded record;
- `stock.quant.inventory_date`: the next annual inventory (31 December) for internal locations;
- pictures of the demo partners and avatars of every partner (generated stand-ins, see `media`);
- the demo vendor bills' stored PDF (`ir.attachment`), as the corpus' `reports/05` and `08` list them;
- portal access tokens of the customer documents (sale orders, invoices);
- the one2many lists the export left out (a partner's `sale_order_ids`, `invoice_ids`, ...), from the
  comodel's many2one they mirror, in the comodel's order;
- the attribute values of product variants (`product.template.attribute.value`), read off the variants'
  display names ("Customizable Desk (White, Steel)");
- `ir.model.is_mail_thread`, and `ir.module.module` rows for the installed modules (`_meta.json`), both
  described by `catalogue`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from .catalogue import MAIL_THREAD_MODELS, manifest
from .dataset import ModelSeed
from .domain import parse
from .fields import Field
from .media import as_base64, colour_for, initial_svg, one_page_pdf, solid_png
from .ordering import default_order, sort_ids

if TYPE_CHECKING:
    from .database import Database
    from .store import Row

SUPERUSER = 1
PICTURE_SIZES = {"image_1920": 200, "image_1024": 200, "image_512": 200, "image_256": 200, "image_128": 128}
DEMO_PICTURE_PREFIX = "base.res_partner_"


def complete_seeded_rows(db: Database, seeds: dict[str, ModelSeed]) -> None:
    _mail_thread_flags(db)
    _installed_modules(db)
    _stamp(db)
    _inventory_dates(db)
    _partner_pictures(db, seeds.get("res.partner"))
    _demo_bill_attachments(db)
    _variant_attribute_values(db)
    _portal_tokens(db)
    _inverse_lists(db)


def _mail_thread_flags(db: Database) -> None:
    for row in db.rows("ir.model").values():
        row["is_mail_thread"] = row.get("model") in MAIL_THREAD_MODELS


def _installed_modules(db: Database) -> None:
    """One installed ir.module.module per module of the dataset, numbered in name order."""
    installed = sorted(db.seed.json("dataset/_meta.json")["installed_modules"])
    for module_id, name in enumerate(installed, start=1):
        described = manifest(name)
        db.store.insert(
            "ir.module.module",
            {
                "name": name,
                "shortdesc": described.shortdesc,
                "display_name": described.shortdesc,
                "state": "installed",
                "application": described.application,
                "sequence": described.sequence,
            },
            module_id,
        )


def _stamp(db: Database) -> None:
    installed = db.installation_stamp()
    defaults = {
        "create_date": installed,
        "write_date": installed,
        "create_uid": SUPERUSER,
        "write_uid": SUPERUSER,
    }
    for model, table in db.store.state.tables.items():
        missing = {name: value for name, value in defaults.items() if name in db.fields[model]}
        for row in table.values():
            for name, value in missing.items():
                row.setdefault(name, value)


def _inventory_dates(db: Database) -> None:
    if "inventory_date" not in db.fields.get("stock.quant", {}):
        return
    locations = db.rows("stock.location")
    annual = f"{db.today.year}-12-31"
    for quant in db.rows("stock.quant").values():
        if locations.get(quant.get("location_id") or 0, {}).get("usage") == "internal":
            quant.setdefault("inventory_date", annual)


def _partner_pictures(db: Database, seed: ModelSeed | None) -> None:
    fields = db.fields["res.partner"]
    xml_ids = seed.xml_ids if seed else {}
    for partner_id, row in db.rows("res.partner").items():
        colour = colour_for(partner_id)
        picture: dict[str, Any] = {}
        if xml_ids.get(partner_id, "").startswith(DEMO_PICTURE_PREFIX):
            picture = {name: as_base64(solid_png(size, size, colour)) for name, size in PICTURE_SIZES.items()}
        avatar = as_base64(initial_svg(str(row.get("name") or ""), colour))
        for name in PICTURE_SIZES:
            if name in fields:
                row.setdefault(name, picture.get(name, False))
            avatar_name = name.replace("image", "avatar")
            if avatar_name in fields:
                row.setdefault(avatar_name, picture.get(name, avatar))


def _demo_bill_attachments(db: Database) -> None:
    """The demo vendor bills' PDF: ids, names and links as recorded; the content is a stand-in."""
    listed = db.seed.json("reports/05_moves_with_main_attachment.xmlrpc.json")["response"].get("result", [])
    described = db.seed.json("reports/08_demo_bill_attachment_read.xmlrpc.json")["response"].get("result", [])
    details = {record["id"]: record for record in described}
    moves = db.rows("account.move")
    for move in listed:
        row = moves.get(move["id"])
        if row is None:
            continue
        for field in ("message_main_attachment_id", "invoice_pdf_report_id"):
            value = move.get(field)
            if not value:
                continue
            attachment_id, name = value
            if not db.store.exists("ir.attachment", attachment_id):
                owner = details.get(attachment_id, {}).get("res_id", move["id"])
                content = one_page_pdf(f"{name} ({moves.get(owner, {}).get('name', owner)})")
                db.store.insert(
                    "ir.attachment",
                    {
                        "name": name,
                        "display_name": name,
                        "res_model": "account.move",
                        "res_id": owner,
                        "mimetype": "application/pdf",
                        "type": "binary",
                        "datas": as_base64(content),
                        "file_size": len(content),
                        "company_id": row.get("company_id", False),
                    },
                    attachment_id,
                )
            row[field] = attachment_id


def _variant_values(row: dict[str, Any]) -> list[str]:
    """The attribute values a variant's display name lists after the template name."""
    display = str(row.get("display_name") or "")
    name = str(row.get("name") or "")
    suffix = display[display.find(name) + len(name) :] if name and name in display else ""
    suffix = suffix.strip()
    if not (suffix.startswith("(") and suffix.endswith(")")):
        return []
    return [value.strip() for value in suffix[1:-1].split(",") if value.strip()]


def _variant_attribute_values(db: Database) -> None:
    if "product_template_attribute_value_ids" not in db.fields.get("product.product", {}):
        return
    created: dict[tuple[Any, str], int] = {}
    for row in db.rows("product.product").values():
        if row.get("product_template_attribute_value_ids"):
            continue
        ids = []
        for value in _variant_values(row):
            key = (row.get("product_tmpl_id"), value)
            if key not in created:
                created[key] = db.store.insert(
                    "product.template.attribute.value",
                    {
                        "name": value,
                        "display_name": value,
                        "product_tmpl_id": row.get("product_tmpl_id"),
                        "ptav_active": True,
                    },
                )
            ids.append(created[key])
        row["product_template_attribute_value_ids"] = ids


PORTAL_MODELS = ("sale.order", "account.move")


def _portal_tokens(db: Database) -> None:
    for model in PORTAL_MODELS:
        if "access_token" not in db.fields.get(model, {}):
            continue
        for row in db.rows(model).values():
            row.setdefault("access_token", str(uuid.uuid4()))


def _inverse_lists(db: Database) -> None:
    for model, table in list(db.store.state.tables.items()):
        for field in db.fields[model].values():
            relation = field.relation or ""
            if field.type != "one2many" or not db.store.holds(relation):
                continue
            inverse = db.fields[relation].get(db.inverse_field(model, field) or "")
            lacking = [row for row in table.values() if field.name not in row]
            # polymorphic lists (activities, messages: `res_model` + `res_id`) are not rebuilt here
            if lacking and inverse is not None and inverse.type == "many2one" and inverse.relation == model:
                _fill_inverse_list(db, field, inverse.name, lacking)


def _fill_inverse_list(db: Database, field: Field, inverse: str, rows: list[Row]) -> None:
    """What reading the one2many gives: the comodel's records pointing here that pass the field's
    domain (archived ones left out, as the default `active_test` does), in the comodel's order."""
    relation = field.relation or ""
    recorded_domain = field.description.get("domain")
    domain = list(recorded_domain) if isinstance(recorded_domain, list) else []  # not Python expressions
    context = field.description.get("context")
    if "active" in db.fields[relation] and not (
        isinstance(context, dict) and context.get("active_test") is False
    ):
        domain = [*domain, ["active", "=", True]]
    try:
        expression = parse(domain, db.series)
        db.evaluator.validate(relation, expression)
    except (ValueError, KeyError):
        return  # a domain on fields the simulator does not have: the list stays empty
    children: dict[Any, list[int]] = {}
    for child_id in db.evaluator.filter(relation, expression, list(db.rows(relation))):
        children.setdefault(db.rows(relation)[child_id].get(inverse), []).append(child_id)
    order = default_order(relation, db.fields[relation])
    for row in rows:
        ids = children.get(row["id"], [])
        row[field.name] = sort_ids(ids, order, lambda i, name: db.sort_value(relation, i, name))
