"""Security headers on every answer: a strict CSP, no framing, no sniffing, no leaking referrers.

The CSP allows only our own origin and no inline script or style (not even `style=""`
attributes), which is what lets a page with attacker-influenced text stay harmless. Answers
for a signed-in person or an API token are marked `no-store` so shared caches keep nothing.
"""

from __future__ import annotations

from refwatch.web.middleware._asgi import ASGIApp, Message, Receive, Scope, Send, has_header, is_https, state

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=63072000; includeSubDomains"
STATIC_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def with_image_origins(origins: tuple[str, ...]) -> tuple[tuple[bytes, bytes], ...]:
    """The headers with extra `img-src` origins (a configured map tile server), else unchanged."""
    if not origins:
        return STATIC_HEADERS
    csp = CSP.replace("img-src 'self' data:", "img-src 'self' data: " + " ".join(origins))
    return tuple((name, csp.encode() if name == b"content-security-policy" else value)
                 for name, value in STATIC_HEADERS)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool = False, image_origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.https = https
        self.headers = with_image_origins(image_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = is_https(scope, forced=self.https)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                for name, value in self.headers:
                    if not has_header(headers, name):
                        headers.append((name, value))
                if hsts:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                private = state(scope).get("account") is not None
                if private and not has_header(headers, b"cache-control"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
