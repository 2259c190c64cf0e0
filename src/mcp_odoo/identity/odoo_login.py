"""From a stored identity to the settings of its own Odoo connection, and the check run before storing one.

Every identity shares the server's Odoo target (URL, database, protocol, timeouts, context) and differs
only in login and API key; the company, language and time zone come from the Odoo user unless configured.
The target needs no service user: any login or secret it carries is never passed on.
"""

from __future__ import annotations

import httpx2
from pydantic import SecretStr

from mcp_odoo.identity.store import OdooCredentials, VerifyCredentials
from mcp_odoo.odoo import OdooClient
from mcp_odoo.odoo.errors import AuthenticationFailed
from mcp_odoo.odoo.settings import OdooSettings, OdooTarget


def odoo_settings_for(base: OdooTarget, credentials: OdooCredentials) -> OdooSettings:
    """``base``'s Odoo as ``credentials``' user, with its API key (never a password)."""
    return base.signed_in_as(credentials.login, SecretStr(credentials.api_key))


def odoo_key_check(
    base: OdooTarget, *, transport: httpx2.AsyncBaseTransport | None = None
) -> VerifyCredentials:
    """A ``verify`` for IdentityStore.add/rotate: signs in to ``base``'s Odoo with the login and key.

    The key must authenticate as that login: JSON-2 sends only the key, so the user Odoo signed in is
    compared with the login given. Raises the connector's error (``AuthenticationFailed`` when Odoo
    refuses the key or it belongs to another user, a transport error when Odoo cannot be reached).
    """

    async def verify(login: str, api_key: str) -> None:
        settings = odoo_settings_for(base, OdooCredentials(login, api_key))
        async with OdooClient(settings, transport=transport) as client:
            info = await client.connect()
        if info.login.casefold() != login.strip().casefold():
            raise AuthenticationFailed(f"this API key does not belong to the Odoo login {login.strip()!r}")

    return verify
