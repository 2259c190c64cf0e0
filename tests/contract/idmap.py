"""Translating record ids between a transcript and the simulator during dependent steps.

Records created during a flow get other ids in the simulator than on the recording server. Each
correspondence learnt (from a `create` result, or from the ids of a relational field read back)
is kept per model; the map is completed into a permutation, so a transcript id that happens to
equal a mapped simulator id is moved out of the way instead of silently pointing at the new record
(e.g. multi_company reads with a foreign company whose id is the simulator's new company's).
"""

from __future__ import annotations

from typing import Any

#: Relational fields that appear in the replayed requests or responses, with their comodel.
FIELD_MODELS = {
    "order_line": "sale.order.line",
    "picking_ids": "stock.picking",
    "line_ids": "account.move.line",
    "invoice_line_ids": "account.move.line",
    "company_id": "res.company",
    "company_ids": "res.company",
    "allowed_company_ids": "res.company",
    "attachment_ids": "ir.attachment",
    "message_main_attachment_id": "ir.attachment",
    "invoice_pdf_report_id": "ir.attachment",
    "docids": "account.move",
    "res_ids": "account.move",
    "parent_id": "res.partner",  # only res.partner writes it in the corpus
}


class IdMap:
    def __init__(self) -> None:
        self._forward: dict[str, dict[int, int]] = {}

    def learn(self, model: str, recorded: Any, actual: Any) -> None:
        """Record that the transcript's id(s) `recorded` of `model` are `actual` in the simulator."""
        if isinstance(recorded, bool) or isinstance(actual, bool):
            return
        if isinstance(recorded, int) and isinstance(actual, int):
            if recorded != actual:
                self._forward.setdefault(model, {})[recorded] = actual
        elif isinstance(recorded, list) and isinstance(actual, list) and len(recorded) == len(actual):
            for one, other in zip(recorded, actual, strict=True):
                self.learn(model, one, other)

    def learn_fields(self, recorded: Any, actual: Any) -> None:
        """Learn from relational fields of records read back (same positions in both answers)."""
        if isinstance(recorded, list) and isinstance(actual, list) and len(recorded) == len(actual):
            for one, other in zip(recorded, actual, strict=True):
                self.learn_fields(one, other)
        elif isinstance(recorded, dict) and isinstance(actual, dict):
            for name, model in FIELD_MODELS.items():
                if name in recorded and name in actual:
                    self.learn(model, _ids(recorded[name]), _ids(actual[name]))

    def id(self, model: str, recorded: int) -> int:
        mapping = self._forward.get(model, {})
        if recorded in mapping:
            return mapping[recorded]
        inverse = {actual: original for original, actual in mapping.items()}
        seen = recorded
        while seen in inverse:  # walk back to an id nobody maps to
            seen = inverse[seen]
        return seen

    def ids(self, model: str, value: Any) -> Any:
        """`value` with its ids of `model` translated (an id, a list of ids or x2many commands)."""
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return self.id(model, value)
        if isinstance(value, list):
            return [
                self._command(model, item) if _is_command(item) else self.ids(model, item) for item in value
            ]
        return value

    def _command(self, model: str, command: list[Any]) -> list[Any]:
        """x2many commands: (1|2|3|4, id), (6, 0, ids), (0, 0, vals); the code itself is no id."""
        code, *rest = command
        if code in (1, 2, 3, 4) and rest:
            return [code, self.id(model, rest[0]), *rest[1:]]
        if code == 6 and len(rest) == 2:
            return [code, rest[0], self.ids(model, rest[1])]
        if code == 0 and len(rest) == 2:
            return [code, rest[0], self.fields(rest[1])]
        return command

    def fields(self, values: Any) -> Any:
        """A dict (vals, kwargs, context, JSON-2 body) with its known relational fields translated."""
        if not isinstance(values, dict):
            return values
        translated = {}
        for name, value in values.items():
            if name == "res_id" and isinstance(values.get("res_model"), str):
                translated[name] = self.ids(values["res_model"], value)
            elif name in FIELD_MODELS:
                translated[name] = self.ids(FIELD_MODELS[name], value)
            elif isinstance(value, dict):
                translated[name] = self.fields(value)
            else:
                translated[name] = value
        return translated

    def __bool__(self) -> bool:
        return any(self._forward.values())


def _is_command(item: Any) -> bool:
    return isinstance(item, list) and 2 <= len(item) <= 3 and type(item[0]) is int and 0 <= item[0] <= 6


def _ids(value: Any) -> Any:
    """Ids of a relational value: many2one ``[id, name]`` -> id; x2many stays a list."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    ):
        return value[0]
    return value
