"""The stock demo dataset of a series, with every date and datetime shifted to look installed today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .seed import Seed

REFERENCE_DATE = dt.date(2026, 11, 24)
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass
class ModelSeed:
    """One dataset file: field descriptions and records in read() shape."""

    model: str
    fields: dict[str, dict[str, Any]]
    records: list[dict[str, Any]]
    xml_ids: dict[int, str] = field(default_factory=dict)


def shift_value(value: Any, field_type: str, days: int) -> Any:
    """Shift a date ("YYYY-MM-DD") or datetime ("YYYY-MM-DD HH:MM:SS") string by `days`."""
    if not days or not isinstance(value, str) or not value:
        return value
    if field_type == "date":
        return (dt.datetime.strptime(value, DATE_FORMAT) + dt.timedelta(days=days)).strftime(DATE_FORMAT)
    if field_type == "datetime":
        return (dt.datetime.strptime(value, DATETIME_FORMAT) + dt.timedelta(days=days)).strftime(
            DATETIME_FORMAT
        )
    return value


def load_dataset(seed: Seed, today: dt.date) -> dict[str, ModelSeed]:
    """Every `<model>.json` of the series' dataset, dates shifted by (today - 2026-11-24)."""
    days = (today - REFERENCE_DATE).days
    seeds: dict[str, ModelSeed] = {}
    for name, raw in seed.folder("dataset"):
        if name.startswith("_"):
            continue
        fields: dict[str, dict[str, Any]] = raw["fields"]
        dated = {name: meta["type"] for name, meta in fields.items() if meta["type"] in ("date", "datetime")}
        records = [dict(record) for record in raw["records"]]
        for record in records:
            for name, field_type in dated.items():
                if name in record:
                    record[name] = shift_value(record[name], field_type, days)
        xml_ids = {int(key): value for key, value in raw.get("xml_ids", {}).items()}
        seeds[raw["model"]] = ModelSeed(raw["model"], fields, records, xml_ids)
    return seeds
