"""The one settings object: defaults < TOML file (``--config``) < environment < CLI flags.

Odoo connection settings use Odoo-ish names (``ODOO_URL``, ``ODOO_DB`` ...); server-side
settings use the ``MCP_ODOO_`` prefix. In the TOML file the same names are written in lower
case without prefix, Odoo ones under ``[odoo]`` and server ones under ``[server]``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
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
from mcp_odoo.config import ConfigError, comma_list
from mcp_odoo.odoo.settings import OdooSettings, OdooTarget, Protocol
from mcp_odoo.policy.settings import MethodRule, PolicySettings


class AuthMode(StrEnum):
    """How HTTP callers authenticate: not at all (stdio, one user), static tokens, or OAuth 2.1."""

    NONE = "none"
    STATIC = "static"
    OAUTH = "oauth"


class IdentityMode(StrEnum):
    """Whom Odoo sees: the configured service user, or each caller's own mapped Odoo user."""

    SHARED = "shared"
    PASSTHROUGH = "passthrough"


GROUPS: dict[str, type[BaseModel]] = {
    "policy": PolicySettings,
    "audit": AuditSettings,
    "surface": SurfaceSettings,
}
"""The groups of `ServerSettings`, by attribute name; each is owned by the layer that uses it."""

RENAMED: dict[tuple[str, str], str] = {
    ("audit", "path"): "audit_path",
    ("audit", "url"): "audit_url",
    ("audit", "required_for_writes"): "audit_required_for_writes",
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

    ========  ==========================================  =================================================
    group     model                                       public names
    ========  ==========================================  =================================================
    policy    `mcp_odoo.policy.settings.PolicySettings`   allow_writes, default_limit, max_limit,
                                                          max_response_chars, enabled_models, denied_models,
                                                          methods
    audit     `mcp_odoo.audit.settings.AuditSettings`     audit_path, audit_url, audit_required_for_writes
                                                          (its path, url and required_for_writes)
    surface   `mcp_odoo.calls.settings.SurfaceSettings`   disabled_packs, queries, actions, prompts_dir,
                                                          pdf_inline_max_bytes, confirmation_off,
                                                          confirmation_ttl_seconds
    ========  ==========================================  =================================================

    The configuration keeps the flat public names: ``MCP_ODOO_ALLOW_WRITES`` in the environment,
    ``allow_writes`` under ``[server]`` in the TOML file, ``ServerSettings(allow_writes=True)`` in code
    (a group may also be given whole, ``policy=PolicySettings(...)``). A public name is its field's name in
    the group, except those in `RENAMED`; `FLAT_NAMES` maps each to its group and field, and a bad value is
    reported under its public name.
    """

    model_config = SettingsConfigDict(env_prefix="MCP_ODOO_", extra="ignore", populate_by_name=True)

    policy: PolicySettings = Field(default_factory=PolicySettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    surface: SurfaceSettings = Field(default_factory=SurfaceSettings)
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra Host headers accepted over HTTP"
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra Origin headers accepted over HTTP"
    )
    auth_mode: AuthMode = Field(default=AuthMode.NONE, description="none | static | oauth (HTTP transport)")
    public_url: str | None = Field(
        default=None, description="This server's public MCP URL, e.g. https://mcp.example.com/mcp"
    )
    oauth_issuer: str | None = Field(default=None, description="OAuth issuer URL tokens must name (iss)")
    oauth_audience: str | None = Field(
        default=None, description="Audience tokens must carry (aud); MCP_ODOO_PUBLIC_URL when unset"
    )
    oauth_jwks_url: str | None = Field(default=None, description="Issuer's JWKS URL (JWT access tokens)")
    oauth_introspection_url: str | None = Field(
        default=None, description="Issuer's RFC 7662 introspection URL (opaque access tokens)"
    )
    oauth_client_id: str | None = Field(default=None, description="Client id for introspection")
    oauth_client_secret: SecretStr | None = Field(default=None, description="Client secret for introspection")
    required_scopes: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["odoo:read"], description="Scopes every request needs"
    )
    identity_mode: IdentityMode = Field(
        default=IdentityMode.SHARED, description="shared (the configured Odoo user) | passthrough"
    )
    identity_store: str = Field(
        default="mcp-odoo-identities.sqlite3",
        description="Identities and static tokens: a SQLite file path or a postgresql:// URL",
    )
    identity_schema: str = Field(default="mcp_odoo", description="PostgreSQL schema of the identity store")
    identity_cache_size: int = Field(
        default=256, ge=1, le=100_000, description="Odoo connections kept open, one per recent identity"
    )
    self_linking: bool = Field(
        default=True,
        description="In passthrough mode, people without an Odoo user link their own on this server's page",
    )
    link_ttl_seconds: float = Field(
        default=600.0, gt=0, le=3600, description="How long an account-linking link stays valid"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Fernet key(s) encrypting stored Odoo API keys (comma-separated)"
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://... shared by replicas: rate limits, confirmation tokens, idempotency keys",
    )
    rate_limit_requests: int = Field(default=120, ge=1, description="Tool calls per identity per window")
    rate_limit_writes: int = Field(default=20, ge=1, description="Writing tool calls per identity per window")
    rate_limit_window_seconds: float = Field(default=60.0, gt=0, description="Rate-limit window")
    request_state_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated 32+ character keys sealing multi-round-trip state (same on replicas)",
    )
    stateless_http: bool = Field(
        default=False, description="Serve each HTTP request on its own (any replica serves any request)"
    )
    json_logs: bool = Field(default=False, description="Log one JSON object per line, with the request id")
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token GET /metrics requires (it also shows /readyz details); unset: /metrics "
        "answers callers on loopback and private networks only",
    )

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
        return (init_settings, env_settings, EnvSettingsSource(_ENVIRONMENT))

    @model_validator(mode="before")
    @classmethod
    def _public_names_into_groups(cls, data: Any) -> Any:
        return _file_into_groups(data) if isinstance(data, Mapping) else data

    @field_validator("required_scopes", mode="before")
    @classmethod
    def _scope_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.replace(",", " ").split() if part]
        return value

    @field_validator(
        "allowed_hosts",
        "allowed_origins",
        mode="before",
    )
    @classmethod
    def _comma_lists(cls, value: Any) -> Any:
        return comma_list(value)

    @model_validator(mode="after")
    def _limits_agree(self) -> Self:
        if self.rate_limit_writes > self.rate_limit_requests:
            raise ValueError("MCP_ODOO_RATE_LIMIT_WRITES must not exceed MCP_ODOO_RATE_LIMIT_REQUESTS")
        problem = _http_auth_problem(self)
        if problem is not None:
            raise ValueError(problem)
        return self

    @property
    def confirmation_secret(self) -> SecretStr | None:
        """What confirmation tokens are signed with, the same on every replica: the request-state keys,
        else the secret key (None: a random key, valid in this process only)."""
        return self.request_state_keys or self.secret_key

    @property
    def audience(self) -> str | None:
        """The resource tokens must be issued for: the configured audience, else the public URL."""
        return self.oauth_audience or self.public_url


def _http_auth_problem(settings: ServerSettings) -> str | None:
    """The first inconsistency between the auth and identity settings, as one line; None when sound."""
    mode = settings.auth_mode
    if settings.identity_mode is IdentityMode.PASSTHROUGH:
        if mode is AuthMode.NONE:
            return "MCP_ODOO_IDENTITY_MODE=passthrough needs MCP_ODOO_AUTH_MODE static or oauth"
        if settings.secret_key is None:
            return "MCP_ODOO_IDENTITY_MODE=passthrough needs MCP_ODOO_SECRET_KEY"
    if mode is AuthMode.NONE:
        return None
    if settings.public_url is None:
        return f"MCP_ODOO_AUTH_MODE={mode.value} needs MCP_ODOO_PUBLIC_URL (this server's URL ending in /mcp)"
    if mode is AuthMode.STATIC:
        return None
    if settings.oauth_issuer is None:
        return "MCP_ODOO_AUTH_MODE=oauth needs MCP_ODOO_OAUTH_ISSUER"
    if (settings.oauth_jwks_url is None) == (settings.oauth_introspection_url is None):
        return (
            "MCP_ODOO_AUTH_MODE=oauth needs exactly one of MCP_ODOO_OAUTH_JWKS_URL "
            "and MCP_ODOO_OAUTH_INTROSPECTION_URL"
        )
    if settings.oauth_introspection_url is not None and (
        settings.oauth_client_id is None or settings.oauth_client_secret is None
    ):
        return (
            "MCP_ODOO_OAUTH_INTROSPECTION_URL needs MCP_ODOO_OAUTH_CLIENT_ID and MCP_ODOO_OAUTH_CLIENT_SECRET"
        )
    return None


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


def load_server_settings(config: Path | None = None, **flags: Any) -> ServerSettings:
    """Server settings from file, environment and flags, or ConfigError with one clear line."""
    section = _read_toml(config).get("server", {})
    settings: ServerSettings = _build(ServerSettings, "MCP_ODOO_", section, flags)
    return settings


class SettingsSummary(BaseModel):
    """What `check` prints about the configuration (never the secret)."""

    url: str
    db: str | None
    user: str
    protocol: Protocol
    auth: str


__all__ = [
    "AuditSettings",
    "AuthMode",
    "ConfigError",
    "IdentityMode",
    "MethodRule",
    "OdooSettings",
    "OdooTarget",
    "PolicySettings",
    "Protocol",
    "ServerSettings",
    "SettingsSummary",
    "SurfaceSettings",
    "load_odoo_settings",
    "load_odoo_target",
    "load_server_settings",
    "service_credentials_set",
]
