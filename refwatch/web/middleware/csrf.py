"""CSRF protection for every form: a token in each form, checked on every unsafe method.

Signed in, the token is an HMAC of the session's own secret (kept server-side in
`web_sessions`), i.e. a synchronizer token; signed out (the login form), it is an HMAC of a
random `rw_csrf` cookie, the signed double-submit pattern. A request from another site
(`Origin` or `Sec-Fetch-Site` say so) is refused even before the token is compared.
Unsafe requests under the exempt prefixes are not checked: `/api/`, because the API
authenticates with bearer tokens and ignores cookies, and the RFC 8058 one-click paths, whose
path token is the proof. Only the check is skipped there: pages under those paths still get
tokens for their own forms (and a signed-in person's page its sign-out form).

This middleware also parses the url-encoded body once and leaves it in `request.state.form`,
so handlers stay synchronous; multipart bodies are refused (no uploads through forms).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from refwatch.errors import BadRequest, CsrfRejected, WebError
from refwatch.web.middleware._asgi import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    cookie_header,
    cookies,
    header,
    is_https,
    state,
)

ANON_COOKIE = "rw_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_FORM_BYTES = 1024 * 1024
RejectRenderer = Callable[[Scope, WebError], ASGIApp]


class FormFields(dict[str, str]):
    """The first value of each field, plus `getlist` for repeated ones."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pairs = pairs
        for key, value in pairs:
            self.setdefault(key, value)

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self.pairs if name == key]


def _sign(key: bytes, kind: str, secret: str) -> str:
    digest = hmac.new(key, f"{kind}:{secret}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_token(scope: Scope) -> str:
    """The token to put in a form on this page (creates the anonymous cookie if needed)."""
    request_state = state(scope)
    key: bytes = request_state["csrf_key"]
    slot = request_state.get("session")
    if slot is not None and slot.active is not None:
        return _sign(key, "session", slot.active.csrf_secret)
    anon = request_state.get("csrf_anon")
    if not anon:
        anon = secrets.token_urlsafe(24)
        request_state["csrf_anon"] = anon
        request_state["csrf_anon_new"] = True
    return _sign(key, "anon", anon)


def _same_origin(scope: Scope) -> bool:
    if (header(scope, "sec-fetch-site") or "").lower() == "cross-site":
        return False
    origin = header(scope, "origin")
    if origin is None or origin == "null":
        return origin is None
    host = header(scope, "host") or ""
    return origin.split("://", 1)[-1] == host


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise BadRequest("the form is too large")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, *, key: bytes, on_reject: RejectRenderer, https: bool = False,
                 exempt_prefixes: tuple[str, ...] = ("/api/",)) -> None:
        self.app = app
        self.key = key
        self.on_reject = on_reject
        self.https = https
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_state = state(scope)
        request_state["csrf_key"] = self.key
        request_state["csrf_anon"] = cookies(scope).get(ANON_COOKIE)
        secure = is_https(scope, forced=self.https)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and request_state.get("csrf_anon_new"):
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", cookie_header(ANON_COOKIE, request_state["csrf_anon"],
                                                             max_age=None, secure=secure)))
                message["headers"] = headers
            await send(message)

        if scope["method"] not in SAFE_METHODS and not scope["path"].startswith(self.exempt_prefixes):
            try:
                receive = await self._check(scope, receive)
            except WebError as e:
                await self.on_reject(scope, e)(scope, receive, send_with_cookie)
                return
        await self.app(scope, receive, send_with_cookie)

    async def _check(self, scope: Scope, receive: Receive) -> Receive:
        if not _same_origin(scope):
            raise CsrfRejected("the form was sent from another site")
        content_type = (header(scope, "content-type") or "").split(";")[0].strip().lower()
        body = await _read_body(receive)
        pairs: list[tuple[str, str]] = []
        if content_type == "application/x-www-form-urlencoded":
            try:
                pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=2000)
            except ValueError as e:
                raise BadRequest("the form has too many fields") from e
        elif body:
            raise CsrfRejected("forms must be sent url-encoded")
        form = FormFields(pairs)
        state(scope)["form"] = form
        sent: Any = header(scope, HEADER) or form.get(FIELD, "")
        if not sent or not hmac.compare_digest(str(sent), csrf_token(scope)):
            raise CsrfRejected("the form's security token is missing or expired")
        return _replay(body)
