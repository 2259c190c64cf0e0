"""Replaying the corpus' XML-RPC object transcripts against the Registry directly (no HTTP).

Each recorded call runs on a fresh registry, except the numbered steps of `write_flows`,
`multi_company` and `reports`, which run in order on one registry whose id sequences are aligned
with the recording. A few calls use records the recorder created outside the recorded steps; the
fixtures below create equivalent records under the recorded ids first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcp_odoo.simulator.exceptions import SimulatedOdooException, WerkzeugHTTPError
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry
from reference_corpus import REFERENCE

SEQUENCES = ("write_flows", "multi_company", "reports")
#: Cases decided before the ORM is reached (database selection, XML parsing, service dispatch).
WIRE_ONLY = ("auth/execute_kw_wrong_db", "errors/malformed_xml_body", "errors/object_unknown_dispatch_method")
RECORDING_DAY = dt.date(2026, 11, 24)
ADMIN = 2


@dataclass(frozen=True)
class Case:
    series: str
    file: str
    as_user: str | None
    rpc_method: str
    params: list[Any]
    response: dict[str, Any]
    error: dict[str, Any] | None

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".xmlrpc.json")

    @property
    def sequence(self) -> str | None:
        folder = self.file.split("/")[0]
        return folder if folder in SEQUENCES else None

    @property
    def name(self) -> str:
        return f"{self.series}/{self.stem}"


_REGISTRIES: dict[str, Registry] = {}


def fresh_registry(series: str = "19.0") -> Registry:
    """A registry of the series in its freshly seeded state (built once, reset on each call)."""
    if series not in _REGISTRIES:
        _REGISTRIES[series] = Registry(series, today=RECORDING_DAY)
    registry = _REGISTRIES[series]
    registry.reset()
    return registry


def _sibling_error(series: str, stem: str) -> dict[str, Any] | None:
    """`error.data` of the same call over JSON-RPC: the exact exception name and message."""
    path = REFERENCE / series / f"{stem}.jsonrpc.json"
    if not path.exists():
        return None
    error = json.loads(path.read_text()).get("response", {}).get("error")
    return error["data"] if error else None


def load_cases() -> list[Case]:
    cases = []
    for series in ("18.0", "19.0"):
        for row in json.loads((REFERENCE / series / "index.json").read_text()):
            stem = row["file"].removesuffix(".xmlrpc.json")
            if row["protocol"] != "xmlrpc" or row["endpoint"] != "/xmlrpc/2/object" or stem in WIRE_ONLY:
                continue
            transcript = json.loads((REFERENCE / series / row["file"]).read_text())
            request = transcript["request"]
            cases.append(
                Case(
                    series,
                    row["file"],
                    row["as_user"],
                    request["method"],
                    request["params"],
                    transcript["response"],
                    _sibling_error(series, stem),
                )
            )
    return cases


def expected_kind(response: dict[str, Any]) -> str:
    fault = response.get("fault")
    if fault is None:
        return type(response["result"]).__name__
    if fault["faultCode"] != 1:
        return f"fault{fault['faultCode']}"
    lines = fault["faultString"].strip().splitlines()
    error_line = next(line for line in reversed(lines) if not line.startswith((" ", "LINE", "^")))
    return "None" if "cannot marshal None" in error_line else error_line.split(":")[0]


def _contains_none(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_contains_none(item) for item in value.values())
    if isinstance(value, list):
        return any(_contains_none(item) for item in value)
    return value is None


@dataclass(frozen=True)
class Outcome:
    kind: str
    name: str | None = None
    message: str | None = None


def run_case(registry: Registry, case: Case) -> Outcome:
    """Run the recorded call and describe its outcome like the recording (kind, error name, message)."""
    _db, uid, secret, model, method, *rest = case.params
    if secret == "<api-key>" and case.as_user:
        secret = DEMO_CREDENTIALS[case.as_user]["api_key"]
    if not registry.check_credentials(uid, secret):
        return Outcome("fault3", "odoo.exceptions.AccessDenied", "Access Denied")
    args: list[Any]
    kwargs: dict[str, Any]
    if case.rpc_method == "execute":
        args, kwargs = list(rest), {}
    else:
        args, kwargs = (rest[0] if rest else []), (rest[1] if len(rest) > 1 else {})
    try:
        result = registry.execute_kw(uid, model, method, args, kwargs)
    except SimulatedOdooException as error:
        kind = error.odoo_name if error.fault_code == 1 else f"fault{error.fault_code}"
        return Outcome(kind, error.odoo_name, error.message)
    except Exception as error:  # builtins, reported by Odoo as builtins.<Name>
        return Outcome(type(error).__name__, f"builtins.{type(error).__name__}", str(error))
    return Outcome("None" if _contains_none(result) else type(result).__name__)


def align_sequences(registry: Registry, case: Case) -> None:
    """Make the next created id equal the recorded one, so later steps can use the recorded ids."""
    _db, _uid, _secret, model, method, *_rest = case.params
    result = case.response.get("result")
    if method == "create" and result is not None:
        registry.database.store.state.next_ids[model] = result[0] if isinstance(result, list) else result


def _create_as_admin(registry: Registry, model: str, record_id: int, vals: dict[str, Any]) -> None:
    if record_id in registry.database.rows(model):
        return
    registry.database.store.state.next_ids[model] = record_id
    registry.execute_kw(ADMIN, model, "create", [vals], {})


def _first_id(case: Case) -> int:
    ids = case.params[5][0]
    return int(ids[0] if isinstance(ids, list) else ids)


def throwaway_partner(registry: Registry, case: Case) -> None:
    _create_as_admin(registry, "res.partner", _first_id(case), {"name": "MCP ref throwaway partner"})


def confirmed_order(registry: Registry, case: Case) -> None:
    order_id = _first_id(case)
    _create_as_admin(registry, "sale.order", order_id, {"partner_id": 11})
    registry.execute_kw(ADMIN, "sale.order", "action_confirm", [[order_id]], {})


def draft_invoice(registry: Registry, case: Case) -> None:
    _create_as_admin(
        registry,
        "account.move",
        _first_id(case),
        {
            "move_type": "out_invoice",
            "partner_id": 11,
            "invoice_date": str(RECORDING_DAY),
            "invoice_line_ids": [[0, 0, {"product_id": 5, "quantity": 1, "price_unit": 100.0}]],
        },
    )


def posted_invoice(registry: Registry, case: Case) -> None:
    draft_invoice(registry, case)
    registry.execute_kw(ADMIN, "account.move", "action_post", [[_first_id(case)]], {})


def report_invoice(registry: Registry, case: Case) -> None:
    """The reports flow prints an invoice created before the recorded steps."""
    invoice_id = case.params[5][1][0] if case.params[4] == "report_action" else _first_id(case)
    _create_as_admin(registry, "account.move", invoice_id, {"move_type": "out_invoice", "partner_id": 11})


FIXTURES: dict[str, Callable[[Registry, Case], None]] = {
    "errors/validation_error_recursive_partner": throwaway_partner,
    "write_flows/10_partner_write": throwaway_partner,
    "errors/user_error_confirm_confirmed_order": confirmed_order,
    "errors/user_error_post_posted_invoice": posted_invoice,
    "reports/02_report_action": report_invoice,
    "reports/03_action_invoice_download_pdf": report_invoice,
    "non_admin/message_post_returns": throwaway_partner,
    "non_admin/message_post_user_without_email": throwaway_partner,
}


def prepare(registry: Registry, case: Case) -> None:
    align_sequences(registry, case)
    fixture = FIXTURES.get(case.stem)
    if fixture is not None:
        fixture(registry, case)


@dataclass(frozen=True)
class Json2Case:
    """A 19.0 JSON-2 call that reaches the ORM (authenticated, well-formed POST to a model method)."""

    file: str
    as_user: str
    model: str
    method: str
    body: Any
    status: int
    response: Any

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".json2.json")

    @property
    def sequence(self) -> str | None:
        folder = self.file.split("/")[0]
        return folder if folder in SEQUENCES else None

    @property
    def name(self) -> str:
        return f"19.0/{self.stem}"


def load_json2_cases() -> list[Json2Case]:
    cases = []
    for row in json.loads((REFERENCE / "19.0" / "index.json").read_text()):
        if row["protocol"] != "json2" or row["as_user"] is None or row["file"].startswith("auth/"):
            continue
        transcript = json.loads((REFERENCE / "19.0" / row["file"]).read_text())
        request = transcript["request"]
        parts = transcript["endpoint"].split("/")
        if request["http_method"] != "POST" or len(parts) != 5 or "body" not in request:
            continue
        cases.append(
            Json2Case(
                row["file"],
                row["as_user"],
                parts[3],
                parts[4],
                request["body"],
                transcript["http_status"],
                transcript["response"],
            )
        )
    return cases


def run_json2_case(registry: Registry, case: Json2Case) -> Outcome:
    """Run the call with JSON-2 semantics; errors are described by (HTTP status, name, message)."""
    uid = registry.uid_for_api_key(DEMO_CREDENTIALS[case.as_user]["api_key"])
    assert uid is not None
    try:
        result = registry.execute_json2(uid, case.model, case.method, case.body)
    except WerkzeugHTTPError as error:
        return Outcome(str(error.status), error.odoo_name, error.message)
    except SimulatedOdooException as error:
        return Outcome(str(error.http_status), error.odoo_name, error.message)
    except Exception as error:  # builtins: HTTP 500 builtins.<Name>
        return Outcome("500", f"builtins.{type(error).__name__}", str(error))
    return Outcome(type(result).__name__)


def expected_json2(case: Json2Case) -> Outcome:
    if case.status == 200:
        return Outcome(type(case.response).__name__)
    return Outcome(str(case.status), case.response["name"], case.response["message"])


def prepare_json2(registry: Registry, case: Json2Case) -> None:
    """Align id sequences with the recording and create the records the call assumes."""
    if case.method == "create" and isinstance(case.response, list) and case.response:
        registry.database.store.state.next_ids[case.model] = case.response[0]
    fixture = JSON2_FIXTURES.get(case.stem)
    if fixture is not None:
        fixture(registry, case.body["ids"] if isinstance(case.body["ids"], int) else case.body["ids"][0])


def _json2_partner(registry: Registry, record_id: int) -> None:
    _create_as_admin(registry, "res.partner", record_id, {"name": "MCP ref throwaway partner"})


def _json2_confirmed_order(registry: Registry, record_id: int) -> None:
    _create_as_admin(registry, "sale.order", record_id, {"partner_id": 11})
    registry.execute_kw(ADMIN, "sale.order", "action_confirm", [[record_id]], {})


def _json2_posted_invoice(registry: Registry, record_id: int) -> None:
    _create_as_admin(registry, "account.move", record_id, {"move_type": "out_invoice", "partner_id": 11})
    registry.execute_kw(ADMIN, "account.move", "action_post", [[record_id]], {})


def _json2_invoice(registry: Registry, record_id: int) -> None:
    _create_as_admin(registry, "account.move", record_id, {"move_type": "out_invoice", "partner_id": 11})


JSON2_FIXTURES: dict[str, Callable[[Registry, int], None]] = {
    "errors/validation_error_recursive_partner": _json2_partner,
    "write_flows/10_partner_write": _json2_partner,
    "errors/user_error_confirm_confirmed_order": _json2_confirmed_order,
    "errors/user_error_post_posted_invoice": _json2_posted_invoice,
    "reports/03_action_invoice_download_pdf": _json2_invoice,
    "non_admin/message_post_returns": _json2_partner,
    "non_admin/message_post_user_without_email": _json2_partner,
}
