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
    return pages(request).render(request, "home.html")


@router.get("/healthz")
def health() -> JSONResponse:
    """For load balancers and the browser tests: the app answers."""
    return JSONResponse({"ok": True})
