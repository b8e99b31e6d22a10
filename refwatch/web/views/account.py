"""Signing in and out.

Login is rate limited per account and per address with counts kept in the database, so the
limit holds across processes; while paused the password is not even checked. A successful
login always starts a new session (a fixed or stolen pre-login cookie is worthless).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from refwatch.store import transaction
from refwatch.store.logins import LoginLimits, end_session, login_paused, note_attempt, start_session
from refwatch.store.users import verify_password
from refwatch.web.auth import client_ip, current_account
from refwatch.web.middleware.sessions import SessionSlot
from refwatch.web.views._shared import factory, form, pages, safe_next, see_other

router = APIRouter(include_in_schema=False)
AFTER_LOGIN = "/workspace"


def _limits(request: Request) -> LoginLimits:
    settings = request.app.state.settings
    return LoginLimits(settings.login_max_failures, settings.login_max_failures_per_ip,
                       timedelta(seconds=settings.login_window))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    if current_account(request) is not None:
        return see_other(safe_next(next, AFTER_LOGIN))
    return pages(request).render(request, "login.html", {"next": safe_next(next, AFTER_LOGIN), "problem": None,
                                                         "username": ""})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request) -> Response:
    fields = form(request)
    username = fields.get("username", "").strip()
    password = fields.get("password", "")
    target = safe_next(fields.get("next"), AFTER_LOGIN)
    ip = client_ip(request)
    settings = request.app.state.settings
    with transaction(factory(request)) as db:
        if login_paused(db, username=username, ip=ip, limits=_limits(request)):
            note_attempt(db, username=username, ip=ip, outcome="paused")
            problem, status = "paused", 429
        else:
            account = verify_password(db, username, password) if username and password else None
            note_attempt(db, username=username, ip=ip, outcome="ok" if account else "failed")
            if account is not None:
                slot: SessionSlot = request.state.session
                if slot.active is not None:
                    end_session(db, slot.active.key)
                slot.new_cookie = start_session(db, user_id=account.id,
                                                lifetime=timedelta(hours=settings.session_hours))
                return see_other(target)
            problem, status = "wrong", 401
    return pages(request).render(request, "login.html", {"next": target, "problem": problem, "username": username},
                                 status=status)


@router.post("/logout")
def logout(request: Request) -> Response:
    slot: SessionSlot = request.state.session
    if slot.active is not None:
        with transaction(factory(request)) as db:
            end_session(db, slot.active.key)
        slot.clear_cookie = True
    return see_other("/")
