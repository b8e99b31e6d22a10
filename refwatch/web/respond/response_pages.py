"""Posting a reader's response: sanitised and held until a moderator approves it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import InvalidResponse, NotFound, RateLimited
from refwatch.respond import events
from refwatch.respond.incident_feed import incident_by_key
from refwatch.respond.responses import TARGET_TYPES, Submission, submit
from refwatch.store import transaction
from refwatch.store.models import UrgentAction
from refwatch.web.respond._common import client_ip, factory, field, respond_ctx, seconds_on_form, settings_of
from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)


def _exists(db: Session, target_type: str, key: str) -> bool:
    if target_type == "incident":
        incident = incident_by_key(db, key)
        return incident is not None and incident.published
    if target_type == "action":
        return db.scalars(select(UrgentAction.id).where(UrgentAction.slug == key)).first() is not None
    return events.event_by_slug(db, key) is not None


@router.post("/responses/{target_type}/{key}", response_class=HTMLResponse)
def post_response(target_type: str, key: str, request: Request) -> HTMLResponse:
    settings, ctx = settings_of(request), respond_ctx(request)
    if target_type not in TARGET_TYPES:
        raise NotFound("responses go under incidents, actions and events")
    submission = Submission(target_type=target_type, target_key=key, body=field(request, "body"),
                            display_name=field(request, "name"), lang=request.state.lang,
                            address=client_ip(request), honeypot=field(request, "website"),
                            seconds_on_form=seconds_on_form(settings, field(request, "stamp"), ctx.now()))
    try:
        with transaction(factory(request)) as db:
            if not _exists(db, target_type, key):
                raise NotFound("nothing to respond to here")
            submit(db, submission, settings=settings, now=ctx.now())
    except RateLimited:
        return pages(request).render(request, "respond/message.html", {"key": "respond.rate_limited",
                                                                       "button": None}, status=429)
    except InvalidResponse:
        return pages(request).render(request, "respond/message.html", {"key": "respond.responses.invalid",
                                                                       "button": None}, status=422)
    return pages(request).render(request, "respond/message.html", {"key": "respond.responses.held", "button": None})
