import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from refwatch.errors import RespondError
from refwatch.respond import alerts, webhooks
from refwatch.respond.outbox import OutboxSender
from refwatch.respond.public import PublicIncident
from refwatch.respond.rules import IncidentChange
from refwatch.store import transaction
from refwatch.store.models import Alert, AuditEntry, Delivery, SubscriberFollow
from tests.respond.conftest import NOW, incident
from tests.respond.helpers import add_subscriber

SECRETS = {"name": "Kim Chol-su", "family": "his mother Lee Young-hee", "hiding_place": "Room 402, 17 Beishi Road",
           "private_note": "informant is the pastor", "photo": "kim.jpg"}


def _drain(factory, ctx):
    return OutboxSender(factory, ctx.channels, ctx.settings, clock=ctx.clock, rng=random.Random(2)).drain()


def test_alerts_change_to_mail_in_one_alert_per_change_and_never_twice(factory, ctx, smtp_peer):
    with transaction(factory) as s:
        add_subscriber(s, "a@example.org")
        add_subscriber(s, "b@example.org", countries=["VN"])
        add_subscriber(s, "c@example.org", urgent_only=True)
    change = IncidentChange(incident(published=False), incident(children=3), NOW)
    with transaction(factory) as s:
        alert = alerts.on_incident_change(s, change, ctx=ctx)
        assert [r["code"] for r in alert.content["reasons"]] == ["published", "children"]
    with transaction(factory) as s:
        assert alerts.on_incident_change(s, change, ctx=ctx) is None
    _drain(factory, ctx)
    mails = smtp_peer.mails.wait_for(2)
    assert sorted(m.rcpt_tos[0] for m in mails) == ["a@example.org", "c@example.org"]


def test_alerts_status_change_reaches_followers_outside_their_filters(factory, ctx, smtp_peer):
    with transaction(factory) as s:
        row = add_subscriber(s, "follower@example.org", countries=["TH"])
        s.add(SubscriberFollow(subscriber_id=row.id, incident_key="2026-11-cn-shenyang-10"))
    with transaction(factory) as s:
        alert = alerts.on_incident_change(s, IncidentChange(incident(), incident(status="arrived"), NOW), ctx=ctx)
        assert not alert.urgent
    _drain(factory, ctx)
    # str(...).strip(): a long subject with a colon is folded right after "Subject:" (RFC 5322 unfolds it)
    assert str(smtp_peer.mails.wait_for(1)[0].message["Subject"]).strip().startswith("Update: ")


def test_alerts_carry_public_fields_only(factory, ctx, smtp_peer, webhook_peer):
    record = {**incident(children=1).to_public_dict(), **SECRETS}
    projected = PublicIncident.from_mapping(record)
    with transaction(factory) as s:
        add_subscriber(s, "a@example.org", language="ko")
        add_subscriber(s, "b@example.org")
        webhooks.add_endpoint(s, webhook_peer.url, actor="editor", settings=ctx.settings)
        alert = alerts.on_incident_change(s, IncidentChange(None, projected, NOW), ctx=ctx)
        stored = str(alert.content)
    _drain(factory, ctx)
    texts = [m.raw.decode("utf-8", "replace") for m in smtp_peer.mails.wait_for(2)]
    texts += [m.message.get_body(("plain",)).get_content() for m in smtp_peer.mails.items]
    texts += [hook.body.decode() for hook, _ in webhook_peer.requests.wait_for(1)]
    for secret in SECRETS.values():
        assert all(secret not in text for text in [stored, *texts])
    assert any("Shenyang" in text for text in texts)  # the public facts did go out


def test_alerts_manual_alert_is_audited_and_needs_a_published_incident(factory, ctx, smtp_peer):
    with transaction(factory) as s:
        add_subscriber(s, "a@example.org", language="ko")
        with pytest.raises(RespondError):
            alerts.send_manual_alert(s, incident(published=False), editor="editor1", message_en="x", message_ko="",
                                     urgent=True, ctx=ctx)
        alerts.send_manual_alert(s, incident(), editor="editor1", message_en="Call the embassy today.",
                                 message_ko="오늘 대사관에 전화해 주세요.", urgent=True, ctx=ctx)
    _drain(factory, ctx)
    body = smtp_peer.mails.wait_for(1)[0].message.get_body(("plain",)).get_content()
    assert "오늘 대사관에 전화해 주세요." in body
    with factory() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "alert.manual")).one()
        assert entry.actor == "editor1" and entry.after["message_en"] == "Call the embassy today."


def test_alerts_quiet_groups_alert_once_per_quiet_spell(factory, ctx):
    held = incident(last_news_at=NOW - timedelta(days=20))
    with transaction(factory) as s:
        add_subscriber(s, "a@example.org")
        assert len(alerts.check_quiet(s, [held, incident(key="other", status="released",
                                                           last_news_at=NOW - timedelta(days=40))], ctx=ctx)) == 1
        assert alerts.check_quiet(s, [held], ctx=ctx) == []
    with factory() as s:
        assert [a.kind for a in s.scalars(select(Alert))] == ["incident"]
        assert s.scalars(select(Delivery.recipient)).all() == ["subscriber:1"]
