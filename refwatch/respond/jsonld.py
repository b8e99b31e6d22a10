"""schema.org Event markup, so search engines and calendars can show the protest.

Only public fields: a hidden address is left out (the locality and country stay). The JSON
is made safe for a `<script>` element by escaping `<`, `>` and `&`.
"""

from __future__ import annotations

import json
from typing import Any

from refwatch.respond import links
from refwatch.respond.events import local_time
from refwatch.settings import Settings
from refwatch.store.models import ProtestEvent


def event_jsonld(event: ProtestEvent, *, settings: Settings, lang: str = "en", image_url: str | None = None,
                 rescheduled: bool = False) -> dict[str, Any]:
    other = "ko" if lang == "en" else "en"
    title = getattr(event, f"title_{lang}") or getattr(event, f"title_{other}")
    status = "EventCancelled" if event.state == "cancelled" else "EventRescheduled" if rescheduled else \
        "EventScheduled"
    online = event.kind == "online" or (event.online_url and not event.place_name)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title,
        "startDate": local_time(event.starts_at, event.timezone).isoformat(),
        "endDate": local_time(event.ends_at, event.timezone).isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": "https://schema.org/" + ("OnlineEventAttendanceMode" if online
                                                        else "OfflineEventAttendanceMode"),
        "url": links.event(settings, event.slug),
        "inLanguage": lang,
        "isAccessibleForFree": True,
        "description": getattr(event, f"description_{lang}") or getattr(event, f"description_{other}") or title,
    }
    if online:
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url or links.event(settings, event.slug)}
    else:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": event.city}
        if event.country:
            address["addressCountry"] = event.country
        if event.address and not event.address_hidden:
            address["streetAddress"] = event.address
        data["location"] = {"@type": "Place", "name": event.place_name or event.city, "address": address}
    if event.organiser:
        organiser: dict[str, Any] = {"@type": "Organization", "name": event.organiser}
        if event.organiser_contact.startswith("http"):
            organiser["url"] = event.organiser_contact
        data["organizer"] = organiser
    if image_url:
        data["image"] = [image_url]
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON for `<script type="application/ld+json">`: no sequence can close the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
