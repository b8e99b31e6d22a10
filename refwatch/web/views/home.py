"""The front page and a health check.

The public incident site (second web engineer) takes over `/` by adding its own sections to the
`home.html` blocks; until then the page says what refwatch is and where the API lives.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """The front page; a section exposing `home_page(request)` (the incident site) draws it instead."""
    for home_page in getattr(request.app.state, "home_pages", ()):
        page: HTMLResponse = home_page(request)
        return page
    return pages(request).render(request, "home.html")


@router.get("/healthz")
def health() -> JSONResponse:
    """For load balancers and the browser tests: the app answers."""
    return JSONResponse({"ok": True})
