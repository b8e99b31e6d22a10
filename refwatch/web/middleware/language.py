"""Which language a page speaks: `?lang=`, then the `rw_lang` cookie, then Accept-Language.

A `?lang=` choice is remembered in a cookie so the language switch sticks without JavaScript.
The answer says `Content-Language` and varies on the headers that chose it.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from refwatch.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, parse_accept_language
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

COOKIE = "rw_lang"
ONE_YEAR = 365 * 24 * 3600


def _from_query(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [])
    return values[0] if values and values[0] in LANGUAGES else None


class LanguageMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _from_query(scope)
        remembered = cookies(scope).get(COOKIE)
        remembered = remembered if remembered in LANGUAGES else None
        lang = asked or remembered or parse_accept_language(header(scope, "accept-language") or "")
        lang = lang or DEFAULT_LANGUAGE
        state(scope)["lang"] = lang
        remember = asked is not None and asked != remembered
        secure = is_https(scope, forced=self.https)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", lang.encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if remember:
                    headers.append((b"set-cookie", cookie_header(COOKIE, lang, max_age=ONE_YEAR, secure=secure)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_language)
