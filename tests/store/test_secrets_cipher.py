import os
import stat

import pytest

from refwatch.errors import StoreError
from refwatch.settings import load_settings
from refwatch.store import secrets as secrets_module
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


def test_secrets_two_processes_creating_the_key_at_once_agree_on_it(tmp_path, monkeypatch):
    """The other process looks just after this one drew its key: it must find no half-made file."""
    settings = load_settings({}, data_dir=str(tmp_path / "data"))
    real_token_bytes = secrets_module.secrets.token_bytes
    other = []

    def draw_then_let_the_other_start(n):
        key = real_token_bytes(n)
        if not other:
            other.append(None)
            other[0] = master_secret(settings)  # the second process starting at this very moment
        return key

    monkeypatch.setattr(secrets_module.secrets, "token_bytes", draw_then_let_the_other_start)
    mine = master_secret(settings)
    assert mine == other[0] and len(mine) == 32
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [KEY_FILE_NAME]  # no drafts left behind


def test_secrets_an_unusable_key_file_is_named(tmp_path):
    (tmp_path / KEY_FILE_NAME).write_text("not a key\n")
    with pytest.raises(StoreError, match="no usable key") as raised:
        master_secret(load_settings({}, data_dir=str(tmp_path)))
    assert raised.value.where == str(tmp_path / KEY_FILE_NAME)
