"""Links that prove who clicked them without storing a secret per person.

A token is `<id>.<mac>`: the HMAC-SHA256 of a purpose, the row id and a nonce kept on the row,
under a key derived from the master secret. The database never holds a usable link, so a
copied table cannot unsubscribe anyone or reveal a hidden protest address; changing or
clearing the nonce revokes every link made with it, which makes confirmation links single-use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from refwatch.errors import TokenInvalid
from refwatch.settings import Settings
from refwatch.store.secrets import derive_key, master_secret

MAC_CHARS = 32  # 192 bits of the HMAC, in base64url


def link_key(settings: Settings) -> bytes:
    """The key for subscription and RSVP links; independent of the CSRF and field keys."""
    return derive_key(master_secret(settings), "respond-links")


def new_nonce() -> str:
    return secrets.token_hex(16)


def _mac(key: bytes, purpose: str, ident: int, nonce: str) -> str:
    digest = hmac.new(key, f"{purpose}:{ident}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:MAC_CHARS]


def make_token(key: bytes, *, purpose: str, ident: int, nonce: str) -> str:
    return f"{ident}.{_mac(key, purpose, ident, nonce)}"


def token_id(token: str) -> int:
    """The row id a token claims to be for; checking it is `verify_token`'s job."""
    head, _, mac = token.partition(".")
    if not head.isdigit() or len(mac) != MAC_CHARS or len(head) > 18:
        raise TokenInvalid("this link is not valid")
    return int(head)


def verify_token(key: bytes, token: str, *, purpose: str, nonce: str | None) -> int:
    """The row id if `token` was made for this purpose and nonce; TokenInvalid otherwise."""
    ident = token_id(token)
    if not nonce or not hmac.compare_digest(token, make_token(key, purpose=purpose, ident=ident, nonce=nonce)):
        raise TokenInvalid("this link is not valid or has already been used")
    return ident
