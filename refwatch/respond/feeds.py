"""Feeds of published incident updates: Atom (feedgen) and JSON Feed 1.1.

Entries are the incident alerts, which already hold only public fields; their ids are tag
URIs that never change, so feed readers show each update once. A country filter gives
NGOs a feed for the countries they work on. A feed is public for as long as it is served, so
it follows the incident as it is now: an incident unpublished after its alert went out (it put
someone at risk, or was wrong) leaves the feeds at once, and an editor's corrected title or
summary replaces the words the alert carried.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.respond import links, messages
from refwatch.respond.channel import AlertView
from refwatch.respond.timefmt import utc
from refwatch.settings import Settings
from refwatch.store.models import Alert, Incident

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LISTED_STATES = ("active", "merged")  # a merged incident's link still leads to the one it joined
EDITOR_TEXT = ("title_en", "title_ko", "summary_en", "summary_ko")


def published_updates(session: Session, *, country: str | None = None, limit: int = 50) -> list[AlertView]:
    """The newest alerts about incidents that are public now, newest first, in their current words."""
    query = (select(Alert, Incident).join(Incident, Incident.key == Alert.incident_key)
             .where(Alert.kind == "incident", Incident.published.is_(True), Incident.state.in_(LISTED_STATES)))
    if country:
        query = query.where(Alert.country == country.upper())
    rows = session.execute(query.order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)).all()
    return [_in_current_words(AlertView.of(alert), incident) for alert, incident in rows]


def _in_current_words(alert: AlertView, incident: Incident) -> AlertView:
    """The alert with the editors' title and summary as they stand now (a correction may have removed a name)."""
    told = dict(alert.content.get("incident") or {})
    told.update({name: getattr(incident, name) or "" for name in EDITOR_TEXT})
    return dataclasses.replace(alert, content={**alert.content, "incident": told})


def entry_id(settings: Settings, alert: AlertView) -> str:
    host = urlsplit(settings.public_base_url).hostname or "refwatch"
    return f"tag:{host},{utc(alert.created_at):%Y-%m-%d}:alert/{alert.id}"


def _entry(alert: AlertView, *, settings: Settings, lang: str) -> dict[str, Any]:
    composed = messages.incident_alert(alert, lang=lang, settings=settings)
    statuses = sorted({str(alert.content.get("incident", {}).get("status", ""))} - {""})
    return {"id": entry_id(settings, alert), "title": composed.subject, "text": "\n\n".join(composed.paragraphs),
            "url": links.incident(settings, alert.incident_key or ""), "date": utc(alert.created_at),
            "tags": [*statuses, *(r["code"] for r in alert.content.get("reasons", []))],
            "urgent": alert.urgent, "country": alert.country}


def _title(settings: Settings, lang: str, country: str | None) -> str:
    base = f"{settings.site_name} — {'알림' if lang == 'ko' else 'alerts'}"
    return f"{base} ({country.upper()})" if country else base


def atom(alerts: Sequence[AlertView], *, settings: Settings, lang: str = "en", country: str | None = None,
         now: datetime | None = None) -> bytes:
    feed = FeedGenerator()
    feed.id(links.atom_feed(settings) + (f"?country={country.upper()}" if country else ""))
    feed.title(_title(settings, lang, country))
    feed.author({"name": settings.site_name})
    feed.link(href=links.atom_feed(settings), rel="self")
    feed.link(href=links.home(settings), rel="alternate")
    feed.language(lang)
    entries = [_entry(a, settings=settings, lang=lang) for a in alerts]
    feed.updated(entries[0]["date"] if entries else utc(now or datetime(1970, 1, 1)))
    for data in entries:
        entry = feed.add_entry(order="append")
        entry.id(data["id"])
        entry.title(data["title"])
        entry.link(href=data["url"], rel="alternate")
        entry.updated(data["date"])
        entry.published(data["date"])
        entry.content(data["text"], type="text")
        for tag in data["tags"]:
            entry.category(term=tag)
    return bytes(feed.atom_str(pretty=True))


def json_feed(alerts: Sequence[AlertView], *, settings: Settings, lang: str = "en",
              country: str | None = None) -> str:
    items = []
    for data in (_entry(a, settings=settings, lang=lang) for a in alerts):
        items.append({"id": data["id"], "url": data["url"], "title": data["title"], "content_text": data["text"],
                      "date_published": data["date"].isoformat(), "date_modified": data["date"].isoformat(),
                      "tags": data["tags"], "language": lang,
                      "_refwatch": {"urgent": data["urgent"], "country": data["country"]}})
    feed = {"version": JSON_FEED_VERSION, "title": _title(settings, lang, country),
            "home_page_url": links.home(settings), "feed_url": links.json_feed(settings), "language": lang,
            "authors": [{"name": settings.site_name}], "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=1)
