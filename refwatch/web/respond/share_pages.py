"""Share kits: texts per network and language, Open Graph/Twitter tags, and the card image."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from refwatch.errors import FontUnavailable, NotFound
from refwatch.respond import events, links, share
from refwatch.respond.incident_feed import incident_by_key
from refwatch.respond.ogimage import Card, render_card
from refwatch.respond.public import CLOSING
from refwatch.respond.timefmt import when
from refwatch.store.models import UrgentAction
from refwatch.web.respond._common import factory, respond_ctx, settings_of
from refwatch.web.views._shared import pages

router = APIRouter(include_in_schema=False)
KINDS = ("incident", "event")


def _subject(db: Any, request: Request, kind: str, key: str) -> dict[str, Any]:
    """The link people share (the open urgent action if there is one), the card's words and the kit."""
    settings, ctx = settings_of(request), respond_ctx(request)
    lang = request.state.lang
    if kind == "incident":
        incident = incident_by_key(db, key)
        if incident is None or not incident.published:
            raise NotFound("nothing to share here")
        action = db.scalars(select(UrgentAction.slug).where(UrgentAction.incident_key == key,
                                                            UrgentAction.state == "open")).first()
        link = links.action(settings, action) if action else links.incident(settings, key)
        palette = "closed" if incident.status in CLOSING else "urgent" if incident.urgent else "default"
        label = "긴급 행동 · Urgent action" if palette == "urgent" else "refwatch"
        subtitle = incident.children_phrase(lang) or incident.where(lang)
        return {"title": incident.title(lang), "link": link, "kit": share.incident_kit(incident, link=link),
                "card": Card(label, incident.headline(lang), subtitle, settings.site_name, palette)}
    if kind == "event":
        event = events.event_by_slug(db, key)
        if event is None:
            raise NotFound("nothing to share here")
        link = links.event(settings, key)
        title = (event.title_ko or event.title_en) if lang == "ko" else (event.title_en or event.title_ko)
        subtitle = when(event.starts_at, event.ends_at, event.timezone, lang=lang) + \
            (f" · {event.place_name}" if event.place_name else "")
        label = ("집회 · Protest" if event.state != "cancelled" else "취소 · Cancelled")
        return {"title": title, "link": link, "kit": share.event_kit(event, link=link, now=ctx.now()),
                "card": Card(label, title, subtitle, settings.site_name,
                             "closed" if event.state == "cancelled" else "event")}
    raise NotFound("nothing to share here")


@router.get("/share/{kind}/{key}.png")
def card_image(kind: str, key: str, request: Request) -> Response:
    with factory(request)() as db:
        subject = _subject(db, request, kind, key)
    try:
        png = render_card(subject["card"], font_path=settings_of(request).og_font)
    except FontUnavailable as e:
        raise NotFound(str(e)) from e
    etag = '"' + hashlib.sha256(png).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(png, media_type="image/png", headers={"ETag": etag, "Cache-Control": "public, max-age=300"})


@router.get("/share/{kind}/{key}", response_class=HTMLResponse)
def share_page(kind: str, key: str, request: Request) -> HTMLResponse:
    settings = settings_of(request)
    with factory(request)() as db:
        subject = _subject(db, request, kind, key)
    lang = request.state.lang
    texts = sorted(subject["kit"], key=lambda t: (t.lang != lang, share.NETWORKS.index(t.network)))
    image = links.card(settings, kind, key) + f"?lang={lang}"
    return pages(request).render(request, "respond/share.html", {
        "title": subject["title"], "link": subject["link"], "texts": texts, "labels": share.NETWORK_RULES,
        "og": {"title": subject["title"], "description": subject["card"].subtitle, "url": subject["link"],
               "image": image}, "image_path": f"/share/{kind}/{key}.png?lang={lang}"})
