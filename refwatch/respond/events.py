"""Protests, vigils and meetings: times with their zone, a place, RSVPs without an account.

Times are stored in UTC with the IANA zone they were given in, so the page, the `.ics` and
the reminder all say "13:00 in Seoul" whatever the reader's clock. Every change raises
`sequence` (calendars only replace an entry whose SEQUENCE grew) and tells everyone who said
they are coming. The street address can stay hidden: it then goes only into the RSVP mail
and the page opened from that mail, never onto the public page, the feed or the JSON-LD.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refwatch.errors import InvalidEvent, TokenInvalid
from refwatch.respond import outbox, tokens
from refwatch.respond.context import RespondContext, fan_out
from refwatch.respond.subscriptions import normalise_email
from refwatch.respond.timefmt import utc
from refwatch.respond.words import language
from refwatch.store.audit import record
from refwatch.store.models import Alert, ProtestEvent, Rsvp

KINDS = ("protest", "vigil", "meeting", "online")
MAX_DURATION = timedelta(days=7)
RSVP_PURPOSE = "rsvp"
NOTIFY_FIELDS = frozenset({"starts_at", "ends_at", "timezone", "place_name", "city", "address", "online_url",
                           "what_to_bring_en", "what_to_bring_ko", "accessibility_en", "accessibility_ko"})


@dataclass(frozen=True, slots=True)
class EventInput:
    """An event as an organiser describes it; local times are read in `timezone`."""

    title_en: str
    title_ko: str
    starts_local: datetime
    ends_local: datetime
    timezone: str
    kind: str = "protest"
    place_name: str = ""
    city: str = ""
    country: str | None = None
    address: str = ""
    address_hidden: bool = False
    online_url: str = ""
    description_en: str = ""
    description_ko: str = ""
    what_to_bring_en: str = ""
    what_to_bring_ko: str = ""
    organiser: str = ""
    organiser_contact: str = ""
    accessibility_en: str = ""
    accessibility_ko: str = ""
    incident_key: str | None = None
    action_id: int | None = None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InvalidEvent(f"unknown time zone {name!r}", where="timezone") from e


def to_utc(local: datetime, tz_name: str) -> datetime:
    """A wall-clock time in `tz_name` as UTC; a time skipped by a clock change is refused."""
    tz = zone(tz_name)
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    aware = local.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise InvalidEvent(f"{local:%Y-%m-%d %H:%M} does not exist in {tz_name} (the clocks change then)")
    return aware.astimezone(UTC)


def local_time(moment: datetime, tz_name: str) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone(tz_name))


def _columns(data: EventInput) -> dict[str, Any]:
    if data.kind not in KINDS:
        raise InvalidEvent(f"kind must be one of {', '.join(KINDS)}", where="kind")
    if not (data.title_en.strip() or data.title_ko.strip()):
        raise InvalidEvent("an event needs a title in English or Korean", where="title")
    starts, ends = to_utc(data.starts_local, data.timezone), to_utc(data.ends_local, data.timezone)
    if ends <= starts:
        raise InvalidEvent("the event must end after it starts", where="ends")
    if ends - starts > MAX_DURATION:
        raise InvalidEvent("an event may last at most seven days", where="ends")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name in ("starts_local", "ends_local"):
        values.pop(name)
    values.update(starts_at=starts, ends_at=ends, country=(data.country or "").upper() or None)
    return values


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "event"


def _unique_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while session.scalars(select(ProtestEvent.id).where(ProtestEvent.slug == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _snapshot(event: ProtestEvent) -> dict[str, Any]:
    names = [f.name for f in fields(EventInput) if f.name not in ("starts_local", "ends_local")]
    out = {name: getattr(event, name) for name in names}
    out.update(starts_at=utc(event.starts_at), ends_at=utc(event.ends_at), state=event.state,
               sequence=event.sequence)
    return out


def create_event(session: Session, data: EventInput, *, actor: str, ctx: RespondContext) -> ProtestEvent:
    values = _columns(data)
    now = ctx.now()
    host = ctx.settings.public_base_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "refwatch"
    base = slugify(data.title_en or data.title_ko) + f"-{values['starts_at']:%Y-%m-%d}"
    event = ProtestEvent(uid=f"{uuid.uuid4()}@{host}", slug=_unique_slug(session, base), sequence=0,
                         state="scheduled", created_by=actor, created_at=now, updated_at=now, **values)
    session.add(event)
    session.flush()
    record(session, actor=actor, action="event.create", entity_type="event", entity_id=event.id,
           after=_snapshot(event))
    return event


def _notify(session: Session, event: ProtestEvent, *, change: str, ctx: RespondContext) -> Alert | None:
    """Tell everyone going that the event moved or was cancelled."""
    if going_count(session, event) == 0:
        return None
    alert = Alert(dedupe_key=f"event_update:{event.id}:{event.sequence}", kind="event_update", urgent=True,
                  content={"event_id": event.id, "change": change, "sequence": event.sequence},
                  created_by="events", created_at=ctx.now())
    session.add(alert)
    fan_out(session, alert, ctx)
    return alert


def update_event(session: Session, event: ProtestEvent, data: EventInput, *, actor: str,
                 ctx: RespondContext) -> bool:
    """Apply an edit; returns False when nothing changed (and SEQUENCE then stays)."""
    values = _columns(data)
    before = _snapshot(event)
    changed = sorted(name for name, value in values.items() if before.get(name) != value)
    if not changed:
        return False
    for name in changed:
        setattr(event, name, values[name])
    event.sequence += 1
    event.updated_at = ctx.now()
    session.flush()
    record(session, actor=actor, action="event.update", entity_type="event", entity_id=event.id,
           before={k: before[k] for k in changed}, after={k: values[k] for k in changed})
    if NOTIFY_FIELDS.intersection(changed) and event.state == "scheduled":
        _notify(session, event, change="moved", ctx=ctx)
    return True


def cancel_event(session: Session, event: ProtestEvent, *, actor: str, ctx: RespondContext) -> None:
    if event.state == "cancelled":
        return
    event.state = "cancelled"
    event.sequence += 1
    event.updated_at = ctx.now()
    session.flush()
    record(session, actor=actor, action="event.cancel", entity_type="event", entity_id=event.id,
           before={"state": "scheduled"}, after={"state": "cancelled", "sequence": event.sequence})
    _notify(session, event, change="cancelled", ctx=ctx)


def event_by_slug(session: Session, slug: str) -> ProtestEvent | None:
    return session.scalars(select(ProtestEvent).where(ProtestEvent.slug == slug)).first()


def upcoming(session: Session, *, now: datetime, include_cancelled: bool = True,
             past_days: int = 30) -> list[ProtestEvent]:
    """Events that end after `now - past_days`, soonest first: what a calendar feed lists."""
    query = select(ProtestEvent).where(ProtestEvent.ends_at >= now - timedelta(days=past_days))
    if not include_cancelled:
        query = query.where(ProtestEvent.state == "scheduled")
    return list(session.scalars(query.order_by(ProtestEvent.starts_at)))


def going_count(session: Session, event: ProtestEvent) -> int:
    total = session.scalar(select(func.coalesce(func.sum(Rsvp.party_size), 0))
                           .where(Rsvp.event_id == event.id, Rsvp.state == "going"))
    return int(total or 0)


def rsvp_token(ctx: RespondContext, rsvp: Rsvp) -> str:
    return tokens.make_token(tokens.link_key(ctx.settings), purpose=RSVP_PURPOSE, ident=rsvp.id, nonce=rsvp.token_salt)


def rsvp_for_token(session: Session, token: str, *, ctx: RespondContext) -> Rsvp:
    rsvp = session.get(Rsvp, tokens.token_id(token))
    if rsvp is None:
        raise TokenInvalid("this link is not valid")
    tokens.verify_token(tokens.link_key(ctx.settings), token, purpose=RSVP_PURPOSE, nonce=rsvp.token_salt)
    return rsvp


def rsvp(session: Session, event: ProtestEvent, *, email: str, lang: str, party_size: int,
         ctx: RespondContext) -> Rsvp:
    """Say 'I will come'; the confirmation mail carries the address, the `.ics` and a cancel link."""
    now = ctx.now()
    if event.state != "scheduled" or utc(event.ends_at) <= now:
        raise InvalidEvent("this event is cancelled or over", where="rsvp")
    if not 1 <= party_size <= 20:
        raise InvalidEvent("party size must be between 1 and 20", where="party_size")
    address = normalise_email(email)
    row = session.scalars(select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.email == address)).first()
    if row is None:
        row = Rsvp(event_id=event.id, email=address, token_salt=tokens.new_nonce(), created_at=now)
        session.add(row)
    row.language, row.party_size, row.state, row.cancelled_at = language(lang), party_size, "going", None
    session.flush()
    record(session, actor="public", action="rsvp.going", entity_type="rsvp", entity_id=row.id,
           after={"event": event.id, "party_size": party_size})
    window = now.replace(minute=now.minute - now.minute % 10, second=0, microsecond=0)
    alert = Alert(dedupe_key=f"rsvp:{row.id}:{window:%Y%m%d%H%M}", kind="rsvp", urgent=True,
                  content={"event_id": event.id, "rsvp_id": row.id}, created_by="public", created_at=now)
    existing = session.scalars(select(Alert.id).where(Alert.dedupe_key == alert.dedupe_key)).first()
    if existing is None:
        session.add(alert)
        fan_out(session, alert, ctx)
    return row


def cancel_rsvp(session: Session, token: str, *, ctx: RespondContext) -> Rsvp:
    row = rsvp_for_token(session, token, ctx=ctx)
    if row.state != "cancelled":
        row.state, row.cancelled_at = "cancelled", ctx.now()
        outbox.cancel_pending(session, f"rsvp:{row.id}")
        record(session, actor=f"rsvp:{row.id}", action="rsvp.cancel", entity_type="rsvp", entity_id=row.id,
               before={"state": "going"}, after={"state": "cancelled"})
    return row


def queue_reminders(session: Session, *, ctx: RespondContext) -> list[Alert]:
    """Reminder alerts for events starting within REMINDER_HOURS; once per start time."""
    now = ctx.now()
    soon = now + timedelta(hours=ctx.settings.reminder_hours)
    events = session.scalars(select(ProtestEvent).where(ProtestEvent.state == "scheduled",
                                                        ProtestEvent.starts_at > now, ProtestEvent.starts_at <= soon))
    queued: list[Alert] = []
    for event in events:
        key = f"reminder:{event.id}:{utc(event.starts_at).astimezone(UTC):%Y%m%dT%H%M}"
        if session.scalars(select(Alert.id).where(Alert.dedupe_key == key)).first() is not None:
            continue
        alert = Alert(dedupe_key=key, kind="event_reminder", urgent=True, content={"event_id": event.id},
                      created_by="events", created_at=now)
        session.add(alert)
        fan_out(session, alert, ctx)
        queued.append(alert)
    return queued


def event_dict(event: ProtestEvent) -> dict[str, Any]:
    """Every column as plain data (for templates that should not touch the session)."""
    return {c.name: getattr(event, c.name) for c in ProtestEvent.__table__.columns}

