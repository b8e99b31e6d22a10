from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from refwatch.respond import calendar, events
from refwatch.store import transaction
from refwatch.store.models import ProtestEvent
from tests.respond.test_events import PROTEST, _with


def _event(factory, ctx, data=PROTEST):
    with transaction(factory) as s:
        return events.create_event(s, data, actor="campaigner", ctx=ctx).id


def _parse(raw):
    parsed = Calendar.from_ical(raw)
    return parsed, parsed.walk("VEVENT")


def test_calendar_ics_has_stable_uid_timezone_url_and_hides_the_address(factory, ctx):
    event_id = _event(factory, ctx)
    with factory() as s:
        event = s.get(ProtestEvent, event_id)
        parsed, (entry,) = _parse(calendar.event_ics(event, settings=ctx.settings))
        revealed = _parse(calendar.event_ics(event, settings=ctx.settings, reveal_address=True))[1][0]
    assert str(entry["UID"]) == event.uid and entry["SEQUENCE"] == 0
    assert str(entry["STATUS"]) == "CONFIRMED"
    start = entry.decoded("DTSTART")
    assert start == datetime(2026, 12, 1, 13, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    assert entry["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert str(entry["URL"]) == "https://refwatch.test/events/protest-at-the-chinese-embassy-2026-12-01"
    assert "Myeongdong" not in str(entry["LOCATION"]) and "sent to people who RSVP" in str(entry["DESCRIPTION"])
    assert "27 Myeongdong 2-gil" in str(revealed["LOCATION"])
    assert str(entry["ORGANIZER"]) == "mailto:contact@example.org"


def test_calendar_changes_raise_sequence_keep_uid_and_cancellation_stays_in_the_feed(factory, ctx):
    first, second = _event(factory, ctx), _event(factory, ctx, _with(title_en="Vigil", timezone="Europe/London"))
    with transaction(factory) as s:
        event = s.get(ProtestEvent, first)
        uid = event.uid
        events.update_event(s, event, _with(ends_local=PROTEST.ends_local + timedelta(minutes=30)),
                            actor="campaigner", ctx=ctx)
        events.cancel_event(s, event, actor="campaigner", ctx=ctx)
    with factory() as s:
        parsed, entries = _parse(calendar.calendar_feed(events.upcoming(s, now=ctx.now()), settings=ctx.settings))
    by_uid = {str(e["UID"]): e for e in entries}
    assert len(by_uid) == 2 and uid in by_uid
    assert (by_uid[uid]["SEQUENCE"], str(by_uid[uid]["STATUS"])) == (2, "CANCELLED")
    assert sorted(str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")) == ["Asia/Seoul", "Europe/London"]
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert second
