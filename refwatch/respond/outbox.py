"""The outbox: every delivery is written down before it is tried, and tried until it is done.

Fan-out inserts one `deliveries` row per (alert, channel, recipient) whose `idempotency_key`
is unique, so repeating a fan-out adds nothing. A sender claims due rows in one atomic
UPDATE (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the single writer), which stamps a
private `claim_token` and a lease; only the holder of the token may mark the row sent or
schedule its retry, so two workers never both send a row while its lease runs. A worker that
dies mid-batch leaves rows in `sending`; when the lease runs out they are claimed again and
sent with the same idempotency key (the SMTP Message-ID, the webhook delivery id), which is
how receivers drop the rare copy (docs/decisions/0601-outbox-at-least-once.md).
"""

from __future__ import annotations

import hashlib
import random
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, event, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import DeliveryFailed
from refwatch.respond.channel import AlertChannel, AlertView, DeliveryResult, OutboxItem
from refwatch.settings import Settings
from refwatch.store.db import transaction
from refwatch.store.models import Alert, Delivery, utcnow

INSERT_CHUNK = 1000
MARK_EVERY = 20  # results committed together: a crash resends at most this many
WAKE = threading.Event()  # set after a commit that queued deliveries, so a sender in this process starts at once


def delivery_key(dedupe_key: str, channel: str, recipient: str) -> str:
    """The identity of one delivery: the same alert to the same recipient over the same channel."""
    return hashlib.sha256(f"{dedupe_key}\n{channel}\n{recipient}".encode()).hexdigest()


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Seconds before retry number `attempt` (1, 2, …): doubling from `base`, capped, with jitter.

    The jitter spreads retries over the upper half of the window, so a server that comes back
    is not hit by every waiting delivery in the same second, and waits still grow.
    """
    ceiling = min(cap, base * (2 ** max(0, attempt - 1)))
    return float(ceiling * rng.uniform(0.5, 1.0))


def _wake_sender(_session: Session) -> None:
    WAKE.set()


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Delivery).on_conflict_do_nothing(index_elements=["idempotency_key"])
    for start in range(0, len(rows), INSERT_CHUNK):
        session.execute(statement, rows[start : start + INSERT_CHUNK])


def enqueue(session: Session, alert: Alert, channel: str, recipients: Iterable[str], *, now: datetime) -> int:
    """Write one pending delivery per recipient (existing ones are left alone); returns how many were asked."""
    rows = [
        {"alert_id": alert.id, "channel": channel, "recipient": recipient, "state": "pending", "attempts": 0,
         "idempotency_key": delivery_key(alert.dedupe_key, channel, recipient), "next_attempt_at": now,
         "created_at": now}
        for recipient in dict.fromkeys(recipients)
    ]
    if rows:
        _insert_ignoring_duplicates(session, rows)
        if not event.contains(session, "after_commit", _wake_sender):
            event.listen(session, "after_commit", _wake_sender, once=True)
    return len(rows)


def _due(now: datetime) -> Any:
    return or_(
        and_(Delivery.state == "pending", Delivery.next_attempt_at <= now),
        and_(Delivery.state == "sending", Delivery.lease_until < now),
    )


def claim_due(session: Session, *, limit: int, lease_seconds: float, now: datetime) -> tuple[str, list[Delivery]]:
    """Take up to `limit` due deliveries for this worker; returns the claim token and the rows."""
    token = secrets.token_hex(16)
    pick = select(Delivery.id).where(_due(now)).order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(pick.scalar_subquery()), _due(now))
        .values(state="sending", claim_token=token, lease_until=now + timedelta(seconds=lease_seconds),
                attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    rows = list(session.scalars(select(Delivery).where(Delivery.claim_token == token).order_by(Delivery.id)))
    return token, rows


@dataclass
class Tally:
    """What one run of the sender did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def add(self, other: Tally) -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.dead += other.dead


def record_results(session: Session, token: str, results: Sequence[DeliveryResult], *, settings: Settings,
                   now: datetime, rng: random.Random) -> Tally:
    """Mark delivered rows sent and schedule or give up the failed ones; only rows still under `token`."""
    tally = Tally()
    mine = and_(Delivery.claim_token == token, Delivery.state == "sending")
    sent_ids = [delivery_id for delivery_id, failure in results if failure is None]
    if sent_ids:
        outcome = session.execute(
            update(Delivery).where(Delivery.id.in_(sent_ids), mine)
            .values(state="sent", sent_at=now, claim_token=None, lease_until=None, last_error=None)
            .execution_options(synchronize_session=False)
        )
        tally.sent = int(outcome.rowcount or 0)  # type: ignore[attr-defined]
    failures = {delivery_id: failure for delivery_id, failure in results if failure is not None}
    if failures:
        query = select(Delivery.id, Delivery.attempts).where(Delivery.id.in_(failures), mine)
        attempts = dict(session.execute(query).all())
        for delivery_id, tries in attempts.items():
            failure = failures[delivery_id]
            values: dict[str, Any] = {"claim_token": None, "lease_until": None, "last_error": str(failure)[:2000]}
            if failure.permanent or tries >= settings.outbox_max_attempts:
                values["state"] = "dead"
                tally.dead += 1
            else:
                wait = failure.retry_after if failure.retry_after is not None else backoff_delay(
                    tries, base=settings.outbox_backoff_base, cap=settings.outbox_backoff_cap, rng=rng)
                values.update(state="pending", next_attempt_at=now + timedelta(seconds=wait))
                tally.retried += 1
            session.execute(update(Delivery).where(Delivery.id == delivery_id, mine).values(**values)
                            .execution_options(synchronize_session=False))
    return tally


