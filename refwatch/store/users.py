"""Workspace accounts and API tokens.

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 defaults) and rehashed on login when
those defaults change. API tokens are 256-bit random strings: their SHA-256 is enough to store
them safely (no slow hash needed for that much entropy) and lets a lookup use an index.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from refwatch.errors import InputError
from refwatch.store.audit import record
from refwatch.store.models import ApiToken, User, WebSession, utcnow
from refwatch.store.times import as_utc

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
MIN_PASSWORD_CHARS = 12
TOKEN_PREFIX = "rw_"
_hasher = PasswordHasher()
# Verified against when the account does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True, slots=True)
class Account:
    """What the web layer needs to know about a person, without the password hash."""

    id: int
    username: str
    role: str

    def can(self, role: str) -> bool:
        """True when this account's role is `role` or above (viewer < editor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.role)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")


def add_user(session: Session, *, username: str, password: str, role: str, actor: str) -> Account:
    name = normalise_username(username)
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise InputError("a username is 1–100 characters without spaces")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    check_password_rules(password)
    if find_user(session, name) is not None:
        raise InputError(f"user {name!r} already exists")
    user = User(username=name, password_hash=_hasher.hash(password), role=role, active=True)
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user.add", entity_type="user", entity_id=user.id,
           after={"username": name, "role": role})
    return _account(user)


def set_password(session: Session, *, username: str, password: str, actor: str) -> None:
    user = find_user(session, username)
    if user is None:
        raise InputError(f"no user {normalise_username(username)!r}")
    check_password_rules(password)
    user.password_hash = _hasher.hash(password)
    user.password_changed_at = utcnow()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))  # sign out everywhere
    record(session, actor=actor, action="user.password", entity_type="user", entity_id=user.id,
           after={"username": user.username})


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == normalise_username(username))).first()


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id))) or 0)


def verify_password(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right and the account active; None otherwise, in similar time."""
    user = find_user(session, username)
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    return _account(user)


def load_account(session: Session, user_id: int) -> Account | None:
    user = session.get(User, user_id)
    return _account(user) if user is not None and user.active else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def mint_token(session: Session, *, username: str, name: str, actor: str,
               days: int | None = None) -> tuple[int, str]:
    """Create a token and return (id, token); the token itself is shown once and never stored."""
    user = find_user(session, username)
    if user is None or not user.active:
        raise InputError(f"no active user {normalise_username(username)!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    row = ApiToken(user_id=user.id, name=name.strip() or "token", token_hash=_token_hash(token),
                   prefix=token[:10], expires_at=expires)
    session.add(row)
    session.flush()
    record(session, actor=actor, action="token.mint", entity_type="api_token", entity_id=row.id,
           after={"user": user.username, "name": row.name, "prefix": row.prefix,
                  "expires_at": expires.isoformat() if expires else None})
    return row.id, token


def revoke_token(session: Session, *, token_id: int, actor: str) -> bool:
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    record(session, actor=actor, action="token.revoke", entity_type="api_token", entity_id=row.id,
           before={"prefix": row.prefix}, after={"revoked": True})
    return True



def account_for_token(session: Session, token: str) -> Account | None:
    """The account behind a live token; marks the token used (at most once a minute)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _token_hash(token))).first()
    now = utcnow()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and as_utc(row.expires_at) <= now:
        return None
    if row.last_used_at is None or now - as_utc(row.last_used_at) > timedelta(minutes=1):
        row.last_used_at = now
    return load_account(session, row.user_id)


def list_tokens(session: Session) -> list[tuple[ApiToken, str]]:
    rows = session.execute(
        select(ApiToken, User.username).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    )
    return [(token, username) for token, username in rows]
