"""One place that turns a refused request into an answer: JSON under `/api/`, a page elsewhere.

API errors look like `{"error": {"code": "RW704", "message": "…"}}`. On pages, a request
that needs a login is sent to `/login?next=…`; other errors get a translated explanation.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from refwatch.errors import BadRequest, NotAuthenticated, NotFound, PermissionDenied, WebError
from refwatch.web.middleware._asgi import ASGIApp, Scope
from refwatch.web.templating import Pages

_BY_STATUS: dict[int, type[WebError]] = {400: BadRequest, 401: NotAuthenticated, 403: PermissionDenied,
                                         404: NotFound}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, error: WebError) -> Response:
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, NotAuthenticated) else None
        return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=error.status,
                            headers=headers)
    if isinstance(error, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Response(status_code=303, headers={"Location": f"/login?next={quote(target)}"})
    pages: Pages = request.app.state.pages
    return pages.render(request, "error.html", {"error": error}, status=error.status)


async def on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)  # registered for WebError only
    return error_response(request, exc)


async def on_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (no such route or method) rendered like ours."""
    assert isinstance(exc, HTTPException)
    kind = _BY_STATUS.get(exc.status_code, WebError)
    error = kind(str(exc.detail))
    error.status = exc.status_code
    return error_response(request, error)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
    error: WebError = BadRequest(problems or "invalid request")
    if not _is_api(request) and any(e.get("loc", ())[:1] == ("path",) for e in exc.errors()):
        error = NotFound("no such page")
    return error_response(request, error)


def csrf_rejection(scope: Scope, error: WebError) -> ASGIApp:
    """What the CSRF middleware answers with: the same error page as everything else."""
    request = Request(scope)
    response: ASGIApp = error_response(request, error)
    return response
