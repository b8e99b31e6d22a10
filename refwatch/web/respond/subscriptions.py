"""Subscription pages: sign up, confirm by POST, manage preferences, unsubscribe (RFC 8058).

Confirmation and unsubscribe links open a page with a button; only the button's POST acts,
because mail scanners open links. `POST /unsubscribe/{token}` is also the one-click target of
`List-Unsubscribe-Post`: mail providers send it without cookies or CSRF token, which is why
`/unsubscribe/` is exempt from the CSRF middleware (the token in the path is the proof).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from refwatch.errors import InputError, RateLimited, TokenInvalid
from refwatch.respond import events, subscriptions
from refwatch.respond.ratelimit import address_hash, hit
from refwatch.respond.subscriptions import Preferences
from refwatch.respond.words import COUNTRY_NAMES
from refwatch.store import transaction
from refwatch.web.respond._common import client_ip, factory, field, form, respond_ctx, settings_of, wake_outbox
from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)
WATCHED_COUNTRIES = ("CN", "VN", "LA", "TH", "KH", "MM", "MN", "RU")
SIGNUPS_PER_HOUR = 10


def _countries(lang: str) -> list[tuple[str, str]]:
    return [(code, COUNTRY_NAMES[code]["ko" if lang == "ko" else "en"]) for code in WATCHED_COUNTRIES]


def _message(request: Request, key: str, *, status: int = 200, **data: object) -> HTMLResponse:
    return pages(request).render(request, "respond/message.html", {"key": key, "button": None, **data},
                                 status=status)


def _ask_first(request: Request, check: Callable[[Session], object], ask: str, label: str) -> HTMLResponse:
    """A link's page: `check` that its token is known, then offer the button whose POST acts."""
    try:
        with factory(request)() as db:
            check(db)
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return _message(request, ask, button={"action": request.url.path, "label": label})


def _preferences(request: Request) -> Preferences:
    fields = form(request)
    countries = tuple(c for c in fields.getlist("country") if c in WATCHED_COUNTRIES)
    follow = tuple(k for k in fields.getlist("follow") if k)[:5]
    return Preferences(language=field(request, "language", "en"), countries=countries,
                       urgent_only=field(request, "urgent_only") == "1", follow=follow)


@router.get("/subscribe", response_class=HTMLResponse)
def subscribe_form(request: Request, follow: str = "") -> HTMLResponse:
    lang = request.state.lang
    return pages(request).render(request, "respond/subscribe.html",
                                 {"countries": _countries(lang), "follow": follow, "error": None})


def count_sign_up(db: Session, request: Request) -> None:
    """One more sign-up (a confirmation mail) from this address; RateLimited past SIGNUPS_PER_HOUR.

    Every form that asks for a confirmation mail counts here, so no form is a way around the limit.
    """
    hit(db, bucket="subscribe", key_hash=address_hash(settings_of(request), client_ip(request)),
        limit=SIGNUPS_PER_HOUR, window_s=3600, now=respond_ctx(request).now())


@router.post("/subscribe", response_class=HTMLResponse)
def subscribe(request: Request) -> HTMLResponse:
    settings, ctx = settings_of(request), respond_ctx(request)
    if field(request, "website"):  # the honeypot: people never see this field
        return _message(request, "respond.subscribe.check_mail")
    try:
        with transaction(factory(request)) as db:
            count_sign_up(db, request)
            subscriptions.request_subscription(db, email=field(request, "email"), prefs=_preferences(request),
                                               settings=settings, now=ctx.now(),
                                               only_follow=bool(form(request).getlist("follow")))
    except InputError:
        return pages(request).render(request, "respond/subscribe.html",
                                     {"countries": _countries(request.state.lang), "follow": field(request, "follow"),
                                      "error": "respond.subscribe.bad_email"}, status=422)
    except RateLimited:
        return _message(request, "respond.rate_limited", status=429)
    wake_outbox(request)
    return _message(request, "respond.subscribe.check_mail")


@router.get("/subscribe/confirm/{token}", response_class=HTMLResponse)
def confirm_page(token: str, request: Request) -> HTMLResponse:
    settings = settings_of(request)
    return _ask_first(request, lambda db: subscriptions.pending_for_confirm_token(db, token, settings=settings),
                      "respond.confirm.ask", "respond.confirm.button")


@router.post("/subscribe/confirm/{token}", response_class=HTMLResponse)
def confirm(token: str, request: Request) -> HTMLResponse:
    settings, ctx = settings_of(request), respond_ctx(request)
    try:
        with transaction(factory(request)) as db:
            row = subscriptions.confirm_subscription(db, token, settings=settings, now=ctx.now())
            manage = subscriptions.manage_token(settings, row)
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return _message(request, "respond.confirm.done", link={"href": f"/subscribe/manage/{manage}",
                                                           "label": "respond.manage.title"})


@router.get("/subscribe/manage/{token}", response_class=HTMLResponse)
def manage_page(token: str, request: Request) -> HTMLResponse:
    try:
        with factory(request)() as db:
            row = subscriptions.subscriber_for_token(db, token, settings=settings_of(request))
            followed = subscriptions.followed(db, row.id)
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return pages(request).render(request, "respond/manage.html", {
        "subscriber": {"state": row.state, "language": row.language, "countries": row.countries,
                       "urgent_only": row.urgent_only}, "followed": followed,
        "countries": _countries(request.state.lang), "saved": request.query_params.get("saved") == "1",
        "unsubscribe_url": f"/unsubscribe/{token}"})


@router.post("/subscribe/manage/{token}")
def manage(token: str, request: Request) -> Response:
    settings, ctx = settings_of(request), respond_ctx(request)
    try:
        with transaction(factory(request)) as db:
            subscriptions.update_preferences(db, token, _preferences(request), settings=settings, now=ctx.now())
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return Response(status_code=303, headers={"Location": f"/subscribe/manage/{token}?saved=1"})


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(token: str, request: Request) -> HTMLResponse:
    settings = settings_of(request)
    return _ask_first(request, lambda db: subscriptions.subscriber_for_token(db, token, settings=settings),
                      "respond.unsubscribe.ask", "respond.unsubscribe.button")


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(token: str, request: Request) -> HTMLResponse:
    """The button and RFC 8058 one-click: no CSRF token needed, the path token is the proof."""
    settings, ctx = settings_of(request), respond_ctx(request)
    try:
        with transaction(factory(request)) as db:
            subscriptions.unsubscribe(db, token, settings=settings, now=ctx.now())
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return _message(request, "respond.unsubscribe.done", link={"href": f"/subscribe/manage/{token}",
                                                               "label": "respond.unsubscribe.undo"})


@router.get("/unsubscribe/rsvp/{token}", response_class=HTMLResponse)
def cancel_rsvp_page(token: str, request: Request) -> HTMLResponse:
    """Where a mail program without one-click support sends the reader: a button, nothing done yet."""
    ctx = respond_ctx(request)
    return _ask_first(request, lambda db: events.rsvp_for_token(db, token, ctx=ctx),
                      "respond.rsvp.cancel_ask", "respond.rsvp.cancel")


@router.post("/unsubscribe/rsvp/{token}", response_class=HTMLResponse)
def cancel_rsvp_one_click(token: str, request: Request) -> HTMLResponse:
    """One-click target of RSVP mails: cancels the place and the reminders."""
    try:
        with transaction(factory(request)) as db:
            events.cancel_rsvp(db, token, ctx=respond_ctx(request))
    except TokenInvalid:
        return _message(request, "respond.link_invalid", status=404)
    return _message(request, "respond.rsvp.cancelled")
