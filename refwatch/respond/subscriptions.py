"""E-mail subscriptions: double opt-in, one-click unsubscribe, preferences, followed incidents.

A sign-up changes nothing until the mailbox owner confirms by pressing a button (a POST):
mail scanners follow links, so a GET never confirms. Preferences asked for at sign-up wait
in `pending_prefs` and apply on confirmation, so nobody can change another person's
subscription by typing their address. The manage/unsubscribe link is an HMAC token
(`tokens.py`); unsubscribing withdraws every delivery not yet sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import InputError, TokenInvalid
from refwatch.respond import outbox, tokens
from refwatch.respond.channel import AlertView
from refwatch.respond.words import language
from refwatch.settings import Settings
from refwatch.store.audit import record
from refwatch.store.models import Alert, Subscriber, SubscriberFollow

EMAIL_PATTERN = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]{1,253}\.[^@\s<>\"',;.]{2,63}$")
OPT_IN_RESEND_AFTER = timedelta(minutes=10)  # one confirmation mail per address per window: no mail-bombing
CONFIRM_PURPOSE = "confirm"
MANAGE_PURPOSE = "manage"


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a subscriber wants: language, countries (none means all), urgent only, incidents followed."""

    language: str = "en"
    countries: tuple[str, ...] = ()
    urgent_only: bool = False
    follow: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"language": language(self.language), "countries": sorted({c.upper() for c in self.countries}),
                "urgent_only": self.urgent_only, "follow": sorted(set(self.follow))}


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if len(email) > 320 or not EMAIL_PATTERN.match(email):
        raise InputError("this does not look like an e-mail address", where="email")
    return email


def recipient_ref(subscriber_id: int) -> str:
    return f"subscriber:{subscriber_id}"


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def manage_token(settings: Settings, subscriber: Subscriber) -> str:
    return tokens.make_token(tokens.link_key(settings), purpose=MANAGE_PURPOSE, ident=subscriber.id,
                             nonce=subscriber.token_salt)


def confirm_token(settings: Settings, subscriber: Subscriber) -> str:
    if not subscriber.confirm_nonce:
        raise TokenInvalid("nothing is waiting for confirmation")
    return tokens.make_token(tokens.link_key(settings), purpose=CONFIRM_PURPOSE, ident=subscriber.id,
                             nonce=subscriber.confirm_nonce)


def request_subscription(session: Session, *, email: str, prefs: Preferences, settings: Settings,
                         now: datetime, only_follow: bool = False) -> Subscriber:
    """Record a sign-up (or a change asked for by address) and queue the confirmation mail.

    With `only_follow` (someone acted and wants updates on that incident) an existing
    subscriber's language and countries are kept; only the followed incidents are added.
    """
    address = normalise_email(email)
    row = session.scalars(select(Subscriber).where(Subscriber.email == address)).first()
    if row is None:
        row = Subscriber(email=address, state="pending", language=language(prefs.language), countries=[],
                         urgent_only=False, token_salt=tokens.new_nonce(), created_at=now)
        session.add(row)
        session.flush()
    wanted = prefs.to_dict()
    row.pending_prefs = {"follow": wanted["follow"]} if only_follow and row.state == "active" else wanted
    last_sent = _aware(row.confirm_expires_at)
    recently = last_sent is not None and last_sent - timedelta(hours=settings.confirm_hours) > now - OPT_IN_RESEND_AFTER
    if row.confirm_nonce and recently:
        return row
    row.confirm_nonce = tokens.new_nonce()
    row.confirm_expires_at = now + timedelta(hours=settings.confirm_hours)
    alert = Alert(dedupe_key=f"opt_in:{row.id}:{row.confirm_nonce}", kind="opt_in", urgent=True,
                  content={"subscriber_id": row.id}, created_by="public", created_at=now, fanned_out_at=now)
    session.add(alert)
    session.flush()
    outbox.enqueue(session, alert, "email", [recipient_ref(row.id)], now=now)
    record(session, actor="public", action="subscription.request", entity_type="subscriber", entity_id=row.id,
           after={"state": row.state, "pending": row.pending_prefs})
    return row


def _apply(session: Session, row: Subscriber, prefs: dict[str, Any], *, now: datetime) -> None:
    if "language" in prefs:
        row.language = language(prefs["language"])
    if "countries" in prefs:
        row.countries = list(prefs["countries"] or [])
    if "urgent_only" in prefs:
        row.urgent_only = bool(prefs["urgent_only"])
    have = set(session.scalars(select(SubscriberFollow.incident_key).where(SubscriberFollow.subscriber_id == row.id)))
    for key in prefs.get("follow") or []:
        if key not in have:
            session.add(SubscriberFollow(subscriber_id=row.id, incident_key=key, created_at=now))


