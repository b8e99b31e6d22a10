import random
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from refwatch.errors import InvalidEvent, TokenInvalid
from refwatch.respond import events
from refwatch.respond.events import EventInput
from refwatch.respond.outbox import OutboxSender
from refwatch.respond.timefmt import utc, when
from refwatch.store import transaction
from refwatch.store.models import AuditEntry, Delivery, ProtestEvent
from tests.respond.conftest import NOW
from tests.respond.helpers import Clock

PROTEST = EventInput(
    title_en="Protest at the Chinese Embassy", title_ko="중국대사관 앞 집회",
    starts_local=datetime(2026, 12, 1, 13, 0), ends_local=datetime(2026, 12, 1, 14, 0), timezone="Asia/Seoul",
    place_name="Chinese Embassy", city="Seoul", country="kr", address="27 Myeongdong 2-gil, Jung-gu",
    address_hidden=True, what_to_bring_en="your own signs", what_to_bring_ko="직접 만든 손팻말",
    organiser="Seoul volunteers", organiser_contact="contact@example.org",
    accessibility_en="Step-free pavement; seating on request.",
)


def _drain(factory, ctx, clock=None):
    OutboxSender(factory, ctx.channels, ctx.settings, clock=clock or ctx.clock, rng=random.Random(4)).drain()


def _create(factory, ctx, data=PROTEST):
    with transaction(factory) as s:
        return events.create_event(s, data, actor="campaigner", ctx=ctx).id


def test_events_times_are_kept_in_utc_with_their_zone_and_said_like_people_say_them(factory, ctx):
    event_id = _create(factory, ctx)
    with factory() as s:
        event = s.get(ProtestEvent, event_id)
        assert utc(event.starts_at) == datetime(2026, 12, 1, 4, 0, tzinfo=utc(NOW).tzinfo)
        assert event.country == "KR" and event.slug == "protest-at-the-chinese-embassy-2026-12-01"
        assert when(event.starts_at, event.ends_at, event.timezone, lang="en", now=NOW) == \
            "tomorrow, 1–2 p.m. (Seoul time)"
        assert when(event.starts_at, event.ends_at, event.timezone, lang="ko", now=NOW) == "내일 오후 1~2시 (현지 시각)"


@pytest.mark.parametrize("change,message", [
    ({"ends_local": datetime(2026, 12, 1, 12, 0)}, "end after it starts"),
    ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ({"starts_local": datetime(2026, 3, 8, 2, 30), "ends_local": datetime(2026, 3, 8, 4, 0),
      "timezone": "America/New_York"}, "does not exist"),
    ({"title_en": "", "title_ko": " "}, "needs a title"),
    ({"kind": "riot"}, "kind must be"),
])
def test_events_refuse_impossible_times_and_fields(factory, ctx, change, message):
    with transaction(factory) as s, pytest.raises(InvalidEvent, match=message):
        events.create_event(s, _with(**change), actor="campaigner", ctx=ctx)


def _with(**change):
    return EventInput(**{**{f: getattr(PROTEST, f) for f in PROTEST.__slots__}, **change})


def test_events_rsvp_without_account_mails_the_hidden_address_and_a_cancel_link(factory, ctx, smtp_peer):
    event_id = _create(factory, ctx)
    with transaction(factory) as s:
        event = s.get(ProtestEvent, event_id)
        events.rsvp(s, event, email="Supporter@Example.org", lang="ko", party_size=3, ctx=ctx)
        events.rsvp(s, event, email="supporter@example.org", lang="ko", party_size=3, ctx=ctx)  # double click
        assert events.going_count(s, event) == 3
    _drain(factory, ctx)
    mail = smtp_peer.mails.wait_for(1)[0]
    body = mail.message.get_body(("plain",)).get_content()
    assert mail.message["Subject"] == "참가 신청 완료: 중국대사관 앞 집회"
    assert "27 Myeongdong 2-gil, Jung-gu" in body and "준비물: 직접 만든 손팻말" in body
    assert "https://refwatch.test/events/protest-at-the-chinese-embassy-2026-12-01.ics" in body
    token = re.search(r"/rsvp/(\S+)", body).group(1)
    assert mail.message["List-Unsubscribe"].strip() == f"<https://refwatch.test/unsubscribe/rsvp/{token}>"
    with transaction(factory) as s:
        assert events.cancel_rsvp(s, token, ctx=ctx).state == "cancelled"
        assert events.going_count(s, s.get(ProtestEvent, event_id)) == 0
        with pytest.raises(TokenInvalid):
            events.cancel_rsvp(s, token[:-1] + ("A" if token[-1] != "A" else "B"), ctx=ctx)
    assert len(smtp_peer.mails.items) == 1


