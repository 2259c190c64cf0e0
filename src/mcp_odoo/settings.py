"""The one settings object: defaults < TOML file (``--config``) < environment < CLI flags.

Odoo connection settings use Odoo-ish names (``ODOO_URL``, ``ODOO_DB`` ...); server-side
settings use the ``MCP_ODOO_`` prefix. In the TOML file the same names are written in lower
case without prefix, Odoo ones under ``[odoo]`` and server ones under ``[server]``.

Each group of settings is defined by the layer that uses it (`OdooSettings` in the connector,
`PolicySettings` in the policy ...); this module, just below the server and the commands, composes them
into `ServerSettings` and reads them all. Nothing below it imports it: a layer is given its own group.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, SecretStr, ValidationError, create_model, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from mcp_odoo.audit.settings import AuditSettings
from mcp_odoo.calls.settings import SurfaceSettings
from mcp_odoo.calls.uris import RESERVED_TARGET_NAMES, TARGET_NAME
from mcp_odoo.config import ConfigError
from mcp_odoo.http.settings import AuthMode, HttpSettings
from mcp_odoo.identity.settings import IdentityMode, IdentitySettings
from mcp_odoo.jobs.settings import JobSettings
from mcp_odoo.live.settings import LiveSettings
from mcp_odoo.odoo.settings import OdooSettings, OdooTarget, Protocol
from mcp_odoo.policy.settings import MethodRule, PolicySettings

GROUPS: dict[str, type[BaseModel]] = {
    "policy": PolicySettings,
    "audit": AuditSettings,
    "surface": SurfaceSettings,
    "identity": IdentitySettings,
    "http": HttpSettings,
    "live": LiveSettings,
    "jobs": JobSettings,
}
"""The groups of `ServerSettings`, by attribute name; each is owned by the layer that uses it."""

RENAMED: dict[tuple[str, str], str] = {
    ("audit", "path"): "audit_path",
    ("audit", "url"): "audit_url",
    ("audit", "required_for_writes"): "audit_required_for_writes",
    ("identity", "mode"): "identity_mode",
    ("identity", "store"): "identity_store",
    ("identity", "store_schema"): "identity_schema",
    ("identity", "cache_size"): "identity_cache_size",
}
"""The public name of each grouped setting whose field is named otherwise in its group."""


def public_name(group: str, field: str) -> str:
    """The flat name a grouped setting is configured by (``MCP_ODOO_`` + upper case in the environment)."""
    return RENAMED.get((group, field), field)


FLAT_NAMES: dict[str, tuple[str, str]] = {
    public_name(group, field): (group, field)
    for group, model in GROUPS.items()
    for field in model.model_fields
}
"""Each grouped setting's public name, to its group and field: ``"audit_path": ("audit", "path")``."""