def _row_for(session: Session, token: str) -> Subscriber:
    row = session.get(Subscriber, tokens.token_id(token))
    if row is None:
        raise TokenInvalid("this link is not valid")
    return row


def pending_for_confirm_token(session: Session, token: str, *, settings: Settings) -> Subscriber:
    """The sign-up a confirmation link is for, checked but not yet confirmed (the GET page shows it)."""
    row = _row_for(session, token)
    tokens.verify_token(tokens.link_key(settings), token, purpose=CONFIRM_PURPOSE, nonce=row.confirm_nonce)
    return row


def confirm_subscription(session: Session, token: str, *, settings: Settings, now: datetime) -> Subscriber:
    """The POST behind the confirm button: activates the subscription with the preferences asked for."""
    row = pending_for_confirm_token(session, token, settings=settings)
    expires = _aware(row.confirm_expires_at)
    if expires is None or expires < now:
        raise TokenInvalid("this confirmation link has expired; please sign up again")
    before = {"state": row.state}
    _apply(session, row, row.pending_prefs or {}, now=now)
    row.state = "active"
    row.confirmed_at = row.confirmed_at or now
    row.unsubscribed_at = None
    row.confirm_nonce = None
    row.pending_prefs = None
    record(session, actor=f"subscriber:{row.id}", action="subscription.confirm", entity_type="subscriber",
           entity_id=row.id, before=before, after={"state": "active"})
    return row


def subscriber_for_token(session: Session, token: str, *, settings: Settings) -> Subscriber:
    """The subscriber a manage or unsubscribe link belongs to."""
    row = _row_for(session, token)
    tokens.verify_token(tokens.link_key(settings), token, purpose=MANAGE_PURPOSE, nonce=row.token_salt)
    return row


def unsubscribe(session: Session, token: str, *, settings: Settings, now: datetime) -> Subscriber:
    """One click, no questions: stops all mail at once, including deliveries already queued."""
    row = subscriber_for_token(session, token, settings=settings)
    if row.state != "unsubscribed":
        before = {"state": row.state}
        row.state = "unsubscribed"
        row.unsubscribed_at = now
        row.confirm_nonce = None
        cancelled = outbox.cancel_pending(session, recipient_ref(row.id))
        record(session, actor=f"subscriber:{row.id}", action="subscription.unsubscribe", entity_type="subscriber",
               entity_id=row.id, before=before, after={"state": "unsubscribed", "cancelled_deliveries": cancelled})
    return row


def update_preferences(session: Session, token: str, prefs: Preferences, *, settings: Settings,
                       now: datetime) -> Subscriber:
    """Change preferences from the manage page; the link itself proves the mailbox, so no new opt-in."""
    row = subscriber_for_token(session, token, settings=settings)
    before = {"state": row.state, "language": row.language, "countries": row.countries,
              "urgent_only": row.urgent_only}
    _apply(session, row, prefs.to_dict(), now=now)
    row.state = "active"
    row.unsubscribed_at = None
    record(session, actor=f"subscriber:{row.id}", action="subscription.preferences", entity_type="subscriber",
           entity_id=row.id, before=before,
           after={"state": row.state, "language": row.language, "countries": row.countries,
                  "urgent_only": row.urgent_only})
    return row


def followed(session: Session, subscriber_id: int) -> list[str]:
    query = select(SubscriberFollow.incident_key).where(SubscriberFollow.subscriber_id == subscriber_id)
    return sorted(session.scalars(query))


def incident_audience(session: Session, alert: AlertView) -> list[int]:
    """Active subscribers an incident alert reaches: by country and urgency, plus everyone following it."""
    ids: set[int] = set()
    rows = session.execute(select(Subscriber.id, Subscriber.countries, Subscriber.urgent_only)
                           .where(Subscriber.state == "active"))
    for subscriber_id, countries, urgent_only in rows:
        wants_country = not countries or (alert.country or "").upper() in countries
        if wants_country and (alert.urgent or not urgent_only):
            ids.add(subscriber_id)
    if alert.incident_key:
        followers = session.scalars(
            select(SubscriberFollow.subscriber_id).join(Subscriber, Subscriber.id == SubscriberFollow.subscriber_id)
            .where(SubscriberFollow.incident_key == alert.incident_key, Subscriber.state == "active"))
        ids.update(followers)
    return sorted(ids)
