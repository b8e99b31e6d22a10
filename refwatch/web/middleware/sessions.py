"""Who is signed in: an opaque cookie looked up in the `web_sessions` table.

Server-side sessions (not signed cookies) so that signing out, a password change or a disabled
account ends a login at once, everywhere. Only pages use them: `/api/` answers to tokens, never
to cookies, and `/static/` needs no one. The cookie is HttpOnly, SameSite=Lax, and under HTTPS
Secure with the `__Host-` prefix. Handlers ask for a new cookie or its removal through the
`SessionSlot` in `request.state.session`; this middleware writes the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from anyio import to_thread
from sqlalchemy.orm import Session, sessionmaker

from refwatch.store import transaction
from refwatch.store.logins import ActiveSession, resume_session
from refwatch.web.middleware._asgi import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    cookie_header,
    cookies,
    is_https,
    state,
)

PLAIN_COOKIE = "rw_session"
SECURE_COOKIE = "__Host-rw_session"


@dataclass
class SessionSlot:
    """The request's session, and what the response should do with the cookie."""

    active: ActiveSession | None
    new_cookie: str | None = None
    clear_cookie: bool = False


def cookie_name(secure: bool) -> str:
    return SECURE_COOKIE if secure else PLAIN_COOKIE


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, factory: sessionmaker[Session], lifetime: timedelta, idle: timedelta,
                 https: bool = False, skip_prefixes: tuple[str, ...] = ("/api/", "/static/")) -> None:
        self.app = app
        self.factory = factory
        self.lifetime = lifetime
        self.idle = idle
        self.https = https
        self.skip_prefixes = skip_prefixes

    def _resume(self, cookie_value: str) -> ActiveSession | None:
        with transaction(self.factory) as db:
            return resume_session(db, cookie_value, idle=self.idle)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return
        secure = is_https(scope, forced=self.https)
        name = cookie_name(secure)
        sent = cookies(scope).get(name)
        active = await to_thread.run_sync(self._resume, sent) if sent else None
        slot = SessionSlot(active, clear_cookie=bool(sent) and active is None)
        request_state = state(scope)
        request_state["session"] = slot
        request_state["account"] = active.account if active else None
        max_age = int(self.lifetime.total_seconds())

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if slot.new_cookie:
                    headers.append((b"set-cookie", cookie_header(name, slot.new_cookie, max_age=max_age,
                                                                 secure=secure)))
                elif slot.clear_cookie:
                    headers.append((b"set-cookie", cookie_header(name, "", max_age=0, secure=secure)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
