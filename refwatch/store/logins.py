"""Signed-in sessions and login rate limiting, kept in the database so every process agrees.

A session cookie carries 256 random bits; the table keeps only their SHA-256, so reading the
table does not let anyone sign in. Failed logins are counted per account and per address over
a sliding window; while either is over its limit, the password is not even checked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from refwatch.store.models import LoginAttempt, WebSession, utcnow
from refwatch.store.times import as_utc
from refwatch.store.users import Account, load_account, normalise_username

ATTEMPTS_KEPT = timedelta(days=2)
LAST_SEEN_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class LoginLimits:
    max_failures_per_account: int
    max_failures_per_ip: int
    window: timedelta


@dataclass(frozen=True, slots=True)
class ActiveSession:
    key: str
    account: Account
    csrf_secret: str



def session_key(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode("utf-8")).hexdigest()


def start_session(session: Session, *, user_id: int, lifetime: timedelta) -> str:
    """Create a session row and return the cookie value (shown to the browser only)."""
    cookie_value = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(WebSession(id=session_key(cookie_value), user_id=user_id, csrf_secret=secrets.token_hex(32),
                           created_at=now, last_seen_at=now, expires_at=now + lifetime))
    session.flush()
    return cookie_value


def resume_session(session: Session, cookie_value: str, *, idle: timedelta) -> ActiveSession | None:
    """The live session for a cookie, or None (and the row deleted) when it expired or idled out."""
    key = session_key(cookie_value)
    row = session.get(WebSession, key)
    if row is None:
        return None
    now = utcnow()
    if as_utc(row.expires_at) <= now or now - as_utc(row.last_seen_at) > idle:
        session.delete(row)
        return None
    account = load_account(session, row.user_id)
    if account is None:
        session.delete(row)
        return None
    if now - as_utc(row.last_seen_at) > LAST_SEEN_GRANULARITY:
        row.last_seen_at = now
    return ActiveSession(key, account, row.csrf_secret)


def end_session(session: Session, key: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == key))


def end_all_sessions(session: Session, *, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def _failures_since(session: Session, column: InstrumentedAttribute[str], value: str, since: datetime) -> int:
    query = select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.at >= since, LoginAttempt.outcome == "failed"
    )
    return int(session.scalar(query) or 0)


def _last_success(session: Session, username: str) -> datetime | None:
    return session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.outcome == "ok")
    )


def login_paused(session: Session, *, username: str, ip: str, limits: LoginLimits) -> bool:
    """True while the account or the address has too many recent failures."""
    now = utcnow()
    since = now - limits.window
    name = normalise_username(username)
    last_ok = _last_success(session, name)
    account_since = max(since, as_utc(last_ok)) if last_ok is not None else since
    if _failures_since(session, LoginAttempt.username, name, account_since) >= limits.max_failures_per_account:
        return True
    return _failures_since(session, LoginAttempt.ip, ip, since) >= limits.max_failures_per_ip


def note_attempt(session: Session, *, username: str, ip: str, outcome: str) -> None:
    """Keep one attempt ("ok", "failed" or "paused") and forget those older than two days."""
    now = utcnow()
    session.add(LoginAttempt(at=now, username=normalise_username(username)[:100], ip=ip[:64], outcome=outcome))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - ATTEMPTS_KEPT))
    session.flush()
