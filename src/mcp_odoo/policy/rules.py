"""The rules every Odoo call must satisfy before it is sent: pure decisions, no I/O.

What is never exposed (security and configuration internals, secrets), what needs writes enabled,
which methods may be called, how many records one call may fetch and in which company it runs.
`OdooGateway` (gateway.py) applies these rules to every call; nothing else talks to the connector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from mcp_odoo.echo import clip, echo
from mcp_odoo.method_names import changes_data, is_impersonation_method, is_private_method
from mcp_odoo.policy.settings import MethodRule, PolicySettings

DENIED_MODELS: frozenset[str] = frozenset(
    {
        "ir.config_parameter",
        "ir.rule",
        "ir.model.access",
        "ir.model.fields",
        "ir.model.constraint",
        "ir.model.relation",
        "ir.cron",
        "ir.cron.trigger",
        "ir.default",
        "ir.logging",
        "ir.profile",
        "ir.mail_server",
        "ir.attachment",
        "ir.ui.view",
        "base.automation",
        "fetchmail.server",
        "res.groups",
        "res.role",
        "res.config.settings",
        "res.users.identitycheck",
        "res.users.deletion",
        "res.users.log",
        "change.password.wizard",
        "change.password.user",
        "change.password.own",
        "auth.oauth.provider",
        "iap.account",
        "payment.provider",
        "mail.mail",
    }
)
"""Security, configuration and credential stores: readable or writable only when re-enabled."""

DENIED_MODEL_PREFIXES: tuple[str, ...] = (
    "ir.actions.server",
    "ir.module.",
    "base.module.",
    "res.users.apikeys",
    "auth_totp.",
    "auth.totp.",
    "auth.passkey.",
    "res.users.role",
)

_SENSITIVE_FIELD = re.compile(
    r"password|passwd|secret|token|api_?key|totp|signup_url|oauth|^pin$", re.IGNORECASE
)

WRITABLE_ONLY: dict[str, frozenset[str]] = {
    "res.users": frozenset(
        {
            "lang",
            "tz",
            "signature",
            "notification_type",
            "out_of_office_from",
            "out_of_office_to",
            "out_of_office_message",
            "manual_im_status",
            "calendar_default_privacy",
            "tour_enabled",
        }
    ),
    "res.company": frozenset(
        {
            "name",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "country_id",
            "email",
            "phone",
            "mobile",
            "website",
            "vat",
            "company_registry",
            "logo",
            "report_header",
            "report_footer",
        }
    ),
    "res.groups": frozenset(),
    "res.role": frozenset(),
}
"""Security models, and the only fields of theirs this server ever writes (even when re-enabled).

