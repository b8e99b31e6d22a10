import os
import stat

import pytest

from refwatch.errors import StoreError
from refwatch.settings import load_settings
from refwatch.store.secrets import KEY_FILE_NAME, FieldCipher, derive_key, master_secret


def test_secrets_cipher_round_trip_and_context_binding():
    cipher = FieldCipher(derive_key(b"master", "fields"))
    sealed = cipher.seal_text("박은희, 단둥", context="notes|report|1")
    assert "박은희".encode() not in sealed
    assert cipher.open_text(sealed, context="notes|report|1") == "박은희, 단둥"
    assert cipher.seal_text("x", context="c") != cipher.seal_text("x", context="c")  # fresh nonce each time
    with pytest.raises(StoreError):
        cipher.open_text(sealed, context="notes|report|2")
    with pytest.raises(StoreError):
        FieldCipher(derive_key(b"other master", "fields")).open_text(sealed, context="notes|report|1")


def test_secrets_subkeys_differ_by_purpose():
    assert derive_key(b"m", "fields") != derive_key(b"m", "csrf")
    assert derive_key(b"m", "fields") == derive_key(b"m", "fields")


def test_secrets_key_file_is_generated_once_with_0600(tmp_path):
    settings = load_settings({}, data_dir=str(tmp_path / "data"))
    first = master_secret(settings)
    path = tmp_path / "data" / KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert master_secret(settings) == first and len(first) == 32


def test_secrets_configured_key_wins_over_the_file(tmp_path):
    settings = load_settings({}, data_dir=str(tmp_path), secret_key="from the environment")
    assert master_secret(settings) == b"from the environment"
    assert not (tmp_path / KEY_FILE_NAME).exists()
