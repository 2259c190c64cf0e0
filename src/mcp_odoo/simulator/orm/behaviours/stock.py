"""stock.picking: deliveries created by confirmed orders, confirm / assign / validate with quant updates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ...exceptions import UserError
from .base import Behaviour, BusinessMethod
from .portal import PORTAL_METHOD
from .pricing import next_number

if TYPE_CHECKING:
    from ..engine import Model
    from ..store import Row


def _picking_type(model: Model, company_id: int, code: str) -> Row | None:
    for row in model.db.rows("stock.picking.type").values():
        if row.get("code") == code and row.get("company_id") == company_id and row.get("active", True):
            return row
    return None


def _within(model: Model, location_id: Any, ancestor_id: Any) -> bool:
    """Whether a location is `ancestor_id` or one of its sub-locations."""
    locations = model.db.rows("stock.location")
    seen: set[Any] = set()
    while location_id and location_id not in seen:
        if location_id == ancestor_id:
            return True
        seen.add(location_id)
        location_id = locations.get(location_id, {}).get("location_id")
    return False


def available_quantity(model: Model, product_id: Any, location_id: Any) -> float:
    """On hand minus reserved for the product in the location and its sub-locations."""
    return sum(
        float(quant.get("quantity") or 0.0) - float(quant.get("reserved_quantity") or 0.0)
        for quant in model.db.rows("stock.quant").values()
        if quant.get("product_id") == product_id and _within(model, quant.get("location_id"), location_id)
    )


def _sequence_prefix(model: Model, picking_type: Row) -> str:
    """ "<warehouse code>/<type sequence code>/", e.g. "WH/OUT/"."""
    warehouse = model.db.rows("stock.warehouse").get(picking_type.get("warehouse_id") or 0, {})
    return f"{warehouse.get('code') or 'WH'}/{picking_type.get('sequence_code') or 'OUT'}/"


def create_delivery(model: Model, order: Row) -> int | None:
    """A delivery order for the goods lines of a confirmed sale order (None when nothing to ship)."""
    products = model.db.rows("product.product")
    lines = [
        model.db.rows("sale.order.line")[line]
        for line in order.get("order_line", [])
        if line in model.db.rows("sale.order.line")
    ]
    goods = [line for line in lines if products.get(line.get("product_id") or 0, {}).get("type") == "consu"]
    picking_type = _picking_type(model, order.get("company_id", 1), "outgoing")
    if not goods or picking_type is None:
        return None
    store = model.db.store
    source = picking_type.get("default_location_src_id", False)
    destination = picking_type.get("default_location_dest_id", False)
    names = [str(row.get("name", "")) for row in model.db.rows("stock.picking").values()]
    sequence_prefix = _sequence_prefix(model, picking_type)
    name = f"{sequence_prefix}{next_number(names, sequence_prefix):05d}"
    ready = all(
        available_quantity(model, line["product_id"], source) >= float(line.get("product_uom_qty") or 0.0)
        for line in goods
    )
    state = "assigned" if ready else "confirmed"
    picking_id = store.insert(
        "stock.picking",
        {
            "name": name,
            "display_name": name,
            "origin": order.get("name"),
            "partner_id": order.get("partner_id"),
            "picking_type_id": picking_type["id"],
            "location_id": source,
            "location_dest_id": destination,
            "state": state,
            "company_id": order.get("company_id", 1),
            "move_ids": [],
            "sale_id": order["id"],
            "picking_type_code": "outgoing",
        },
    )
    for line in goods:
        move_id = store.insert(
            "stock.move",
            {
                "picking_id": picking_id,
                "product_id": line["product_id"],
                "product_uom_qty": line.get("product_uom_qty", 0.0),
                "quantity": line.get("product_uom_qty", 0.0),
                "location_id": source,
                "location_dest_id": destination,
                "state": state,
                "company_id": order.get("company_id", 1),
                "reference": name,
                "sale_line_id": line["id"],
                "display_name": name,
            },
        )
        store.row("stock.picking", picking_id)["move_ids"].append(move_id)
    model.sibling("stock.picking").touch([picking_id], creating=True)
    model.sibling("stock.move").touch(list(store.row("stock.picking", picking_id)["move_ids"]), creating=True)
    return picking_id


def _pickings(model: Model, ids: list[int]) -> list[Row]:
    model.check_acl("write")
    model.check_rules(ids, "read")
    return [model.rows[record_id] for record_id in model.existing_or_missing(ids)]


def _set_state(model: Model, picking: Row, state: str) -> None:
    picking["state"] = state
    moves = model.db.rows("stock.move")
    for move_id in picking.get("move_ids", []):
        if move_id in moves:
            moves[move_id]["state"] = state
    model.touch([int(picking["id"])])
    model.sibling("stock.move").touch(list(picking.get("move_ids", [])))


def action_confirm(model: Model, ids: list[int]) -> bool:
    for picking in _pickings(model, ids):
        if picking.get("state") == "draft":
            _set_state(model, picking, "confirmed")
    model.db.store.count_mutation()
    return True


def _is_available(model: Model, picking: Row) -> bool:
    """Incoming goods are always ready; outgoing ones when the source location has enough stock."""
    if model.db.rows("stock.location").get(picking.get("location_id") or 0, {}).get("usage") != "internal":
        return True
    moves = model.db.rows("stock.move")
    return all(
        available_quantity(model, moves[move_id].get("product_id"), picking.get("location_id"))
        >= float(moves[move_id].get("product_uom_qty") or 0.0)
        for move_id in picking.get("move_ids", [])
        if move_id in moves
    )


def action_assign(model: Model, ids: list[int]) -> bool:
    """Reserve: pickings whose goods are available become ready, the others wait."""
    for picking in _pickings(model, ids):
        if picking.get("state") in ("draft", "confirmed", "waiting"):
            _set_state(model, picking, "assigned" if _is_available(model, picking) else "confirmed")
    model.db.store.count_mutation()
    return True


def _move_quant(model: Model, move: Row) -> None:
    """Take the move's quantity out of its source location and into its destination."""
    quantity = float(move.get("quantity") or move.get("product_uom_qty") or 0.0)
    quants = model.db.rows("stock.quant")
    for location, sign in ((move.get("location_id"), -1), (move.get("location_dest_id"), 1)):
        quant = next(
            (
                row
                for row in quants.values()
                if row.get("product_id") == move.get("product_id") and row.get("location_id") == location
            ),
            None,
        )
        if quant is None:
            quant_id = model.db.store.insert(
                "stock.quant",
                {
                    "product_id": move.get("product_id"),
                    "location_id": location,
                    "quantity": sign * quantity,
                    "reserved_quantity": 0.0,
                    "company_id": move.get("company_id", 1),
                },
            )
            model.sibling("stock.quant").touch([quant_id], creating=True)
        else:
            quant["quantity"] = float(quant.get("quantity", 0.0)) + sign * quantity
            model.sibling("stock.quant").touch([int(quant["id"])])


def button_validate(model: Model, ids: list[int]) -> bool:
    pickings = _pickings(model, ids)
    if any(picking.get("state") in ("done", "cancel") for picking in pickings):
        raise UserError("Nothing to check the availability for.")
    moves = model.db.rows("stock.move")
    for picking in pickings:
        for move_id in picking.get("move_ids", []):
            if move_id in moves:
                _move_quant(model, moves[move_id])
        _set_state(model, picking, "done")
    model.db.store.count_mutation()
    return True


class PickingBehaviour(Behaviour):
    constant_defaults: ClassVar[dict[str, Any]] = {"name": "/", "move_type": "direct", "priority": "0"}

    def defaults(self, model: Model, vals: dict[str, Any]) -> Row:
        return {"state": "draft", "move_ids": [], "company_id": model.env.company_id}

    def methods(self) -> dict[str, BusinessMethod]:
        return {
            "action_confirm": BusinessMethod(action_confirm),
            "action_assign": BusinessMethod(action_assign),
            "button_validate": BusinessMethod(button_validate),
            "get_portal_url": PORTAL_METHOD,
        }
