"""Per-series names, decided from field metadata: checked against the real fields_get transcripts of
Odoo 16.0, 17.0, 18.0 and 19.0 in the reference corpus (the repository's copy)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import pytest

from mcp_odoo.odoo import OdooCall
from mcp_odoo.odoo.errors import UnknownModel
from mcp_odoo.packs import builtin_packs
from mcp_odoo.packs.drift import check_pack
from mcp_odoo.packs.versions import (
    locked_order_condition,
    partner_phone_fields,
    present,
    storable_product_domain,
)
from mcp_odoo.policy import OdooGateway, Policy
from mcp_odoo.policy.settings import PolicySettings
from reference_corpus import ALL_SERIES, REFERENCE

CORPUS = REFERENCE


@dataclass(frozen=True)
class Info:
    major: int
    uid: int = 2
    login: str = "mcp_bot"
    company_ids: Sequence[int] = (1,)


class TranscriptConnector:
    """Answers fields_get from the corpus' recorded transcripts of one series; nothing else."""

    def __init__(self, series: str) -> None:
        self.series = series

    async def connect(self) -> Info:
        return Info(major=int(self.series.split(".")[0]))

    async def execute(self, call: OdooCall) -> Any:
        assert call.method == "fields_get", call.method
        path = CORPUS / self.series / "fields_get" / f"{call.model.replace('.', '_')}.xmlrpc.json"
        if not path.exists():
            raise UnknownModel(f"no transcript for {call.model}")
        return json.loads(path.read_text())["response"]["result"]

    def pdf_fetcher(self) -> NoReturn:
        raise AssertionError("not used")


def gateway_for(series: str) -> OdooGateway:
    return OdooGateway(TranscriptConnector(series), Policy(PolicySettings()))


@pytest.mark.parametrize(
    ("series", "expected"),
    [("16.0", "detailed_type"), ("17.0", "detailed_type"), ("18.0", "is_storable"), ("19.0", "is_storable")],
)
async def test_storable_goods_are_selected_with_the_series_field(series: str, expected: str) -> None:
    assert (await storable_product_domain(gateway_for(series)))[0][0] == expected


@pytest.mark.parametrize(
    ("series", "expected"), [("16.0", "state"), ("17.0", "locked"), ("18.0", "locked"), ("19.0", "locked")]
)
async def test_locked_orders_use_state_done_before_17(series: str, expected: str) -> None:
    assert (await locked_order_condition(gateway_for(series)))[0][0] == expected


@pytest.mark.parametrize(
    ("series", "has_mobile"), [("16.0", True), ("17.0", True), ("18.0", True), ("19.0", False)]
)
async def test_partner_mobile_is_searched_only_where_it_exists(series: str, has_mobile: bool) -> None:
    assert ("mobile" in await partner_phone_fields(gateway_for(series))) is has_mobile


@pytest.mark.parametrize(
    ("series", "uom", "taxes"),
    [
        ("16.0", "product_uom", "tax_id"),
        ("17.0", "product_uom", "tax_id"),
        ("18.0", "product_uom", "tax_id"),
        ("19.0", "product_uom_id", "tax_ids"),
    ],
)
async def test_order_lines_are_read_with_the_series_names(series: str, uom: str, taxes: str) -> None:
    names = await present(
        gateway_for(series), "sale.order.line", ["product_uom", "product_uom_id", "tax_id", "tax_ids"]
    )
    assert names == sorted([uom, taxes], key=["product_uom", "product_uom_id", "tax_id", "tax_ids"].index)


@pytest.mark.parametrize("series", ALL_SERIES)
async def test_every_recorded_model_a_pack_needs_has_its_fields(series: str) -> None:
    gateway = gateway_for(series)
    packs = builtin_packs()
    checked = {req.model for pack in packs for req in pack.requirements if _recorded(series, req.model)}
    assert {
        "res.partner",
        "crm.lead",
        "sale.order",
        "sale.order.line",
        "account.move",
        "stock.quant",
    } <= checked
    missing = [name for pack in packs for name in (await check_pack(gateway, pack)).missing_fields]
    assert [name for name in missing if _recorded(series, name.rsplit(".", 1)[0])] == []


def _recorded(series: str, model: str) -> bool:
    return bool((CORPUS / series / "fields_get" / f"{model.replace('.', '_')}.xmlrpc.json").exists())
