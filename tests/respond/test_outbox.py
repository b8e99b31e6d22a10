import random
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from refwatch.respond import outbox
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.outbox import OutboxSender, backoff_delay, claim_due, delivery_key, record_results
from refwatch.respond.rules import Reason
from refwatch.respond.timefmt import utc
from refwatch.store import transaction
from refwatch.store.models import Alert, Delivery
from tests.respond.conftest import NOW, incident
from tests.respond.helpers import Clock, add_subscriber

PUBLISHED = Reason("published", "published:2026-11-cn-shenyang-10", True, {"status": "detained"})


def _alert_for(factory, ctx, count):
    with transaction(factory) as s:
        for n in range(count):
            add_subscriber(s, f"reader{n}@example.org")
        alert = create_incident_alert(s, incident(), [PUBLISHED], ctx=ctx)
        return alert.id


def _sender(factory, ctx, clock):
    return OutboxSender(factory, {"email": ctx.channels["email"]}, ctx.settings, clock=clock, rng=random.Random(7))


def test_outbox_fan_out_writes_every_row_before_any_attempt_and_only_once(factory, ctx, smtp_peer):
    alert_id = _alert_for(factory, ctx, 5)
    with factory() as s:
        alert = s.get(Alert, alert_id)
        rows = s.scalars(select(Delivery).where(Delivery.alert_id == alert_id)).all()
    assert {r.state for r in rows} == {"pending"} and {r.attempts for r in rows} == {0}
    assert len(rows) == 5 and not smtp_peer.mails.items
    assert {r.idempotency_key for r in rows} == {delivery_key(alert.dedupe_key, "email", r.recipient) for r in rows}
    with transaction(factory) as s:
        outbox.enqueue(s, s.get(Alert, alert_id), "email", [r.recipient for r in rows], now=NOW)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Delivery)) == 5


