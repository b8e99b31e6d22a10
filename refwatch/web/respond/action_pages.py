"""The urgent-action page: what happened, the countdown, whom to ask, letters, and "I did it".

Server-rendered and complete without JavaScript: the countdown is computed when the page is
built and the page says so ("as of 14:05 UTC"); a passed date is shown as passed.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import InputError, NotFound, RateLimited
from refwatch.respond import actions, letters, links, responses, subscriptions, targets
from refwatch.respond.incident_feed import incident_by_key
from refwatch.respond.public import PublicIncident
from refwatch.respond.subscriptions import Preferences
from refwatch.store import transaction
from refwatch.store.models import UrgentAction
from refwatch.web.respond._common import factory, field, form_stamp, respond_ctx, settings_of, wake_outbox
from refwatch.web.respond.subscriptions import count_sign_up
from refwatch.web.views._shared import pages, see_other

router = APIRouter(include_in_schema=False)


def _action(db: Session, slug: str) -> tuple[UrgentAction, PublicIncident]:
    action = db.scalars(select(UrgentAction).where(UrgentAction.slug == slug)).first()
    incident = incident_by_key(db, action.incident_key) if action else None
    if action is None or incident is None or not incident.published:
        raise NotFound("no such urgent action")
    return action, incident


def action_page_data(db: Session, request: Request, slug: str) -> dict[str, Any]:
    """Everything the page shows, built once (the same dict could serve an API)."""
    ctx, settings = respond_ctx(request), settings_of(request)
    lang = request.state.lang
    action, incident = _action(db, slug)
    now = ctx.now()
    entries = []
    for target in actions.targets_for(db, action):
        office = targets.office_status(target, now=now)
        letter_set = {code: letters.letter(action, incident, target=target, lang=code) for code in ("en", "ko")}
        first = "ko" if target.language == "ko" else "en"
        entries.append({"target": target, "office": office, "letters": letter_set, "first": first,
                        "mailto": {code: letters.mailto_url(target, text) for code, text in letter_set.items()}
                        if target.email else {}})
    count = actions.countdown(action, now=now)
    return {
        "action": action, "incident": incident, "countdown": count, "countdown_label": count.label(lang),
        "certainty": actions.certainty_label(action.transfer_certainty, lang), "now": now,
        "asks": actions.asks(action, incident, lang), "entries": entries,
        "title": (action.title_ko or action.title_en) if lang == "ko" else (action.title_en or action.title_ko),
        "background": (action.background_ko or action.background_en) if lang == "ko"
        else (action.background_en or action.background_ko),
        "incident_url": links.incident(settings, incident.key), "share_url": f"/share/incident/{incident.key}",
        "responses": responses.approved_for(db, "action", action.slug), "form_stamp": form_stamp(settings, now),
        "response_target": f"/responses/action/{action.slug}",
    }


@router.get("/act/{slug}", response_class=HTMLResponse)
def action_page(slug: str, request: Request) -> HTMLResponse:
    with factory(request)() as db:
        data = action_page_data(db, request, slug)
        data["thanks"] = request.query_params.get("acted") == "1"
        return pages(request).render(request, "respond/action.html", data)


@router.post("/act/{slug}/acted")
def acted(slug: str, request: Request) -> Response:
    """Count one more person who acted; with an e-mail, they follow the incident (after opt-in)."""
    ctx = respond_ctx(request)
    email = field(request, "email")
    with transaction(factory(request)) as db:
        action, incident = _action(db, slug)
        actions.record_act(db, action)
        if email:
            # the act still counts; a mistyped address, or too many sign-ups from here, just gets no updates
            with suppress(InputError, RateLimited):
                subscriptions.normalise_email(email)
                count_sign_up(db, request)
                subscriptions.request_subscription(
                    db, email=email, prefs=Preferences(language=request.state.lang, follow=(incident.key,)),
                    settings=settings_of(request), now=ctx.now(), only_follow=True)
    if email:
        wake_outbox(request)
    return see_other(f"/act/{slug}?acted=1#acted")