An allowlist, so that no field a new Odoo version adds can grant rights through the generic tools:
on res.users only personal preferences (groups and their 16-18 ``in_group_N``/``sel_groups_N``
pseudo-fields, 19's ``role``, companies, login, partner, email, ``share`` and ``active`` are all
outside it; contact data is the partner's, written on res.partner); on res.company its address and
letterhead (never its users, parent or branches); nothing on groups and roles.
"""

_MODEL_NAME = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
_METHOD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IDENTIFIER_MAX_CHARS = 128
"""Longest model, method or field name accepted: Odoo's are far shorter (PostgreSQL names stop at 63)."""


def _listed(names: Iterable[str]) -> str:
    return ", ".join(clip(name) for name in names)


class PolicyError(Exception):
    """A call stopped before Odoo saw it. `message` and `hint` are written for the model."""

    kind = "refused"
    retryable = False

    def __init__(self, message: str, *, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "retryable": self.retryable, "hint": self.hint}


class Refused(PolicyError):
    """The server's policy forbids this call, whatever the arguments."""

    kind = "refused"


class InvalidRequest(PolicyError):
    """The call is malformed (unknown field, bad domain, wrong type): fix the arguments and call again."""

    kind = "bad_arguments"


def is_sensitive_field(name: str) -> bool:
    """Credentials and tokens: never returned, never written, never searched on."""
    return bool(_SENSITIVE_FIELD.search(name))


class Policy:
    """The decisions of one server configuration. Raises `Refused` / `InvalidRequest`, never calls Odoo."""

    def __init__(self, settings: PolicySettings) -> None:
        self.settings = settings
        self._enabled = frozenset(settings.enabled_models)
        self._extra_denied = frozenset(settings.denied_models)
        self._rules = {(rule.model, rule.method): _effective(rule) for rule in settings.methods}

    @property
    def allow_writes(self) -> bool:
        return self.settings.allow_writes

    def is_model_exposed(self, model: str) -> bool:
        if model in self._extra_denied:
            return False
        if model in self._enabled:
            return True
        return model not in DENIED_MODELS and not model.startswith(DENIED_MODEL_PREFIXES)

    def require_model(self, model: str) -> None:
        _require_identifier("model", model)
        if not _MODEL_NAME.fullmatch(model):
            raise InvalidRequest(
                f"{echo(model)} is not an Odoo model name",
                hint="model names are technical names such as res.partner or sale.order; list the models",
            )
        if not self.is_model_exposed(model):
            raise Refused(
                f"model {echo(model)} is not exposed by this server",
                hint="security and configuration models are hidden; list the models to see what is available",
            )

    def require_method(self, model: str, method: str, *, writes: bool) -> None:
        """Checks every call: no private or impersonating method, no write unless writes are enabled."""
        _require_identifier("method", method)
        if not _METHOD_NAME.fullmatch(method):
            raise InvalidRequest(
                f"{echo(method)} is not a method name",
                hint="method names are Python identifiers such as action_confirm",
            )
        if is_private_method(method):
            raise Refused(
                f"method {echo(method)} is private and can never be called",
                hint="private methods (leading underscore) are refused; use a public method",
            )
        if is_impersonation_method(method):
            raise Refused(
                f"method {echo(method)} would change the acting user or bypass access rights",
                hint="the server always acts as its configured Odoo user; this cannot be changed per call",
            )
        if writes and not self.allow_writes:
            raise Refused(
                f"{model}.{method} changes data and this server is read-only",
                hint="do not retry: writes are disabled by the administrator (MCP_ODOO_ALLOW_WRITES)",
            )

    def method_rule(self, model: str, method: str) -> MethodRule:
        """The allowlist entry for `call_method`; refused when absent, or when it writes in read-only."""
        _require_identifier("model", model)
        _require_identifier("method", method)
        rule = self.find_rule(model, method)
        if rule is None:
            allowed = ", ".join(f"{rule.model}.{rule.method}" for rule in self.callable_rules()) or "none"
            raise Refused(
                f"{echo(f'{model}.{method}')} is not on this server's method allowlist",
                hint=f"callable methods: {allowed}",
            )
        self.require_method(model, method, writes=rule.writes)
        return rule

    def find_rule(self, model: str, method: str) -> MethodRule | None:
        return self._rules.get((model, method))

    def callable_rules(self) -> list[MethodRule]:
        """Allowlist entries usable with the current write setting (what `call_method` advertises)."""
        return [rule for rule in self._rules.values() if self.allow_writes or not rule.writes]

    def require_readable_fields(self, model: str, fields: Iterable[str]) -> None:
        names = list(fields)
        for name in names:
            _require_identifier("field", name)
        hidden = sorted(name for name in names if any(is_sensitive_field(part) for part in name.split(".")))
        if hidden:
            raise Refused(
                f"field(s) {_listed(hidden)} of {model} are never exposed",
                hint="credentials and tokens are hidden; list the model's fields to see those you can use",
            )

    def require_writable_fields(self, model: str, fields: Iterable[str]) -> None:
        """No credential anywhere; on a security model (`WRITABLE_ONLY`) only its listed fields."""
        names = list(fields)
        self.require_readable_fields(model, names)
        allowed = WRITABLE_ONLY.get(model)
        if allowed is None:
            return
        privileged = sorted(set(names) - allowed)
        if privileged:
            safe = ", ".join(sorted(allowed)) or "none"
            raise Refused(
                f"field(s) {_listed(privileged)} of {model} may grant access rights, companies or an "
                f"identity and are never written here (writable on {model}: {safe})",
                hint="ask an Odoo administrator to change users, groups, roles and companies in Odoo itself",
            )

    def limit(self, requested: int | None) -> int:
        """The record limit for one call: the default when none is asked, never above the maximum."""
        if requested is None:
            return self.settings.default_limit
        if requested < 1:
            raise InvalidRequest(
                "limit must be at least 1", hint=f"use a limit between 1 and {self.settings.max_limit}"
            )
        return min(requested, self.settings.max_limit)

    def require_id_count(self, ids: Sequence[int]) -> None:
        if len(ids) > self.settings.max_limit:
            raise InvalidRequest(
                f"{len(ids)} ids asked, at most {self.settings.max_limit} per call",
                hint="split the ids into several calls",
            )

    def company_context(self, company_id: int | None, allowed: Sequence[int]) -> dict[str, object] | None:
        """The context that makes `company_id` the active company, refused when the user may not use it."""
        if company_id is None:
            return None
        if company_id not in allowed:
            raise company_refused(company_id, dict.fromkeys(allowed, ""))
        return {"allowed_company_ids": [company_id]}


def company_refused(given: int | str, allowed: Mapping[int, str]) -> Refused:
    """The one refusal of a company the Odoo user does not work in, given by id or by name;
    `allowed` maps the user's company ids to their names (empty when not known)."""
    shown = given if isinstance(given, int) else echo(given)
    listed = ", ".join(f"{name} (#{company})" if name else str(company) for company, name in allowed.items())
    return Refused(
        f"company {shown} is not one of the Odoo user's companies",
        hint=f"the user may work in companies {listed or 'none'}; give one of these (id or name)",
    )


def _require_identifier(kind: str, name: str) -> None:
    if len(name) > IDENTIFIER_MAX_CHARS:
        raise InvalidRequest(
            f"{echo(name)} ({len(name)} characters) is too long for a {kind} name",
            hint=f"{kind} names have at most {IDENTIFIER_MAX_CHARS} characters; check the name",
        )


def _effective(rule: MethodRule) -> MethodRule:
    """`rule` as the policy applies it: a method that changes data writes, whatever the entry says."""
    if rule.writes or not changes_data(rule.method):
        return rule
    return rule.model_copy(update={"writes": True})
