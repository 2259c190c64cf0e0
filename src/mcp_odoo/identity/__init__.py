"""Identity passthrough: each authenticated subject acts in Odoo as its own user.

``IdentityStore`` maps subjects to Odoo credentials, the API keys encrypted by a ``SecretBox``;
rows live in a ``StoreBackend`` (``backend_for``: SQLite file by default, PostgreSQL when shared;
``mcp_odoo.identity.postgres`` needs the ``postgres`` extra, so it is imported only when used).
"""

from mcp_odoo.identity.backends import backend_for
from mcp_odoo.identity.records import IdentityRow, StoreBackend, TokenRow
from mcp_odoo.identity.secretbox import (
    SECRET_KEY_SETTING,
    SecretBox,
    SecretKeyError,
    UndecryptableSecret,
    generate_secret_key,
)
from mcp_odoo.identity.sqlite import SqliteBackend
from mcp_odoo.identity.store import (
    IdentityError,
    IdentityExists,
    IdentityStore,
    IdentitySummary,
    OdooCredentials,
    UnknownIdentity,
    VerifyCredentials,
)

__all__ = [
    "SECRET_KEY_SETTING",
    "IdentityError",
    "IdentityExists",
    "IdentityRow",
    "IdentityStore",
    "IdentitySummary",
    "OdooCredentials",
    "SecretBox",
    "SecretKeyError",
    "SqliteBackend",
    "StoreBackend",
    "TokenRow",
    "UndecryptableSecret",
    "UnknownIdentity",
    "VerifyCredentials",
    "backend_for",
    "generate_secret_key",
]
