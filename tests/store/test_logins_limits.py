from datetime import timedelta

from sqlalchemy import update

from refwatch.store import transaction
from refwatch.store.logins import LoginLimits, login_paused, note_attempt, resume_session, start_session
from refwatch.store.models import LoginAttempt, utcnow
from refwatch.store.users import add_user

LIMITS = LoginLimits(max_failures_per_account=3, max_failures_per_ip=5, window=timedelta(minutes=15))


def test_logins_limits_pause_per_account_and_per_address(factory):
    with transaction(factory) as db:
        for _ in range(3):
            note_attempt(db, username="Eve", ip="10.0.0.1", outcome="failed")
    with factory() as db:
        assert login_paused(db, username="eve", ip="10.0.0.9", limits=LIMITS)
        assert not login_paused(db, username="vic", ip="10.0.0.9", limits=LIMITS)
    with transaction(factory) as db:
        for name in ("a", "b"):
            note_attempt(db, username=name, ip="10.0.0.1", outcome="failed")
    with factory() as db:
        assert login_paused(db, username="vic", ip="10.0.0.1", limits=LIMITS)


def test_logins_limits_forget_failures_outside_the_window(factory):
    with transaction(factory) as db:
        for _ in range(3):
            note_attempt(db, username="eve", ip="10.0.0.1", outcome="failed")
        db.execute(update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
    with factory() as db:
        assert not login_paused(db, username="eve", ip="10.0.0.1", limits=LIMITS)


def test_logins_sessions_resume_and_expire(factory):
    with transaction(factory) as db:
        account = add_user(db, username="eve", password="a long enough password", role="editor", actor="t")
        cookie = start_session(db, user_id=account.id, lifetime=timedelta(hours=1))
    with transaction(factory) as db:
        active = resume_session(db, cookie, idle=timedelta(minutes=30))
        assert active.account == account and len(active.csrf_secret) == 64
        assert resume_session(db, cookie + "x", idle=timedelta(minutes=30)) is None
    with transaction(factory) as db:
        assert resume_session(db, cookie, idle=timedelta(seconds=-1)) is None  # idled out: removed
    with transaction(factory) as db:
        assert resume_session(db, cookie, idle=timedelta(hours=1)) is None
