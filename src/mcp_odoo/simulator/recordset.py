"""A recordset returned by a method that Odoo does not decorate with ``@api.returns``.

18.0's ``odoo.api.call_kw`` only turns a result into ids when the method declares ``@api.returns``
(``downgrade``; 19.0's turns every recordset into its ids); otherwise the recordset reaches the RPC
layer as is, and each protocol answers its own way: XML-RPC's marshaller does not know the class
(fault 1 ``cannot marshal <class 'odoo.api.<model>'> objects``, after the call committed), JSON-RPC's
``json_default`` falls back to ``str()`` (``"mail.activity(12,)"``), JSON-2 sends the ids. The ORM
returns this object and the wire layer (and `dispatch.execute_json2`) answer for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Recordset:
    model: str
    ids: tuple[int, ...]

    def __str__(self) -> str:
        """``BaseModel.__repr__``: the model then the ids tuple, e.g. ``mail.activity(12, 13)``."""
        return f"{self.model}{self.ids!r}"

    @property
    def odoo_class(self) -> str:
        """How Python names the class of an Odoo recordset, as XML-RPC's marshalling error shows it."""
        return f"<class 'odoo.api.{self.model}'>"
