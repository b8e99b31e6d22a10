"""iCalendar for events: one `.ics` per event and a feed of all of them.

Calendar programs match entries by UID and only replace one whose SEQUENCE grew, so the UID
is fixed when the event is created and SEQUENCE is the event's own change counter; a
cancelled event stays in the feed with STATUS:CANCELLED so subscribed calendars remove it
instead of keeping a protest that will not happen. Times carry their TZID with a VTIMEZONE
built from the tz database; every entry links back to its page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from refwatch.respond import links
from refwatch.respond.events import local_time
from refwatch.respond.timefmt import utc
from refwatch.settings import Settings
from refwatch.store.models import ProtestEvent

PRODID = "-//refwatch//respond//EN"


def _calendar(settings: Settings, *, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _text(event: ProtestEvent, name: str, lang: str) -> str:
    other = "ko" if lang == "en" else "en"
    return str(getattr(event, f"{name}_{lang}") or getattr(event, f"{name}_{other}") or "")


def location(event: ProtestEvent, *, reveal_address: bool) -> str:
    """Where, as the public may know it; the street address only when it is public or revealed."""
    parts = [event.place_name]
    if event.address and (reveal_address or not event.address_hidden):
        parts.append(event.address)
    parts.append(event.city)
    return ", ".join(p for p in parts if p)


def vevent(event: ProtestEvent, *, settings: Settings, lang: str = "en", reveal_address: bool = False,
           stamp: datetime | None = None) -> Event:
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", utc(stamp or event.updated_at))
    entry.add("last-modified", utc(event.updated_at))
    entry.add("created", utc(event.created_at))
    entry.add("dtstart", local_time(event.starts_at, event.timezone))
    entry.add("dtend", local_time(event.ends_at, event.timezone))
    entry.add("summary", _text(event, "title", lang))
    entry.add("status", "CANCELLED" if event.state == "cancelled" else "CONFIRMED")
    entry.add("url", links.event(settings, event.slug), parameters={"VALUE": "URI"})
    where = location(event, reveal_address=reveal_address)
    if where:
        entry.add("location", where)
    description = [_text(event, "description", lang)]
    for name, label in (("what_to_bring", "Bring" if lang == "en" else "준비물"),
                        ("accessibility", "Access" if lang == "en" else "접근성")):
        if _text(event, name, lang):
            description.append(f"{label}: {_text(event, name, lang)}")
    if event.address_hidden and not reveal_address:
        description.append("The exact address is sent to people who RSVP." if lang == "en" else
                           "정확한 주소는 참가 신청한 분께 보내 드립니다.")
    description.append(links.event(settings, event.slug))
    entry.add("description", "\n\n".join(d for d in description if d))
    if event.organiser:
        organizer = vCalAddress(f"mailto:{event.organiser_contact}" if "@" in event.organiser_contact
                                else links.event(settings, event.slug))
        organizer.params["cn"] = vText(event.organiser)
        entry.add("organizer", organizer)
    if event.kind:
        entry.add("categories", [event.kind.upper()])
    return entry


def _timezones(calendar: Calendar, events: Iterable[ProtestEvent]) -> None:
    starts = [local_time(e.starts_at, e.timezone).date() for e in events]
    if not starts:
        return
    first, last = min(starts) - timedelta(days=366), max(starts) + timedelta(days=366)
    calendar.add_missing_timezones(first_date=max(first, date(1970, 1, 1)), last_date=last)


def event_ics(event: ProtestEvent, *, settings: Settings, lang: str = "en", reveal_address: bool = False) -> bytes:
    """The `.ics` for one event (with the hidden address only when the RSVP link asks for it)."""
    calendar = _calendar(settings, name=_text(event, "title", lang))
    calendar.add_component(vevent(event, settings=settings, lang=lang, reveal_address=reveal_address))
    _timezones(calendar, [event])
    return bytes(calendar.to_ical())


def calendar_feed(events: Iterable[ProtestEvent], *, settings: Settings, lang: str = "en") -> bytes:
    """Every listed event, cancelled ones included, for calendar subscriptions."""
    listed = list(events)
    name = f"{settings.site_name} — {'protests and events' if lang == 'en' else '집회와 행사'}"
    calendar = _calendar(settings, name=name)
    for event in listed:
        calendar.add_component(vevent(event, settings=settings, lang=lang))
    _timezones(calendar, listed)
    return bytes(calendar.to_ical())