def test_events_every_change_raises_sequence_is_audited_and_tells_those_going(factory, ctx, smtp_peer):
    event_id = _create(factory, ctx)
    with transaction(factory) as s:
        events.rsvp(s, s.get(ProtestEvent, event_id), email="a@example.org", lang="en", party_size=1, ctx=ctx)
    with transaction(factory) as s:
        event = s.get(ProtestEvent, event_id)
        assert events.update_event(s, event, PROTEST, actor="campaigner", ctx=ctx) is False
        assert event.sequence == 0
        moved = _with(starts_local=datetime(2026, 12, 1, 15, 0), ends_local=datetime(2026, 12, 1, 16, 0))
        assert events.update_event(s, event, moved, actor="campaigner", ctx=ctx) is True
        assert event.sequence == 1
        events.cancel_event(s, event, actor="campaigner", ctx=ctx)
        assert (event.sequence, event.state) == (2, "cancelled")
    _drain(factory, ctx)
    subjects = sorted(m.message["Subject"] for m in smtp_peer.mails.wait_for(3))
    assert subjects == ["Cancelled: Protest at the Chinese Embassy", "Changed: Protest at the Chinese Embassy",
                        "You're going: Protest at the Chinese Embassy"]
    changed = next(m for m in smtp_peer.mails.items if m.message["Subject"].startswith("Changed"))
    assert "3–4 p.m. (Seoul time)" in changed.message.get_body(("plain",)).get_content()
    with factory() as s:
        audit = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "event"))]
        assert audit == ["event.create", "event.update", "event.cancel"]
    with transaction(factory) as s, pytest.raises(InvalidEvent):
        events.rsvp(s, s.get(ProtestEvent, event_id), email="late@example.org", lang="en", party_size=1, ctx=ctx)


def test_events_reminders_go_once_within_the_window(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    ctx.clock = clock
    event_id = _create(factory, ctx)
    with transaction(factory) as s:
        events.rsvp(s, s.get(ProtestEvent, event_id), email="a@example.org", lang="en", party_size=1, ctx=ctx)
    with transaction(factory) as s:
        assert events.queue_reminders(s, ctx=ctx) == []  # starts in 25 h, window is 24 h
    clock.advance(2 * 3600)
    with transaction(factory) as s:
        assert len(events.queue_reminders(s, ctx=ctx)) == 1
        assert events.queue_reminders(s, ctx=ctx) == []
    _drain(factory, ctx, clock)
    subjects = sorted(m.message["Subject"] for m in smtp_peer.mails.wait_for(2))
    assert subjects[0] == "Reminder: Protest at the Chinese Embassy"
    with factory() as s:
        assert {d.state for d in s.scalars(select(Delivery))} == {"sent"}


def test_events_upcoming_lists_recent_and_cancelled_events_soonest_first(factory, ctx):
    late = _create(factory, ctx, _with(starts_local=datetime(2026, 12, 9, 10, 0),
                                       ends_local=datetime(2026, 12, 9, 11, 0)))
    early = _create(factory, ctx)
    with factory() as s:
        assert [e.id for e in events.upcoming(s, now=NOW)] == [early, late]
        assert events.upcoming(s, now=NOW + timedelta(days=60)) == []
