"""The catalogue of hostile tool calls: what an agent, confused or malicious, may send.

Each entry names the trick, the tool call, and what a correct server answers: a refusal or error of
one of the listed kinds (an empty set of kinds also accepts the SDK's own validation error), or, for
the few tricks a server may legitimately serve (a huge limit is clamped, a huge offset gives an empty
page, unknown ids are reported missing), a bounded successful answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_LIMIT = 200
"""PolicySettings.max_limit's default: no answer may carry more records."""

SQL_LIKE = "x'); DROP TABLE res_partner; --"
CONTROL_CHARACTERS = "\x00\x01\x07\x1b[31m\r\n\t\u202e\ufeff"
VERY_LONG = "A" * 100_000
LONG_QUERY = "A" * 5_000
"""Longer than a search text may be (a validation error), far shorter than the text bound."""
NO_SUCH_ID = 2_147_483_000
OTHER_COMPANY_ID = 999_999
OTHER_COMPANY_INVOICES = [29, 30, 45, 56]
"""Invoices of company 2 in the 19.0 demo data (mcp_bot works in company 1 only)."""
NESTING_DEPTH = 250
"""As deep as the SDK client can serialise (pydantic refuses a few hundred levels)."""
MEGABYTES = "M" * 3 * 1_048_576
"""Beyond every text bound: refused before the tool runs, in a short answer."""
LONG_IDENTIFIER = "a" * 200
"""Longer than any model, method or field name may be, yet short enough to pass the text bound."""
MISLABELLED_WRITES = (
    ("res.partner", "copy"),
    ("res.partner", "message_post"),
    ("sale.order", "action_cancel"),
    ("crm.lead", "unlink"),
)
"""Methods that change data, allowlisted by the read-only server with ``"writes": false``."""


def deep_domain(depth: int) -> list[Any]:
    """`depth` ORs nested as far as Odoo's prefix notation allows: a domain of depth+1 conditions."""
    return ["|"] * depth + [["id", "=", n] for n in range(depth + 1)]


def nested_lists(depth: int) -> list[Any]:
    """A list nested `depth` levels deep: malformed as a domain, and deep enough to strain recursion."""
    nested: list[Any] = ["id", "=", 1]
    for _ in range(depth):
        nested = [nested]
    return nested


@dataclass(frozen=True)
class Hostile:
    name: str
    tool: str
    arguments: dict[str, Any]
    kinds: frozenset[str] = field(default_factory=frozenset)
    served: bool = False
    """True when a bounded successful answer is correct; otherwise the call must fail."""


def refused(name: str, tool: str, arguments: dict[str, Any], *kinds: str) -> Hostile:
    return Hostile(name, tool, arguments, frozenset(kinds))


def served(name: str, tool: str, arguments: dict[str, Any]) -> Hostile:
    return Hostile(name, tool, arguments, served=True)


PARTNER = {"model": "res.partner"}

