"""The API reference page, rendered on our server from the OpenAPI schema.

FastAPI's built-in docs load Swagger UI from a CDN, which this project never does; a page
drawn from `app.openapi()` needs no script at all and works on a slow phone.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Each path and method with its summary, description and parameters."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            found.append({
                "method": method.upper(),
                "path": path,
                "summary": spec.get("summary", ""),
                "description": spec.get("description", ""),
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "description": p.get("description", "")}
                    for p in spec.get("parameters", [])
                ],
            })
    return found


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    return pages(request).render(request, "api_docs.html", {
        "info": schema.get("info", {}),
        "operations": operations(schema),
    })
