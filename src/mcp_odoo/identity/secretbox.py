"""Encryption at rest for Odoo API keys.

The keys come from one setting (``MCP_ODOO_SECRET_KEY``): a comma-separated list of urlsafe-base64
32-byte keys (Fernet keys). Values are encrypted with the first key and decrypted with any of them,
so a key is rotated by putting the new key first, re-encrypting the store, then dropping the old key.
"""

from __future__ import annotations

import binascii
from base64 import urlsafe_b64decode
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

# cryptography is imported where a key is used: a server with no stored identities never loads it.

SECRET_KEY_SETTING = "MCP_ODOO_SECRET_KEY"
_KEY_BYTES = 32


class SecretKeyError(Exception):
    """The secret key setting is missing or malformed; the message names the setting, never the key."""


class UndecryptableSecret(Exception):
    """A stored secret cannot be decrypted with any configured key (wrong or dropped key, or tampering)."""


def generate_secret_key() -> str:
    """A fresh key in the format ``MCP_ODOO_SECRET_KEY`` expects."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


def _parse_key(raw: str, position: int) -> Fernet:
    from cryptography.fernet import Fernet

    where = f"{SECRET_KEY_SETTING}: key #{position}"
    try:
        decoded = urlsafe_b64decode(raw.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise SecretKeyError(f"{where} is not urlsafe base64") from None
    if len(decoded) != _KEY_BYTES:
        raise SecretKeyError(f"{where} decodes to {len(decoded)} bytes; it must be {_KEY_BYTES}") from None
    return Fernet(raw.encode("ascii"))


class SecretBox:
    """Encrypts with the first key, decrypts with any."""

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise SecretKeyError(
                f"{SECRET_KEY_SETTING} is empty: set it to a key made by "
                "`python -c 'from mcp_odoo.identity import generate_secret_key as g; print(g())'`"
            )
        from cryptography.fernet import MultiFernet

        self._fernet = MultiFernet([_parse_key(part, index) for index, part in enumerate(parts, start=1)])
        self._key_count = len(parts)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise UndecryptableSecret(
                f"a stored secret cannot be decrypted with any key in {SECRET_KEY_SETTING}"
            ) from None

    def reencrypt(self, ciphertext: str) -> str:
        """The same secret encrypted with the first key (for key rotation)."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.rotate(ciphertext.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise UndecryptableSecret(
                f"a stored secret cannot be decrypted with any key in {SECRET_KEY_SETTING}"
            ) from None

    def __repr__(self) -> str:
        return f"SecretBox(<{self._key_count} key(s)>)"
