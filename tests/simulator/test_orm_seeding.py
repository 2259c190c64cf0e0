"""Values a demo database has that the dataset lacks: stamps, pictures, attachments, related fields."""

from __future__ import annotations

import base64

from test_orm_corpus_support import fresh_registry

MCP_BOT = 7
ADMIN = 2
DECO_ADDICT_18 = 10


def test_seeded_records_carry_the_installation_stamps() -> None:
    [partner] = fresh_registry().execute_kw(
        MCP_BOT, "res.partner", "read", [[45]], {"fields": ["create_date", "write_date", "create_uid"]}
    )
    assert partner["create_date"] == partner["write_date"] == "2026-11-24 09:49:30"
    assert partner["create_uid"][0] == 1


def test_demo_partners_have_a_png_picture_and_every_partner_an_avatar() -> None:
    registry = fresh_registry()
    [acme, bot] = registry.execute_kw(
        MCP_BOT, "res.partner", "read", [[9, 45]], {"fields": ["image_128", "avatar_128"]}
    )
    assert base64.b64decode(acme["image_128"]).startswith(b"\x89PNG")
    assert bot["image_128"] is False
    assert base64.b64decode(bot["avatar_128"]).startswith(b"<?xml")


def test_internal_quants_have_the_next_annual_inventory_date() -> None:
    quants = fresh_registry().execute_kw(
        MCP_BOT,
        "stock.quant",
        "search_read",
        [[["location_id.usage", "=", "internal"]]],
        {"fields": ["inventory_date"], "limit": 3},
    )
    assert {quant["inventory_date"] for quant in quants} == {"2026-12-31"}


def test_demo_vendor_bills_have_their_stored_pdf() -> None:
    registry = fresh_registry()
    [bill] = registry.execute_kw(
        MCP_BOT, "account.move", "read", [[8]], {"fields": ["message_main_attachment_id"]}
    )
    attachment_id, name = bill["message_main_attachment_id"]
    [attachment] = registry.execute_kw(
        MCP_BOT,
        "ir.attachment",
        "read",
        [[attachment_id]],
        {"fields": ["name", "datas", "file_size", "res_id"]},
    )
    content = base64.b64decode(attachment["datas"])
    assert (attachment["name"], attachment["res_id"]) == (name, 8)
    assert content.startswith(b"%PDF-1.4")
    assert attachment["file_size"] == len(content)


def test_variants_list_their_attribute_values() -> None:
    registry = fresh_registry()
    [desk] = registry.execute_kw(
        MCP_BOT, "product.product", "read", [[13]], {"fields": ["product_template_attribute_value_ids"]}
    )
    values = registry.execute_kw(
        MCP_BOT,
        "product.template.attribute.value",
        "read",
        [desk["product_template_attribute_value_ids"]],
        {"fields": ["display_name"]},
    )
    assert [value["display_name"] for value in values] == ["White", "Steel"]


def test_related_fields_follow_their_path() -> None:
    [lead] = fresh_registry().execute_kw(MCP_BOT, "crm.lead", "read", [[1]], {"fields": ["company_currency"]})
    assert lead["company_currency"] == [1, "USD"]


def test_contact_address_uses_odoos_default_format() -> None:
    [partner] = fresh_registry("18.0").execute_kw(
        8, "res.partner", "read", [[10]], {"fields": ["contact_address", "contact_address_inline"]}
    )
    assert (
        partner["contact_address"]
        == "Deco Addict\n77 Santa Barbara Rd\n\nPleasant Hill CA 94523\nUnited States"
    )
    assert (
        partner["contact_address_inline"]
        == "Deco Addict, 77 Santa Barbara Rd, Pleasant Hill CA 94523, United States"
    )


def test_order_type_name_follows_its_state() -> None:
    orders = fresh_registry().execute_kw(
        MCP_BOT, "sale.order", "read", [[1, 4]], {"fields": ["type_name", "access_url"]}
    )
    assert [(order["type_name"], order["access_url"]) for order in orders] == [
        ("Quotation", "/my/orders/1"),
        ("Sales Order", "/my/orders/4"),
    ]


def test_customer_documents_have_portal_tokens() -> None:
    [order] = fresh_registry().execute_kw(MCP_BOT, "sale.order", "read", [[4]], {"fields": ["access_token"]})
    assert isinstance(order["access_token"], str)


def test_seeded_partners_list_their_documents_through_the_inverse_many2one() -> None:
    registry = fresh_registry("18.0")
    fields = ["sale_order_ids", "invoice_ids", "opportunity_ids"]
    [deco] = registry.execute_kw(ADMIN, "res.partner", "read", [[DECO_ADDICT_18]], {"fields": fields})
    assert deco["sale_order_ids"] == [5, 1]
    assert deco["invoice_ids"] == [23, 13, 14, 2, 3, 12, 4, 16, 15]


def test_a_one2many_leaves_out_archived_records_and_follows_its_domain() -> None:
    registry = fresh_registry("18.0")
    [deco] = registry.execute_kw(
        ADMIN, "res.partner", "read", [[DECO_ADDICT_18]], {"fields": ["opportunity_ids"]}
    )
    assert deco["opportunity_ids"] == [27, 26, 14, 15]  # lead 28 is archived


def test_partners_read_the_receivable_and_payable_accounts_of_the_demo_documents() -> None:
    registry = fresh_registry("18.0")
    fields = ["property_account_receivable_id", "property_account_payable_id"]
    [deco] = registry.execute_kw(ADMIN, "res.partner", "read", [[DECO_ADDICT_18]], {"fields": fields})
    assert deco["property_account_receivable_id"] == [7, "121000 Account Receivable"]
    assert deco["property_account_payable_id"] == [16, "211000 Account Payable"]