class _PublicNames(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MCP_ODOO_", extra="ignore")


def _as_read_from_the_environment(field: FieldInfo) -> Any:
    """The field's type, marked `NoDecode` when its group reads it as a comma list rather than JSON."""
    return Annotated[field.annotation, NoDecode] if NoDecode in field.metadata else field.annotation


_PUBLIC_FIELDS: dict[str, Any] = {
    name: (_as_read_from_the_environment(GROUPS[group].model_fields[field]), None)
    for name, (group, field) in FLAT_NAMES.items()
}
_ENVIRONMENT = create_model("ServerEnvironment", __base__=_PublicNames, **_PUBLIC_FIELDS)
"""The grouped settings under their public names, for the environment to be read as before they were
grouped: ``MCP_ODOO_METHODS`` as JSON, ``MCP_ODOO_DENIED_MODELS`` as a raw comma list, names in any case."""


def _file_into_groups(values: Mapping[str, Any]) -> dict[str, Any]:
    """Settings given by public name filed into their groups; a group given whole (``policy=...``) keeps
    what it sets over them."""
    filed: dict[str, dict[str, Any]] = {}
    rest: dict[str, Any] = {}
    for key, value in values.items():
        place = FLAT_NAMES.get(key)
        if place is None:
            rest[key] = value
        else:
            filed.setdefault(place[0], {})[place[1]] = value
    for group, grouped in filed.items():
        given = rest.get(group, {})
        if isinstance(given, BaseModel):
            given = given.model_dump(exclude_unset=True)
        rest[group] = {**grouped, **given} if isinstance(given, Mapping) else given
    return rest


class ServerSettings(BaseSettings):
    """How the MCP server behaves, whatever Odoo it talks to: one group of settings per layer that uses them,
    and each layer is given its own group only.

    ========  ============================================  ===============================================
    group     model                                         public names
    ========  ============================================  ===============================================
    policy    `mcp_odoo.policy.settings.PolicySettings`     allow_writes, default_limit, max_limit,
                                                            max_response_chars, enabled_models,
                                                            denied_models, methods
    audit     `mcp_odoo.audit.settings.AuditSettings`       audit_path, audit_url, audit_required_for_writes
                                                            (its path, url and required_for_writes)
    surface   `mcp_odoo.calls.settings.SurfaceSettings`     disabled_packs, queries, actions, prompts_dir,
                                                            pdf_inline_max_bytes, confirmation_off,
                                                            confirmation_ttl_seconds
    identity  `mcp_odoo.identity.settings.IdentitySettings` identity_mode, identity_store, identity_schema,
                                                            identity_cache_size (its mode, store,
                                                            store_schema, cache_size), self_linking,
                                                            link_ttl_seconds, secret_key
    http      `mcp_odoo.http.settings.HttpSettings`         auth_mode, public_url, oauth_issuer,
                                                            oauth_audience, oauth_jwks_url,
                                                            oauth_introspection_url, oauth_client_id,
                                                            oauth_client_secret, required_scopes,
                                                            allowed_hosts, allowed_origins, redis_url,
                                                            rate_limit_requests, rate_limit_writes,
                                                            rate_limit_window_seconds, request_state_keys,
                                                            stateless_http, json_logs, metrics_token
    live      `mcp_odoo.live.settings.LiveSettings`         subscription_interval_seconds,
                                                            subscription_cap, subscription_query_cap,
                                                            saved_queries
    jobs      `mcp_odoo.jobs.settings.JobSettings`          job_page_size, job_max_rows, job_max_seconds,
                                                            job_concurrency, export_retention_seconds,
                                                            export_max_bytes
    ========  ============================================  ===============================================

    The configuration keeps the flat public names: ``MCP_ODOO_ALLOW_WRITES`` in the environment,
    ``allow_writes`` under ``[server]`` in the TOML file, ``ServerSettings(allow_writes=True)`` in code
    (a group may also be given whole, ``policy=PolicySettings(...)``). A public name is its field's name in
    the group, except those in `RENAMED`; `FLAT_NAMES` maps each to its group and field, and a bad value is
    reported under its public name. The code reads the groups: ``settings.policy.allow_writes``.
    """

    model_config = SettingsConfigDict(env_prefix="MCP_ODOO_", extra="ignore")

    policy: PolicySettings = Field(default_factory=PolicySettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    surface: SurfaceSettings = Field(default_factory=SurfaceSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    live: LiveSettings = Field(default_factory=LiveSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)

    def __init__(self, **values: Any) -> None:
        """From public names (``allow_writes=True``), groups (``policy=PolicySettings(...)``) or both; the
        environment (``MCP_ODOO_*``) gives what they do not."""
        super().__init__(**values)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The arguments, then the environment under the public names (never ``MCP_ODOO_POLICY``)."""
        return (init_settings, EnvSettingsSource(_ENVIRONMENT))

    @model_validator(mode="before")
    @classmethod
    def _public_names_into_groups(cls, data: Any) -> Any:
        return _file_into_groups(data) if isinstance(data, Mapping) else data

    @model_validator(mode="after")
    def _passthrough_is_complete(self) -> Self:
        """Callers passed through to their own Odoo users must be authenticated, and their keys sealed."""
        if self.identity.mode is IdentityMode.PASSTHROUGH:
            if self.http.auth_mode is AuthMode.NONE:
                raise ValueError(
                    "MCP_ODOO_IDENTITY_MODE=passthrough needs MCP_ODOO_AUTH_MODE static or oauth"
                )
            if self.identity.secret_key is None:
                raise ValueError("MCP_ODOO_IDENTITY_MODE=passthrough needs MCP_ODOO_SECRET_KEY")
        return self

    @property
    def confirmation_secret(self) -> SecretStr | None:
        """What confirmation tokens are signed with, the same on every replica: the request-state keys,
        else the secret key (None: a random key, valid in this process only)."""
        return self.http.request_state_keys or self.identity.secret_key


def _read_toml(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"--config: file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config: {path} is not valid TOML ({exc})") from None


def _first_error_line(exc: ValidationError, prefix: str) -> str:
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    loc = tuple(str(part) for part in error["loc"])
    if loc and loc[0] in GROUPS:  # a grouped server setting: named by its public name
        loc = (public_name(loc[0], loc[1]), *loc[2:]) if len(loc) > 1 else ()
    if not loc:
        return message  # a check across settings: its message names them
    if error["type"] == "missing":
        message = "is required"
    return f"{prefix}{loc[0].upper()}: {message}"


def _build(cls: type[BaseSettings], prefix: str, file_values: dict[str, Any], flags: dict[str, Any]) -> Any:
    """File values are the lowest source above defaults; flags override the environment."""
    explicit = {key: value for key, value in flags.items() if value is not None}

    class _WithFile(cls):  # type: ignore[valid-type,misc]
        @classmethod
        def settings_customise_sources(cls, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
            def file_source() -> dict[str, Any]:
                return file_values

            return (*super().settings_customise_sources(*args, **kwargs), file_source)

    try:
        built = _WithFile(**explicit)
    except ValidationError as exc:
        raise ConfigError(_first_error_line(exc, prefix)) from None
    except SettingsError as exc:
        raise ConfigError(f"{prefix}*: {exc}") from None
    return cls.model_validate(built.model_dump())


def load_odoo_settings(config: Path | None = None, **flags: Any) -> OdooSettings:
    """Odoo settings from file, environment and flags, or ConfigError with one clear line."""
    section = _read_toml(config).get("odoo", {})
    settings: OdooSettings = _build(OdooSettings, "ODOO_", section, flags)
    return settings


def load_odoo_target(config: Path | None = None, **flags: Any) -> OdooTarget:
    """Where Odoo is, from file, environment and flags, or ConfigError with one clear line.

    No login or secret is read: whoever signs in brings their own.
    """
    section = _read_toml(config).get("odoo", {})
    target: OdooTarget = _build(OdooTarget, "ODOO_", section, flags)
    return target


class _ServiceCredentials(BaseSettings):
    """The service identity's settings, each optional: only to tell which ones are set."""

    model_config = SettingsConfigDict(
        env_prefix="ODOO_", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    user: str | None = None
    api_key: SecretStr | None = None
    password: SecretStr | None = None


def service_credentials_set(config: Path | None = None, **flags: Any) -> list[str]:
    """Which of ODOO_USER, ODOO_API_KEY and ODOO_PASSWORD are set in file, environment or flags."""
    section = _read_toml(config).get("odoo", {})
    found: _ServiceCredentials = _build(_ServiceCredentials, "ODOO_", section, flags)
    return [f"ODOO_{name.upper()}" for name, value in found if value is not None]


@dataclass(frozen=True)
class NamedTarget:
    """One of several Odoo databases a server serves: its name, the Odoo user the server acts as there, and
    the policy there (the server's, with what the target's table sets over it)."""

    name: str
    odoo: OdooTarget
    """`OdooSettings` (a service user) in identity mode shared; in passthrough, where each caller signs in
    with its own stored login and key, the target alone will do."""
    policy: PolicySettings


_TARGET_NAME = re.compile(TARGET_NAME)
SECRET_FROM_ENVIRONMENT = {"api_key_env": "api_key", "password_env": "password"}
"""Keys of a target's table naming the environment variable that holds its secret (kept out of the file)."""
_CONNECTION_KEYS = frozenset(OdooSettings.model_fields)
_POLICY_KEYS = frozenset(PolicySettings.model_fields)


def load_targets(config: Path | None, server: ServerSettings, **flags: Any) -> list[NamedTarget]:
    """The Odoo targets of the TOML file's ``[targets.<name>]`` tables, in file order (the first is the
    default); empty when it declares none (the one Odoo is then ``[odoo]``, the environment and flags).

    A table holds the connection settings of `OdooSettings` (url, db, user, api_key or api_key_env ...) and
    any policy setting (allow_writes, enabled_models, denied_models ...) that differs there from
    ``[server]``. Nothing is read from the ``ODOO_*`` environment for a target: each says where it is. In
    identity mode passthrough a target needs no service user: each caller signs in to every target with its
    own stored login and key (as when staging is a copy of production)."""
    document = _read_toml(config)
    tables = document.get("targets", {})
    if not tables:
        return []
    if not isinstance(tables, Mapping) or not all(isinstance(table, Mapping) for table in tables.values()):
        raise ConfigError("[targets]: declare each Odoo target as a table, [targets.<name>]")
    if "odoo" in document:
        raise ConfigError("[odoo] and [targets.<name>] exclude each other: move [odoo] into a named target")
    given = sorted(f"--{name}" for name, value in flags.items() if value is not None)
    if given:
        raise ConfigError(f"{', '.join(given)}: with [targets.<name>] in the file, set each target there")
    passthrough = server.identity.mode is IdentityMode.PASSTHROUGH
    return [_named_target(name, table, server.policy, passthrough) for name, table in tables.items()]


def _named_target(
    name: str, table: Mapping[str, Any], policy: PolicySettings, passthrough: bool
) -> NamedTarget:
    where = f"[targets.{name}] "
    if not _TARGET_NAME.fullmatch(name) or name in RESERVED_TARGET_NAMES:
        raise ConfigError(
            f"{where}is not a usable target name: lower-case letters, digits, - and _, at most 32, "
            f"starting with a letter, and none of {', '.join(sorted(RESERVED_TARGET_NAMES))}"
        )
    connection: dict[str, Any] = {}
    overrides: dict[str, Any] = {}
    for key, value in table.items():
        if key in SECRET_FROM_ENVIRONMENT:
            secret = os.environ.get(str(value), "")
            if not secret:
                raise ConfigError(f"{where}{key}: the environment variable {value} is not set")
            connection[SECRET_FROM_ENVIRONMENT[key]] = secret
        elif key in _CONNECTION_KEYS:
            connection[key] = value
        elif key in _POLICY_KEYS:
            overrides[key] = value
        else:
            raise ConfigError(
                f"{where}{key}: unknown setting; a target takes the [odoo] settings (url, db, user, api_key, "
                "api_key_env ...) and the policy settings (allow_writes, enabled_models, denied_models ...)"
            )
    try:
        signs_in = not passthrough or "user" in connection
        odoo = (OdooSettings if signs_in else OdooTarget).model_validate(connection)
        target_policy = PolicySettings.model_validate({**policy.model_dump(), **overrides})
    except ValidationError as exc:
        line = _first_error_line(exc, where)
        raise ConfigError(line if line.startswith(where) else where + line) from None
    return NamedTarget(name, odoo, target_policy)


def load_server_settings(config: Path | None = None, **flags: Any) -> ServerSettings:
    """Server settings from file, environment and flags, or ConfigError with one clear line."""
    section = _read_toml(config).get("server", {})
    settings: ServerSettings = _build(ServerSettings, "MCP_ODOO_", section, flags)
    return settings


__all__ = [
    "FLAT_NAMES",
    "GROUPS",
    "RENAMED",
    "AuditSettings",
    "AuthMode",
    "ConfigError",
    "HttpSettings",
    "IdentityMode",
    "IdentitySettings",
    "MethodRule",
    "NamedTarget",
    "OdooSettings",
    "OdooTarget",
    "PolicySettings",
    "Protocol",
    "ServerSettings",
    "SurfaceSettings",
    "load_odoo_settings",
    "load_odoo_target",
    "load_server_settings",
    "load_targets",
    "public_name",
    "service_credentials_set",
]