def renew_lease(session: Session, token: str, *, until: datetime) -> None:
    session.execute(update(Delivery).where(Delivery.claim_token == token, Delivery.state == "sending")
                    .values(lease_until=until).execution_options(synchronize_session=False))


def cancel_pending(session: Session, recipient: str) -> int:
    """Withdraw every delivery not yet sent to `recipient` (they unsubscribed or cancelled)."""
    outcome = session.execute(
        update(Delivery).where(Delivery.recipient == recipient, Delivery.state == "pending")
        .values(state="cancelled").execution_options(synchronize_session=False)
    )
    return int(outcome.rowcount or 0)  # type: ignore[attr-defined]


def state_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Delivery.state, func.count()).group_by(Delivery.state)).all()
    return {state: int(count) for state, count in rows}


class OutboxSender:
    """Claims due deliveries, hands them to their channel, and records each outcome."""

    def __init__(self, factory: sessionmaker[Session], channels: Mapping[str, AlertChannel], settings: Settings, *,
                 clock: Any = utcnow, rng: random.Random | None = None) -> None:
        self.factory = factory
        self.channels = dict(channels)
        self.settings = settings
        self.clock = clock
        self.rng = rng or random.Random()

    def run_once(self, *, limit: int | None = None) -> Tally:
        """One claim, one round of attempts; returns what happened (claimed 0 means nothing was due)."""
        with transaction(self.factory) as session:
            token, rows = claim_due(session, limit=limit or self.settings.outbox_batch,
                                    lease_seconds=self.settings.outbox_lease, now=self.clock())
            items = self._items(session, rows)
        tally = Tally(claimed=len(items))
        by_channel: dict[str, list[OutboxItem]] = {}
        for row, item in zip(rows, items, strict=True):
            by_channel.setdefault(row.channel, []).append(item)
        for channel_name, group in by_channel.items():
            tally.add(self._deliver(token, channel_name, group))
        return tally

    def drain(self, *, max_rounds: int = 10_000) -> Tally:
        """Send until nothing is due now (retries scheduled for later are left for later)."""
        total = Tally()
        for _ in range(max_rounds):
            tally = self.run_once()
            total.add(tally)
            if tally.claimed == 0:
                break
        return total

    def serve(self, stop: threading.Event, *, poll: float = 1.0) -> Tally:
        """Send until `stop` is set; sleeps on the in-process wake-up event between rounds."""
        total = Tally()
        while not stop.is_set():
            WAKE.clear()
            total.add(self.drain())
            WAKE.wait(poll)
        return total

    def _items(self, session: Session, rows: Sequence[Delivery]) -> list[OutboxItem]:
        alert_ids = {row.alert_id for row in rows}
        alerts = {a.id: AlertView.of(a) for a in session.scalars(select(Alert).where(Alert.id.in_(alert_ids)))}
        return [OutboxItem(row.id, row.idempotency_key, row.recipient, row.attempts, alerts[row.alert_id])
                for row in rows]

    def _deliver(self, token: str, channel_name: str, items: list[OutboxItem]) -> Tally:
        tally = Tally()
        channel = self.channels.get(channel_name)
        pending: list[DeliveryResult] = []
        done: set[int] = set()
        if channel is None:
            pending = [(i.delivery_id, DeliveryFailed(f"no channel named {channel_name!r} is installed"))
                       for i in items]
        else:
            try:
                with self.factory() as session:
                    for result in channel.deliver(session, items):
                        pending.append(result)
                        done.add(result[0])
                        if len(pending) >= MARK_EVERY:
                            tally.add(self._flush(token, pending))
                            pending = []
            except Exception as e:  # a plugin's bug must not strand the batch in `sending`
                failure = DeliveryFailed(f"channel {channel_name} failed: {type(e).__name__}: {e}")
                pending.extend((i.delivery_id, failure) for i in items if i.delivery_id not in done)
        tally.add(self._flush(token, pending))
        return tally

    def _flush(self, token: str, results: list[DeliveryResult]) -> Tally:
        now = self.clock()
        with transaction(self.factory) as session:
            tally = record_results(session, token, results, settings=self.settings, now=now, rng=self.rng)
            renew_lease(session, token, until=now + timedelta(seconds=self.settings.outbox_lease))
        return tally
