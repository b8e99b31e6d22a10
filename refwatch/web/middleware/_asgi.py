"""Small helpers the middleware share: typed ASGI aliases, cookies and header edits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def header(scope: Scope, name: str) -> str | None:
    wanted = name.lower().encode("latin-1")
    for key, value in scope.get("headers", ()):
        if key.lower() == wanted:
            return str(value.decode("latin-1"))
    return None


def cookies(scope: Scope) -> dict[str, str]:
    raw = header(scope, "cookie")
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is the browser's problem, not a 500
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def state(scope: Scope) -> dict[str, Any]:
    """The per-request dict behind Starlette's `request.state`."""
    value: dict[str, Any] = scope.setdefault("state", {})
    return value


def cookie_header(name: str, value: str, *, max_age: int | None, secure: bool, http_only: bool = True) -> bytes:
    parts = [f"{name}={value}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


def is_https(scope: Scope, *, forced: bool) -> bool:
    return forced or scope.get("scheme") == "https"


def has_header(headers: list[tuple[bytes, bytes]], name: bytes) -> bool:
    return any(key.lower() == name for key, _ in headers)