def test_outbox_smtp_down_loses_nothing_and_sends_each_mail_once_when_back(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    _alert_for(factory, ctx, 6)
    smtp_peer.stop()
    first = _sender(factory, ctx, clock).run_once()
    assert (first.claimed, first.sent, first.retried) == (6, 0, 6)
    with factory() as s:
        rows = s.scalars(select(Delivery)).all()
        assert {r.state for r in rows} == {"pending"} and all(utc(r.next_attempt_at) > NOW for r in rows)
        assert all("cannot reach the SMTP server" in r.last_error for r in rows)
    assert _sender(factory, ctx, clock).run_once().claimed == 0  # not due yet: backoff holds
    smtp_peer.start()
    clock.advance(60)
    total = _sender(factory, ctx, clock).drain()
    assert total.sent == 6
    mails = smtp_peer.mails.wait_for(6)
    assert sorted(m.rcpt_tos[0] for m in mails) == sorted(f"reader{n}@example.org" for n in range(6))
    clock.advance(3600)
    assert _sender(factory, ctx, clock).drain().claimed == 0
    assert len(smtp_peer.mails.items) == 6


def test_outbox_two_workers_at_once_never_send_a_delivery_twice(factory, ctx, smtp_peer):
    _alert_for(factory, ctx, 120)
    clock = Clock(NOW)
    start = threading.Barrier(2)
    tallies = []

    def work():
        sender = _sender(factory, ctx, clock)
        start.wait()
        tallies.append(sender.drain())

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    mails = smtp_peer.mails.wait_for(120)
    ids = Counter(m.message["Message-ID"] for m in mails)
    assert len(mails) == 120 and max(ids.values()) == 1
    assert sum(t.sent for t in tallies) == 120


def test_outbox_crash_between_send_and_mark_resends_with_the_same_message_id(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    _alert_for(factory, ctx, 1)
    channel = ctx.channels["email"]
    with transaction(factory) as s:
        token, rows = claim_due(s, limit=10, lease_seconds=ctx.settings.outbox_lease, now=clock())
        items = _sender(factory, ctx, clock)._items(s, rows)
    with factory() as s:
        results = list(channel.deliver(s, items))  # sent, then the worker "dies" before marking
    assert results[0][1] is None
    clock.advance(ctx.settings.outbox_lease - 1)
    assert _sender(factory, ctx, clock).run_once().claimed == 0  # lease still held
    clock.advance(2)
    assert _sender(factory, ctx, clock).drain().sent == 1
    mails = smtp_peer.mails.wait_for(2)
    assert mails[0].message["Message-ID"] == mails[1].message["Message-ID"]
    with transaction(factory) as s:  # the dead worker's late mark changes nothing
        tally = record_results(s, token, results, settings=ctx.settings, now=clock(), rng=random.Random(1))
    assert tally.sent == 0


def test_outbox_refused_recipient_is_dead_at_once_and_busy_server_is_retried(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    _alert_for(factory, ctx, 2)
    smtp_peer.rcpt_replies["reader0@example.org"] = "550 5.1.1 no such mailbox"
    smtp_peer.data_replies.append("451 4.3.0 try again later")
    tally = _sender(factory, ctx, clock).run_once()
    assert (tally.dead, tally.retried) == (1, 1)
    with factory() as s:
        states = {r.recipient: (r.state, r.last_error) for r in s.scalars(select(Delivery))}
    dead = [v for v in states.values() if v[0] == "dead"]
    assert len(dead) == 1 and "550" in dead[0][1]
    clock.advance(30)
    assert _sender(factory, ctx, clock).drain().sent == 1
    assert [m.rcpt_tos for m in smtp_peer.mails.wait_for(1)] == [["reader1@example.org"]]


def test_outbox_gives_up_after_max_attempts(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    _alert_for(factory, ctx, 1)
    smtp_peer.stop()
    sender = _sender(factory, ctx, clock)
    for _ in range(ctx.settings.outbox_max_attempts):
        clock.advance(3600)
        sender.run_once()
    with factory() as s:
        row = s.scalars(select(Delivery)).one()
    assert (row.state, row.attempts) == ("dead", ctx.settings.outbox_max_attempts)


@pytest.mark.parametrize("attempt", [1, 2, 3, 6, 12])
def test_outbox_backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half(attempt):
    rng = random.Random(attempt)
    delays = [backoff_delay(attempt, base=30, cap=3600, rng=rng) for _ in range(200)]
    ceiling = min(3600, 30 * 2 ** (attempt - 1))
    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len({round(d, 6) for d in delays}) > 150


def test_outbox_a_relay_refusing_our_login_keeps_every_mail_for_later(factory, settings):
    import dataclasses

    from refwatch.respond.context import RespondContext
    from tests.respond.peers import SmtpPeer

    relay = SmtpPeer(password="the right one").start()
    try:
        def context(password):
            changed = dataclasses.replace(settings, smtp_port=relay.port, smtp_username="alerts",
                                          smtp_password=password)
            made = RespondContext.from_settings(changed)
            made.clock = clock
            return made

        clock = Clock(NOW)
        wrong = context("a stale one")
        _alert_for(factory, wrong, 3)
        refused = _sender(factory, wrong, clock).run_once()  # 535: our settings are wrong, not the addresses
        assert (refused.claimed, refused.retried, refused.dead) == (3, 3, 0)
        with factory() as s:
            rows = s.scalars(select(Delivery)).all()
        assert {r.state for r in rows} == {"pending"} and all("SMTP 535" in r.last_error for r in rows)
        clock.advance(3600)
        assert _sender(factory, context("the right one"), clock).drain().sent == 3
        assert len(relay.mails.wait_for(3)) == 3
    finally:
        relay.stop()


def test_outbox_a_relay_refusing_our_sender_address_is_retried_not_given_up(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    _alert_for(factory, ctx, 2)
    smtp_peer.mail_replies += ["553 5.7.1 sender not allowed to relay"] * 2
    refused = _sender(factory, ctx, clock).run_once()
    assert (refused.retried, refused.dead) == (2, 0)
    clock.advance(60)
    assert _sender(factory, ctx, clock).drain().sent == 2
    assert len(smtp_peer.mails.wait_for(2)) == 2
