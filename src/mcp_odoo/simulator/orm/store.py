"""The simulated database: one table (id -> row) per model, id sequences and a mutation counter.

Rows hold values in "cache form": many2one as an id (or False), x2many as a list of ids, everything
else as read() returns it. Names of many2one targets the dataset does not export (e.g. UTM campaigns)
are kept in `foreign_names` so that read() can still answer `[id, name]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Row = dict[str, Any]


@dataclass
class StoreState:
    tables: dict[str, dict[int, Row]] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)
    foreign_names: dict[tuple[str, int], str] = field(default_factory=dict)
    write_count: int = 0


class Store:
    def __init__(self) -> None:
        self.state = StoreState()

    def table(self, model: str) -> dict[int, Row]:
        """The model's rows (an empty mapping, not registered, for a model that never had any)."""
        return self.state.tables.get(model, {})

    def holds(self, model: str) -> bool:
        """Whether the store keeps records of this model (seeded or created since)."""
        return model in self.state.tables

    def insert(self, model: str, row: Row, record_id: int | None = None) -> int:
        """Add a row; ids come from the model's sequence (after the highest seeded id) unless given."""
        table = self.state.tables.setdefault(model, {})
        if record_id is None:
            record_id = max(self.state.next_ids.get(model, 1), max(table, default=0) + 1)
        self.state.next_ids[model] = max(self.state.next_ids.get(model, 1), record_id + 1)
        row["id"] = record_id
        table[record_id] = row
        return record_id

    def exists(self, model: str, record_id: int) -> bool:
        return record_id in self.state.tables.get(model, {})

    def row(self, model: str, record_id: int) -> Row:
        return self.state.tables[model][record_id]

    def delete(self, model: str, record_id: int) -> None:
        self.state.tables.get(model, {}).pop(record_id, None)

    def count_mutation(self) -> None:
        self.state.write_count += 1

    def snapshot(self) -> StoreState:
        return _copy_state(self.state)

    def restore(self, state: StoreState) -> None:
        self.state = _copy_state(state)


def _copy_row(row: Row) -> Row:
    """Rows are only mutated by assignment, except x2many id lists which are edited in place."""
    return {name: list(value) if isinstance(value, list) else value for name, value in row.items()}


def _copy_state(state: StoreState) -> StoreState:
    tables = {
        model: {record_id: _copy_row(row) for record_id, row in table.items()}
        for model, table in state.tables.items()
    }
    return replace(
        state, tables=tables, next_ids=dict(state.next_ids), foreign_names=dict(state.foreign_names)
    )
