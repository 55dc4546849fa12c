"""Encryption of credentials at rest with keys derived from HUB_SECRET_KEY (Fernet)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["DecryptionError", "SecretBox", "derive_fernet_key"]

# Fixed labels: changing either makes every stored credential unreadable.
_SALT = b"hub.sdk.secrets"
_INFO = b"hub credentials at rest v1"


class DecryptionError(Exception):
    """Stored credentials cannot be decrypted with the configured keys."""


def derive_fernet_key(key_material: str) -> bytes:
    """Derive a Fernet key from a HUB_SECRET_KEY string with HKDF-SHA256 and a fixed label."""
    if not key_material:
        raise ValueError("HUB_SECRET_KEY is empty: set it to a long random string")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(key_material.encode("utf-8")))


class SecretBox:
    """Encrypts JSON values; given several keys, the first encrypts and all of them decrypt.

    To rotate: put the new key first and keep the old ones after it until `reencrypt` has
    been run over every stored value.
    """

    def __init__(self, key_material: str | Iterable[str]) -> None:
        keys = [key_material] if isinstance(key_material, str) else list(key_material)
        if not keys:
            raise ValueError("SecretBox needs at least one key")
        self._fernet = MultiFernet([Fernet(derive_fernet_key(k)) for k in keys])

    def __repr__(self) -> str:
        return "SecretBox(<keys hidden>)"

    def encrypt_json(self, obj: Any) -> str:
        """Encrypt a JSON-serialisable value into an ASCII token."""
        plaintext = json.dumps(obj, separators=(",", ":"), sort_keys=True)
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt_json(self, token: str) -> Any:
        """Decrypt a token made by `encrypt_json` with any of the keys."""
        return json.loads(self._decrypt(token))

    def reencrypt(self, token: str) -> str:
        """Re-encrypt a token under the first (newest) key, for key rotation."""
        self._decrypt(token)  # same clear error as decrypt_json for a token no key opens
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")

    def _decrypt(self, token: str) -> bytes:
        """Decrypt, turning every failure into one message that shows neither side."""
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, TypeError, ValueError, AttributeError):
            raise DecryptionError("cannot decrypt credentials: HUB_SECRET_KEY changed?") from None
