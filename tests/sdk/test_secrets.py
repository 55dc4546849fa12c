"""SecretBox: credentials round-trip, keys rotate, and a wrong key fails clearly and quietly."""

from __future__ import annotations

import pytest

from hub.sdk.secrets import DecryptionError, SecretBox

CREDENTIALS = {"access_token": "at-0123456789", "refresh_token": "rt-9876", "expires_at": 1700}


def test_round_trip_hides_the_plaintext() -> None:
    box = SecretBox("a long random HUB_SECRET_KEY value")
    token = box.encrypt_json(CREDENTIALS)
    assert isinstance(token, str)
    assert "at-0123456789" not in token
    assert box.decrypt_json(token) == CREDENTIALS
    # A fresh box from the same key string (another process, a restart) reads it too.
    assert SecretBox("a long random HUB_SECRET_KEY value").decrypt_json(token) == CREDENTIALS
    assert "HUB_SECRET_KEY" not in repr(box)


def test_rotation_first_key_encrypts_all_keys_decrypt() -> None:
    old_token = SecretBox("old key").encrypt_json(CREDENTIALS)
    rotating = SecretBox(["new key", "old key"])
    assert rotating.decrypt_json(old_token) == CREDENTIALS
    new_token = rotating.encrypt_json(CREDENTIALS)
    assert SecretBox("new key").decrypt_json(new_token) == CREDENTIALS
    with pytest.raises(DecryptionError):
        SecretBox("old key").decrypt_json(new_token)
    # Once every stored value is re-encrypted, the old key can be dropped.
    reencrypted = rotating.reencrypt(old_token)
    assert SecretBox("new key").decrypt_json(reencrypted) == CREDENTIALS


@pytest.mark.parametrize("token", ["wrong key", "not-a-fernet-token", "", "gAAAA\u00e9"])
def test_wrong_key_or_garbage_fails_clearly_without_echoing(token: str) -> None:
    real = SecretBox("right key").encrypt_json(CREDENTIALS)
    token = real if token == "wrong key" else token
    with pytest.raises(DecryptionError) as caught:
        SecretBox("another key").decrypt_json(token)
    message = str(caught.value)
    assert message == "cannot decrypt credentials: HUB_SECRET_KEY changed?"
    assert caught.value.__suppress_context__  # the cause is not printed with the traceback


def test_reencrypt_with_the_wrong_key_fails_clearly() -> None:
    token = SecretBox("right key").encrypt_json(CREDENTIALS)
    with pytest.raises(DecryptionError, match="HUB_SECRET_KEY changed"):
        SecretBox("another key").reencrypt(token)


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="HUB_SECRET_KEY is empty"):
        SecretBox("")
    with pytest.raises(ValueError, match="at least one key"):
        SecretBox([])
