"""The secret box encrypts stored API keys with the first configured key and decrypts with any."""

from __future__ import annotations

import pytest

from mcp_odoo.http.access import secret_box
from mcp_odoo.identity import SecretBox, SecretKeyError, UndecryptableSecret, generate_secret_key
from mcp_odoo.identity.settings import IdentitySettings
from mcp_odoo.settings import ConfigError


def test_encrypted_value_decrypts_to_the_original() -> None:
    box = SecretBox(generate_secret_key())
    assert box.decrypt(box.encrypt("throwaway-api-key")) == "throwaway-api-key"


def test_ciphertext_does_not_contain_the_plaintext() -> None:
    box = SecretBox(generate_secret_key())
    assert "throwaway-api-key" not in box.encrypt("throwaway-api-key")


def test_missing_setting_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="MCP_ODOO_SECRET_KEY is not set"):
        secret_box(IdentitySettings(secret_key=None))


def test_empty_setting_is_refused() -> None:
    with pytest.raises(SecretKeyError, match="MCP_ODOO_SECRET_KEY is empty"):
        SecretBox(" , ")


def test_key_that_is_not_base64_is_refused_without_echoing_it() -> None:
    with pytest.raises(SecretKeyError, match="key #1 is not urlsafe base64") as caught:
        SecretBox("not base64 at all!")
    assert "not base64 at all" not in str(caught.value)


def test_key_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(SecretKeyError, match="key #2 decodes to 16 bytes; it must be 32"):
        SecretBox(f"{generate_secret_key()},AAAAAAAAAAAAAAAAAAAAAA==")


def test_value_from_an_old_key_decrypts_after_rotation() -> None:
    old, new = generate_secret_key(), generate_secret_key()
    stored = SecretBox(old).encrypt("throwaway-api-key")
    assert SecretBox(f"{new},{old}").decrypt(stored) == "throwaway-api-key"


def test_reencrypted_value_no_longer_needs_the_old_key() -> None:
    old, new = generate_secret_key(), generate_secret_key()
    stored = SecretBox(old).encrypt("throwaway-api-key")
    rotated = SecretBox(f"{new},{old}").reencrypt(stored)
    assert SecretBox(new).decrypt(rotated) == "throwaway-api-key"


def test_value_from_an_unknown_key_is_undecryptable() -> None:
    stored = SecretBox(generate_secret_key()).encrypt("throwaway-api-key")
    with pytest.raises(UndecryptableSecret, match="cannot be decrypted"):
        SecretBox(generate_secret_key()).decrypt(stored)


def test_repr_shows_no_key() -> None:
    key = generate_secret_key()
    assert key not in repr(SecretBox(key))
