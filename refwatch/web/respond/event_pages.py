"""Event pages: details with the time in the event's own zone, RSVP without an account, `.ics`
per event and a calendar feed, schema.org JSON-LD and Open Graph tags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from refwatch.errors import InputError, InvalidEvent, NotFound, RateLimited, TokenInvalid
from refwatch.respond import calendar, events, jsonld, links, responses
from refwatch.respond.ratelimit import address_hash, hit
from refwatch.respond.timefmt import utc, when
from refwatch.store import transaction
from refwatch.store.models import ProtestEvent
from refwatch.web.respond._common import client_ip, factory, field, form_stamp, respond_ctx, settings_of, wake_outbox
from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)
ICS_TYPE = "text/calendar; charset=utf-8"
RSVPS_PER_HOUR = 20
PERSONAL = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}  # what the RSVP link opens: the hidden address


def _event(db: Any, slug: str) -> ProtestEvent:
    event = events.event_by_slug(db, slug)
    if event is None:
        raise NotFound("no such event")
    return event


def _text(event: ProtestEvent, name: str, lang: str) -> str:
    other = "ko" if lang == "en" else "en"
    return str(getattr(event, f"{name}_{lang}") or getattr(event, f"{name}_{other}") or "")


def event_page_data(db: Any, request: Request, event: ProtestEvent, *, reveal: bool = False) -> dict[str, Any]:
    ctx, settings = respond_ctx(request), settings_of(request)
    lang = request.state.lang
    card = links.card(settings, "event", event.slug)
    return {
        "event": event, "title": _text(event, "title", lang), "description": _text(event, "description", lang),
        "bring": _text(event, "what_to_bring", lang), "accessibility": _text(event, "accessibility", lang),
        "when_relative": when(event.starts_at, event.ends_at, event.timezone, lang=lang, now=ctx.now()),
        "when_absolute": when(event.starts_at, event.ends_at, event.timezone, lang=lang),
        "location": calendar.location(event, reveal_address=reveal), "reveal": reveal,
        "going": events.going_count(db, event), "over": utc(event.ends_at) <= ctx.now(),
        "jsonld": jsonld.script_json(jsonld.event_jsonld(event, settings=settings, lang=lang, image_url=card)),
        "og": {"title": _text(event, "title", lang), "description": when(event.starts_at, event.ends_at,
                                                                          event.timezone, lang=lang),
               "url": links.event(settings, event.slug), "image": card},
        "responses": responses.approved_for(db, "event", event.slug), "form_stamp": form_stamp(settings, ctx.now()),
        "response_target": f"/responses/event/{event.slug}", "error": None,
    }


@router.get("/events", response_class=HTMLResponse)
def event_list(request: Request) -> HTMLResponse:
    ctx = respond_ctx(request)
    lang = request.state.lang
    with factory(request)() as db:
        listed = [{"event": e, "title": _text(e, "title", lang),
                   "when": when(e.starts_at, e.ends_at, e.timezone, lang=lang, now=ctx.now())}
                  for e in events.upcoming(db, now=ctx.now(), past_days=0)]
    return pages(request).render(request, "respond/events.html", {"listed": listed})


@router.get("/events.ics")
def calendar_feed(request: Request) -> Response:
    ctx = respond_ctx(request)
    with factory(request)() as db:
        body = calendar.calendar_feed(events.upcoming(db, now=ctx.now()), settings=settings_of(request),
                                      lang=request.state.lang)
    return Response(body, media_type=ICS_TYPE)


@router.get("/events/{slug}.ics")
def event_ics(slug: str, request: Request) -> Response:
    with factory(request)() as db:
        body = calendar.event_ics(_event(db, slug), settings=settings_of(request), lang=request.state.lang)
    return Response(body, media_type=ICS_TYPE, headers={"Content-Disposition": f'attachment; filename="{slug}.ics"'})


@router.get("/events/{slug}", response_class=HTMLResponse)
def event_page(slug: str, request: Request) -> HTMLResponse:
    with factory(request)() as db:
        event = _event(db, slug)
        return pages(request).render(request, "respond/event.html", event_page_data(db, request, event))


@router.post("/events/{slug}/rsvp", response_class=HTMLResponse)
def rsvp(slug: str, request: Request) -> HTMLResponse:
    ctx, settings = respond_ctx(request), settings_of(request)
    if field(request, "website"):
        return pages(request).render(request, "respond/message.html", {"key": "respond.rsvp.check_mail",
                                                                       "button": None})
    error = None
    try:
        party = int(field(request, "party_size", "1") or "1")
        with transaction(factory(request)) as db:
            hit(db, bucket="rsvp", key_hash=address_hash(settings, client_ip(request)), limit=RSVPS_PER_HOUR,
                window_s=3600, now=ctx.now())
            events.rsvp(db, _event(db, slug), email=field(request, "email"), lang=request.state.lang,
                        party_size=party, ctx=ctx)
    except (InputError, ValueError):
        error = "respond.rsvp.bad_input"
    except InvalidEvent:
        error = "respond.rsvp.closed"
    except RateLimited:
        error = "respond.rate_limited"
    if error:
        with factory(request)() as db:
            data = event_page_data(db, request, _event(db, slug))
            data["error"] = error
            return pages(request).render(request, "respond/event.html", data, status=422)
    wake_outbox(request)
    return pages(request).render(request, "respond/message.html", {"key": "respond.rsvp.check_mail", "button": None})


@router.get("/events/{slug}/rsvp/{token}/calendar.ics")
def personal_ics(slug: str, token: str, request: Request) -> Response:
    with factory(request)() as db:
        event = _rsvp_event(db, request, slug, token)
        body = calendar.event_ics(event, settings=settings_of(request), lang=request.state.lang, reveal_address=True)
    return Response(body, media_type=ICS_TYPE, headers=PERSONAL)


def _rsvp_event(db: Any, request: Request, slug: str, token: str) -> ProtestEvent:
    try:
        row = events.rsvp_for_token(db, token, ctx=respond_ctx(request))
    except TokenInvalid as e:
        raise NotFound("this link is not valid") from e
    event = _event(db, slug)
    if row.event_id != event.id:
        raise NotFound("this link is not valid")
    return event


@router.get("/events/{slug}/rsvp/{token}", response_class=HTMLResponse)
def rsvp_page(slug: str, token: str, request: Request) -> HTMLResponse:
    """The page the RSVP mail links to: the hidden address, a personal .ics, a cancel button."""
    with factory(request)() as db:
        event = _rsvp_event(db, request, slug, token)
        data = event_page_data(db, request, event, reveal=True)
        data["rsvp_token"] = token
        return pages(request).render(request, "respond/event.html", data, headers=PERSONAL)


@router.post("/events/{slug}/rsvp/{token}/cancel", response_class=HTMLResponse)
def cancel(slug: str, token: str, request: Request) -> HTMLResponse:
    with transaction(factory(request)) as db:
        _rsvp_event(db, request, slug, token)
        events.cancel_rsvp(db, token, ctx=respond_ctx(request))
    return pages(request).render(request, "respond/message.html", {"key": "respond.rsvp.cancelled", "button": None})
