"""The hooks a model's business behaviour can implement; the defaults do nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row

#: The name of a `Parameter` standing for Python's `**kwargs`.
VAR_KEYWORD = "**"

#: A public business method: (model, ids, **named arguments) -> result.
MethodImpl = Callable[..., Any]


@dataclass(frozen=True)
class Parameter:
    name: str
    required: bool = False
    default: Any = None
    target: str | None = None  # the implementation's keyword when the series' name differs

    @property
    def keyword(self) -> str:
        return self.target or self.name


@dataclass(frozen=True)
class BusinessMethod:
    """A callable method of a model; `on_records` methods take the ids first."""

    impl: MethodImpl
    parameters: tuple[Parameter, ...] = ()
    on_records: bool = True
    series: tuple[str, ...] = ("18.0", "19.0")
    #: Returns one record: an id over RPC (`@api.returns`), a list of ids over JSON-2.
    returns_record: bool = False


class Behaviour:
    #: Fields whose emptiness is a NOT NULL violation even when the client did not send them.
    required_fields: tuple[str, ...] = ()
    #: Fields with a real default (what default_get answers); other values of `defaults` are computed.
    default_fields: tuple[str, ...] = ()
    #: Odoo's constant `default=` values that create replaces (sale.order's name "New" becomes S00023).
    constant_defaults: ClassVar[dict[str, Any]] = {}

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {}

    def after_create(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        return None

    def before_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        return None

    def after_write(self, model: Model, record_id: int, vals: dict[str, Any]) -> None:
        return None

    def before_unlink(self, model: Model, record_id: int) -> None:
        return None

    def check_constraints(self, model: Model, ids: list[int]) -> None:
        return None

    def display_name(self, model: Model, row: Row) -> str:
        return str(row.get("name") or row.get("display_name") or f"{model.name},{row['id']}")

    def methods(self) -> dict[str, BusinessMethod]:
        return {}
