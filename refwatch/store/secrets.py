"""Field encryption and derived keys: what keeps names and notes unreadable in a stolen database.

One master secret (`REFWATCH_SECRET_KEY`, or 32 random bytes generated once into
`DATA_DIR/secret.key` with 0600 permissions) yields independent subkeys through HKDF, so the
key that signs CSRF tokens can never decrypt a note. Fields are sealed with AES-256-GCM; the
associated data names the row the value belongs to, so a ciphertext copied onto another row
fails to open instead of silently showing the wrong person's details.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from refwatch.errors import StoreError
from refwatch.settings import Settings

KEY_FILE_NAME = "secret.key"
FORMAT_V1 = b"\x01"
NONCE_BYTES = 12


def _read_or_create_key_file(path: Path) -> bytes:
    """The key in `path`, made on first use so that two processes starting together agree on one.

    The key is written to a private file first and then linked to its name, which fails if the
    name exists: nobody can read the file half-made, and a second key never replaces the first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = secrets.token_bytes(32)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="ascii") as out:
            out.write(key.hex() + "\n")
        try:
            os.link(draft, path)
            return key
        except FileExistsError:
            pass  # another process was first: its key is the key
        finally:
            draft.unlink(missing_ok=True)
    raw = path.read_text(encoding="ascii", errors="replace").strip()
    if len(raw) >= 64:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(raw)
    raise StoreError("holds no usable key (expected 64 hex characters)", where=str(path))


def master_secret(settings: Settings) -> bytes:
    """The configured secret, or the one generated into the data folder."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    return _read_or_create_key_file(settings.data_path / KEY_FILE_NAME)


def derive_key(master: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose ("fields", "csrf", …) that reveals nothing about the others."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"refwatch", info=purpose.encode()).derive(master)


class FieldCipher:
    """AES-GCM sealing of one value bound to where it is stored (`context`)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def from_settings(cls, settings: Settings) -> FieldCipher:
        return cls(derive_key(master_secret(settings), "fields"))

    def seal(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, plaintext, context.encode("utf-8"))

    def open(self, sealed: bytes, *, context: str) -> bytes:
        if not sealed.startswith(FORMAT_V1) or len(sealed) < 1 + NONCE_BYTES + 16:
            raise StoreError("encrypted field has an unknown format", where=context)
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, context.encode("utf-8"))
        except InvalidTag as e:
            raise StoreError("encrypted field does not open with this key or was moved to another row",
                             where=context) from e

    def seal_text(self, text: str, *, context: str) -> bytes:
        return self.seal(text.encode("utf-8"), context=context)

    def open_text(self, sealed: bytes, *, context: str) -> str:
        return self.open(sealed, context=context).decode("utf-8")
