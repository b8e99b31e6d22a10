"""The web app, assembled in one function you can read top to bottom.

Middleware, outermost first: security headers (on every answer, errors included), language,
session, CSRF. Then the pages, the API under `/api/v1`, the optional public-site sections,
static files and the error handlers.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Protocol
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, APIRouter
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from refwatch.errors import WebError
from refwatch.settings import Settings
from refwatch.store import engine_for, migrate, session_factory
from refwatch.store.secrets import FieldCipher, derive_key, master_secret
from refwatch.web import error_pages
from refwatch.web.middleware.csrf import CsrfMiddleware
from refwatch.web.middleware.language import LanguageMiddleware
from refwatch.web.middleware.security_headers import SecurityHeadersMiddleware
from refwatch.web.middleware.sessions import SessionMiddleware
from refwatch.web.templating import NavLink, Pages
from refwatch.web.views import account, api_docs, audit, events, home, reports, review

STATIC_DIR = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"
# Sections built by other stages. Each module exposes `router`, and optionally `api_router`
# (mounted under /api/v1), `NAV` (navigation links) and `CSRF_EXEMPT` (path prefixes whose POSTs
# carry their own proof, e.g. RFC 8058 one-click unsubscribe). Missing modules are skipped.
OPTIONAL_SECTIONS: tuple[str, ...] = (
    "refwatch.web.views.incidents",
    "refwatch.web.views.incident_map",
    "refwatch.web.views.statistics",
    "refwatch.web.views.search",
    "refwatch.web.views.exports",
    "refwatch.web.respond",
)
API_DESCRIPTION = (
    "Reports, events and (soon) incidents gathered by refwatch. Reports and unreviewed events need a "
    "token (`Authorization: Bearer rw_…`, minted with `refwatch users token`); reviewed events are public. "
    "Lists are newest first; follow `next` for the following page."
)


class StoreHandle(Protocol):
    """What the app needs from an opened store (`refwatch.cli._common.Store` fits)."""

    engine: Engine
    factory: sessionmaker[Session]


def tile_origins(tile_url: str) -> tuple[str, ...]:
    """The origin of a configured map tile server, which the CSP must then allow images from."""
    parts = urlsplit(tile_url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ()
    return (f"{parts.scheme}://{parts.netloc.replace('a.', '*.', 1) if '{s}' in tile_url else parts.netloc}",)


def _optional_sections() -> list[ModuleType]:
    return [importlib.import_module(name) for name in OPTIONAL_SECTIONS if importlib.util.find_spec(name) is not None]


def _middleware(settings: Settings, factory: sessionmaker[Session], *, csrf_key: bytes,
                csrf_exempt: tuple[str, ...]) -> list[Middleware]:
    """Outermost first: security headers (on every answer, errors included), language, session, CSRF."""
    https = settings.https
    return [
        Middleware(SecurityHeadersMiddleware, https=https, image_origins=tile_origins(settings.map_tile_url)),
        Middleware(LanguageMiddleware, https=https),
        Middleware(SessionMiddleware, factory=factory, https=https, lifetime=timedelta(hours=settings.session_hours),
                   idle=timedelta(minutes=settings.session_idle_minutes)),
        Middleware(CsrfMiddleware, key=csrf_key, https=https, exempt_prefixes=csrf_exempt,
                   on_reject=error_pages.csrf_rejection),
    ]


def create_app(settings: Settings, *, store: StoreHandle | None = None) -> FastAPI:
    if store is None:
        engine = engine_for(settings)
        migrate(engine)
        factory = session_factory(engine)
    else:
        factory = store.factory
    master = master_secret(settings)
    optional = _optional_sections()
    csrf_exempt = ("/api/", *(prefix for module in optional for prefix in getattr(module, "CSRF_EXEMPT", ())))

    nav = [NavLink("nav.home", "/")]
    nav += [link for module in optional for link in getattr(module, "NAV", ())]
    nav += [NavLink("nav.api", f"{API_PREFIX}/docs"),
            NavLink("nav.queue", "/workspace", role="viewer"),
            NavLink("nav.audit", "/workspace/audit", role="admin")]

    app = FastAPI(
        title="refwatch API",
        version="1",
        description=API_DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        middleware=_middleware(settings, factory, csrf_key=derive_key(master, "csrf"), csrf_exempt=csrf_exempt),
    )
    app.state.settings = settings
    app.state.factory = factory
    app.state.cipher = FieldCipher(derive_key(master, "fields"))
    app.state.pages = Pages(nav=nav)

    routers = [("", module.router) for module in (home, account, reports, review, audit, api_docs, *optional)]
    routers += [(API_PREFIX, module.api_router) for module in (reports, events, *optional)
                if hasattr(module, "api_router")]
    for prefix, router in routers:
        app.include_router(router, prefix=prefix)
    app.state.routers = routers
    app.state.home_pages = [module.home_page for module in optional if hasattr(module, "home_page")]
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    app.add_exception_handler(WebError, error_pages.on_web_error)
    app.add_exception_handler(HTTPException, error_pages.on_http_error)
    app.add_exception_handler(RequestValidationError, error_pages.on_validation_error)
    return app


def get_paths(app: FastAPI) -> list[str]:
    """Every GET path the app answers, with `{parameters}` left in: for crawling tests and benchmarks."""
    return [path for prefix, router in app.state.routers for path in _get_paths(prefix, router.routes)]


def _get_paths(prefix: str, routes: Iterable[BaseRoute]) -> Iterator[str]:
    """GET paths of these routes and of the routers included among them, at any depth.

    FastAPI (0.16x) keeps an included router whole, as one route holding `original_router`,
    instead of copying its routes: a walk that only looked at `APIRoute`s would miss every page
    of an included router (all respond pages, the workspace's incident pages).
    """
    for route in routes:
        if isinstance(route, APIRoute):
            if "GET" in (route.methods or ()):
                yield prefix + route.path
            continue
        included: APIRouter | None = getattr(route, "original_router", None)
        if included is not None:
            include_prefix: str = getattr(getattr(route, "include_context", None), "prefix", "")
            yield from _get_paths(prefix + include_prefix, included.routes)
