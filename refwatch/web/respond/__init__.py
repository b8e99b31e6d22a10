"""The respond pages: subscriptions, urgent actions, events, share kits, feeds, responses and
their workspace. `router` holds them all and `NAV` their links; `refwatch/web/app.py` includes them.

`CSRF_EXEMPT` lists the path prefix of the RFC 8058 one-click endpoints, which mail providers
POST to without cookies or tokens (the secret token in the path is the proof).
"""

from __future__ import annotations

from fastapi import APIRouter

from refwatch.web.respond import (
    action_pages,
    event_pages,
    feeds_pages,
    response_pages,
    share_pages,
    subscriptions,
    workspace,
)
from refwatch.web.templating import NavLink

CSRF_EXEMPT = ("/unsubscribe/",)
NAV = (NavLink("nav.events", "/events"), NavLink("nav.subscribe", "/subscribe"),
       NavLink("nav.respond", "/workspace/respond", role="editor"))

router = APIRouter(include_in_schema=False)
for module in (subscriptions, feeds_pages, share_pages, event_pages, action_pages, response_pages, workspace):
    router.include_router(module.router)

__all__ = ["CSRF_EXEMPT", "NAV", "router"]
