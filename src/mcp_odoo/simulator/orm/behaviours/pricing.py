"""Line amounts and document totals: price_unit * qty * (1 - discount/100) plus percent taxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Model


def tax_amount(model: Model, tax_ids: list[int], base: float) -> float:
    taxes = model.db.rows("account.tax")
    total = 0.0
    for tax_id in tax_ids:
        tax = taxes.get(tax_id, {})
        if tax.get("amount_type", "percent") == "percent" and not tax.get("price_include"):
            total += base * float(tax.get("amount", 0.0)) / 100.0
        elif tax.get("amount_type") == "fixed":
            total += float(tax.get("amount", 0.0))
    return round(total, 2)


def line_amounts(
    model: Model, quantity: float, price_unit: float, discount: float, tax_ids: list[int]
) -> tuple[float, float]:
    """(subtotal, tax) of one line, rounded to cents as the currency would."""
    subtotal = round(quantity * price_unit * (1 - discount / 100.0), 2)
    return subtotal, tax_amount(model, tax_ids, subtotal)


def product_taxes(model: Model, product_id: int, company_id: int, field: str = "taxes_id") -> list[int]:
    product = model.db.rows("product.product").get(product_id, {})
    taxes = model.db.rows("account.tax")
    return [
        tax for tax in product.get(field, []) if taxes.get(tax, {}).get("company_id") in (company_id, False)
    ]


def product_label(model: Model, product_id: int) -> str:
    product = model.db.rows("product.product").get(product_id, {})
    label = model.db.display_name("product.product", product_id)
    description = product.get("description_sale")
    return f"{label}\n{description}" if description else label


def next_number(names: list[str], prefix: str) -> int:
    """1 + the highest number among existing names that start with the prefix."""
    numbers = [
        int(name[len(prefix) :])
        for name in names
        if isinstance(name, str) and name.startswith(prefix) and name[len(prefix) :].isdigit()
    ]
    return max(numbers, default=0) + 1
