"""Where Odoo is and who signs in: the connector's own settings (``ODOO_URL``, ``ODOO_DB`` ...).

They live with the connector so that it imports nothing above it; `mcp_odoo.settings` reads them from the
``[odoo]`` section of the TOML file, the environment and the flags. An empty variable counts as unset.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Protocol(StrEnum):
    AUTO = "auto"
    JSON2 = "json2"
    JSONRPC = "jsonrpc"
    XMLRPC = "xmlrpc"


class OdooTarget(BaseSettings):
    """Where Odoo is and how to talk to it, whoever signs in: all a passthrough server needs, since
    every caller brings its own login and key. An empty variable counts as unset."""

    model_config = SettingsConfigDict(
        env_prefix="ODOO_", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    url: str = Field(description="Base URL of the Odoo server, e.g. https://erp.example.com")
    db: str | None = Field(default=None, description="Database name; optional when the server serves one")
    protocol: Protocol = Field(default=Protocol.AUTO, description="auto | json2 | jsonrpc | xmlrpc")
    timeout: float = Field(default=30.0, gt=0, le=600, description="Seconds for connect and for each read")
    lang: str | None = Field(default=None, description="Language code passed in every call's context")
    tz: str | None = Field(default=None, description="Time zone passed in every call's context")
    company_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Allowed companies; the first one is the active company"
    )
    max_response_bytes: int = Field(
        default=32 * 1024 * 1024, gt=0, description="Largest Odoo answer accepted"
    )
    retries: int = Field(default=2, ge=0, le=10, description="Retries for reads on transient failures")

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("company_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            try:
                return [int(part) for part in parts]
            except ValueError:
                raise ValueError("must be a comma-separated list of company ids, e.g. 1,3") from None
        if isinstance(value, int):
            return [value]
        return value

    def signed_in_as(self, user: str, api_key: SecretStr) -> OdooSettings:
        """This Odoo as ``user`` with ``api_key``: only the target is kept, and no other secret is read
        (neither this object's, if it has one, nor ODOO_PASSWORD from the environment)."""
        target = self.model_dump(include=set(OdooTarget.model_fields))
        return OdooSettings.model_validate({**target, "user": user, "api_key": api_key, "password": None})


class OdooSettings(OdooTarget):
    """How to reach one Odoo database as one Odoo user: the target plus a login and its secret."""

    user: str = Field(description="Odoo login of the user the server acts as")
    api_key: SecretStr | None = Field(default=None, description="API key (preferred)")
    password: SecretStr | None = Field(default=None, description="Password (used only without an API key)")

    @model_validator(mode="after")
    def _needs_a_secret(self) -> Self:
        if self.api_key is None and self.password is None:
            raise ValueError("ODOO_API_KEY (or ODOO_PASSWORD) is required")
        if self.protocol is Protocol.JSON2 and self.api_key is None:
            raise ValueError("ODOO_PROTOCOL=json2 needs ODOO_API_KEY: JSON-2 does not accept passwords")
        return self

    @property
    def secret(self) -> str:
        """The credential sent to Odoo: the API key when set, else the password."""
        chosen = self.api_key or self.password
        assert chosen is not None  # guaranteed by _needs_a_secret
        return chosen.get_secret_value()

    @property
    def uses_api_key(self) -> bool:
        return self.api_key is not None
