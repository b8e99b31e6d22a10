"""Rendering pages: one Jinja environment, and the context every page gets.

Templates are autoescaped with StrictUndefined, so a misspelt variable fails a test instead of
printing nothing. Every page gets `t` (the UI catalogue in the request's language), `lang`,
`account`, `csrf_token()`, `lang_url()` for the language switch and the navigation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from refwatch.web.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, translate
from refwatch.web.middleware.csrf import csrf_token


@dataclass(frozen=True, slots=True)
class NavLink:
    """One navigation entry; `role` None is public, otherwise the least role that sees it."""

    label_key: str
    path: str
    role: str | None = None


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _web_link(url: str | None) -> str | None:
    """Only http(s) links from fetched data become hrefs; `javascript:` and friends stay text."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _with_query(request: Request, **changes: Any) -> str:
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


class Pages:
    def __init__(self, *, nav: list[NavLink]) -> None:
        self.nav = nav
        self.env = Environment(
            loader=PackageLoader("refwatch.web", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["when"] = _when
        self.env.filters["web_link"] = _web_link
        self.env.globals["LANGUAGES"] = LANGUAGES
        self.env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES

    def context(self, request: Request) -> dict[str, Any]:
        lang: str = getattr(request.state, "lang", DEFAULT_LANGUAGE)
        account = getattr(request.state, "account", None)
        translator: Callable[..., str] = lambda key, **params: translate(lang, key, **params)  # noqa: E731
        visible = [link for link in self.nav if link.role is None or (account is not None and account.can(link.role))]
        return {
            "request": request,
            "lang": lang,
            "t": translator,
            "account": account,
            "csrf_token": lambda: csrf_token(request.scope),
            "lang_url": lambda code: _with_query(request, lang=code),
            "page_url": lambda **changes: _with_query(request, **changes),
            "public_nav": [link for link in visible if link.role is None],
            "workspace_nav": [link for link in visible if link.role is not None],
            "path": request.url.path,
        }

    def render(self, request: Request, template: str, data: Mapping[str, Any] | None = None, *,
               status: int = 200, headers: Mapping[str, str] | None = None) -> HTMLResponse:
        context = self.context(request)
        context.update(data or {})
        html = self.env.get_template(template).render(context)
        return HTMLResponse(html, status_code=status, headers=dict(headers or {}))