CATALOGUE: tuple[Hostile, ...] = (
    # private, dunder and impersonation methods
    refused("private method", "call_method", {**PARTNER, "method": "_compute_display_name"}, "refused"),
    refused("dunder method", "call_method", {**PARTNER, "method": "__init__"}, "refused"),
    refused("dunder class", "call_method", {**PARTNER, "method": "__class__"}, "refused"),
    refused("sudo", "call_method", {**PARTNER, "method": "sudo"}, "refused"),
    refused("with_user", "call_method", {**PARTNER, "method": "with_user", "args": [2]}, "refused"),
    refused(
        "with_context su",
        "call_method",
        {**PARTNER, "method": "with_context", "kwargs": {"su": True}},
        "refused",
    ),
    refused("env", "call_method", {**PARTNER, "method": "env"}, "refused"),
    refused("method with a dot", "call_method", {**PARTNER, "method": "sudo.unlink"}, "refused"),
    refused("method with a space", "call_method", {**PARTNER, "method": "name_search unlink"}, "refused"),
    refused("method not allowlisted", "call_method", {**PARTNER, "method": "unlink", "ids": [1]}, "refused"),
    *(
        refused(
            f"{method} labelled read-only",
            "call_method",
            {"model": model, "method": method, "ids": [1]},
            "refused",
        )
        for model, method in MISLABELLED_WRITES
    ),
    refused(
        "write method with writes off",
        "call_method",
        {"model": "sale.order", "method": "action_confirm", "ids": [1]},
        "refused",
    ),
    refused(
        "allowlisted method on another model",
        "call_method",
        {"model": "res.users", "method": "name_search"},
        "refused",
    ),
    refused(
        "context smuggled in kwargs",
        "call_method",
        {**PARTNER, "method": "name_search", "kwargs": {"context": {"active_test": False, "uid": 1}}},
        "refused",
        "bad_arguments",
    ),
    # denied models and fields
    refused("denied model search", "search_records", {"model": "ir.config_parameter"}, "refused"),
    refused("denied model read", "read_records", {"model": "ir.config_parameter", "ids": [1]}, "refused"),
    refused("denied model count", "count_records", {"model": "ir.rule"}, "refused"),
    refused("denied model describe", "describe_model", {"model": "res.users.apikeys"}, "refused"),
    refused(
        "denied model aggregate",
        "aggregate_records",
        {"model": "ir.attachment", "group_by": ["mimetype"]},
        "refused",
    ),
    refused("denied model by prefix", "search_records", {"model": "ir.module.module"}, "refused"),
    refused(
        "password field",
        "search_records",
        {"model": "res.users", "fields": ["password"]},
        "refused",
        "bad_arguments",
    ),
    refused(
        "api key field",
        "read_records",
        {"model": "res.users", "ids": [2], "fields": ["api_key_ids"]},
        "refused",
        "bad_arguments",
    ),
    refused(
        "search on a secret",
        "search_records",
        {"model": "res.users", "domain": [["password", "=", "admin"]]},
        "refused",
        "bad_arguments",
    ),
    refused(
        "secret behind a relation",
        "search_records",
        {**PARTNER, "domain": [["user_ids.password", "!=", False]]},
        "refused",
        "bad_arguments",
    ),
    refused(
        "group by a secret",
        "aggregate_records",
        {"model": "res.users", "group_by": ["password"]},
        "refused",
        "bad_arguments",
    ),
    refused(
        "order by a secret",
        "search_records",
        {"model": "res.users", "order": "password desc"},
        "refused",
        "bad_arguments",
    ),
    refused("unknown model", "search_records", {"model": "no.such.model"}, "unknown_model", "refused"),
    refused(
        "model name with SQL",
        "search_records",
        {"model": SQL_LIKE},
        "unknown_model",
        "refused",
        "bad_arguments",
    ),
    refused("empty model name", "count_records", {"model": ""}, "unknown_model", "refused", "bad_arguments"),
    refused(
        "model path to a denied model",
        "count_records",
        {"model": "res.partner/../res.users.apikeys"},
        "unknown_model",
        "refused",
        "bad_arguments",
    ),
    refused(
        "control character model name",
        "count_records",
        {"model": "\x1f"},
        "unknown_model",
        "refused",
        "bad_arguments",
    ),
    refused(
        "model path to another endpoint",
        "search_records",
        {"model": "../web/session/destroy"},
        "unknown_model",
        "refused",
        "bad_arguments",
    ),
    # limits and offsets
    served("huge limit", "search_records", {**PARTNER, "limit": 10**12}),
    served("huge offset", "search_records", {**PARTNER, "offset": 10**12}),
    served("huge list_models limit", "list_models", {"limit": 10**12}),
    refused("negative limit", "search_records", {**PARTNER, "limit": -1}),
    refused("zero limit", "search_records", {**PARTNER, "limit": 0}),
    refused("negative offset", "search_records", {**PARTNER, "offset": -5}),
    served("limit beyond 64 bits", "search_records", {**PARTNER, "limit": 10**30}),
    refused("float limit", "search_records", {**PARTNER, "limit": 2.5}),
    # deep and malformed domains
    served("deep but valid domain", "count_records", {**PARTNER, "domain": deep_domain(60)}),
    refused(
        "very deep nested lists",
        "count_records",
        {**PARTNER, "domain": nested_lists(NESTING_DEPTH)},
        "bad_arguments",
    ),
    refused(
        "dangling operator", "count_records", {**PARTNER, "domain": ["|", ["id", "=", 1]]}, "bad_arguments"
    ),
    refused("unknown operator", "count_records", {**PARTNER, "domain": [["id", "~~", 1]]}, "bad_arguments"),
    refused("two-element condition", "count_records", {**PARTNER, "domain": [["id", "="]]}, "bad_arguments"),
    refused("domain as a string", "count_records", {**PARTNER, "domain": "[('id','=',1)]"}),
    refused("domain of numbers", "count_records", {**PARTNER, "domain": [1, 2, 3]}, "bad_arguments"),
    refused(
        "unknown field in domain",
        "count_records",
        {**PARTNER, "domain": [["no_such_field", "=", 1]]},
        "bad_arguments",
    ),
    refused(
        "SQL in a field name", "count_records", {**PARTNER, "domain": [[SQL_LIKE, "=", 1]]}, "bad_arguments"
    ),
    refused(
        "dict as a condition", "count_records", {**PARTNER, "domain": [{"field": "id"}]}, "bad_arguments"
    ),
    # strings
    served("SQL-like search value", "search_records", {**PARTNER, "domain": [["name", "ilike", SQL_LIKE]]}),
    served(
        "control characters in a value",
        "search_records",
        {**PARTNER, "domain": [["name", "ilike", CONTROL_CHARACTERS]]},
    ),
    refused(
        "very long search value",
        "count_records",
        {**PARTNER, "domain": [["name", "ilike", VERY_LONG]]},
        "bad_arguments",
    ),
    refused("megabytes of find_partners query", "find_partners", {"query": MEGABYTES}, "bad_arguments"),
    refused("find_partners query beyond its bound", "find_partners", {"query": "C" * 5_000}),
    refused("list_models query beyond its bound", "list_models", {"query": LONG_QUERY}),
    refused("order beyond its bound", "search_records", {**PARTNER, "order": "name desc, " * 100}),
    refused(
        "megabytes in a keyword argument",
        "call_method",
        {**PARTNER, "method": "name_search", "kwargs": {"name": MEGABYTES}},
        "bad_arguments",
    ),
    refused("megabytes as a reference", "get_invoice", {"invoice": MEGABYTES}, "bad_arguments"),
    refused(
        "SQL in order",
        "search_records",
        {**PARTNER, "order": "name; DROP TABLE res_partner"},
        "bad_arguments",
    ),
    refused(
        "control characters in order",
        "search_records",
        {**PARTNER, "order": CONTROL_CHARACTERS},
        "bad_arguments",
    ),
    refused("very long model name", "describe_model", {"model": VERY_LONG}, "bad_arguments"),
    refused("3 MB model name", "count_records", {"model": MEGABYTES}, "bad_arguments"),
    refused(
        "model name beyond the identifier bound", "count_records", {"model": LONG_IDENTIFIER}, "bad_arguments"
    ),
    refused(
        "field name beyond the identifier bound",
        "search_records",
        {**PARTNER, "fields": [LONG_IDENTIFIER]},
        "bad_arguments",
    ),
    refused(
        "method name beyond the identifier bound",
        "call_method",
        {**PARTNER, "method": LONG_IDENTIFIER},
        "bad_arguments",
    ),
    refused(
        "control characters in a field name",
        "search_records",
        {**PARTNER, "fields": [CONTROL_CHARACTERS]},
        "bad_arguments",
    ),
    refused("very long method name", "call_method", {**PARTNER, "method": VERY_LONG}, "bad_arguments"),
    refused(
        "SQL in an aggregate",
        "aggregate_records",
        {**PARTNER, "aggregates": [f"id:{SQL_LIKE}"]},
        "bad_arguments",
    ),
    refused("SQL in a group by", "aggregate_records", {**PARTNER, "group_by": [SQL_LIKE]}, "bad_arguments"),
    # wrong types
    refused("model as a number", "search_records", {"model": 42}),
    refused("ids as a string", "read_records", {**PARTNER, "ids": "1,2"}),
    refused("ids of strings", "read_records", {**PARTNER, "ids": ["one"]}),
    refused("empty ids", "read_records", {**PARTNER, "ids": []}),
    refused("fields as an object", "search_records", {**PARTNER, "fields": {"name": True}}),
    refused("missing required model", "search_records", {}),
    refused("null model", "count_records", {"model": None}),
    refused("kwargs as a list", "call_method", {**PARTNER, "method": "name_search", "kwargs": [1, 2]}),
    # ids and companies
    served("ids that do not exist", "read_records", {**PARTNER, "ids": [NO_SUCH_ID, NO_SUCH_ID - 1]}),
    served("negative ids", "read_records", {**PARTNER, "ids": [-1]}),
    served("id beyond 64 bits", "read_records", {**PARTNER, "ids": [10**30]}),
    refused("non-ASCII digit as a reference", "get_invoice", {"invoice": "\u00b9"}, "bad_arguments"),
    refused(
        "company that does not exist",
        "search_records",
        {**PARTNER, "company_id": OTHER_COMPANY_ID},
        "refused",
        "permission_denied",
        "bad_arguments",
    ),
    refused("negative company", "search_records", {**PARTNER, "company_id": -1}),
    refused(
        "another company as company_id",
        "search_records",
        {"model": "account.move", "company_id": 2},
        "refused",
    ),
    served(
        "another company's invoice ids",
        "read_records",
        {"model": "account.move", "ids": OTHER_COMPANY_INVOICES},
    ),
    served(
        "another company in the domain",
        "search_records",
        {"model": "account.move", "domain": [["company_id", "=", 2]]},
    ),
)
