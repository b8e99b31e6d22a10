import random
import re

import pytest
from sqlalchemy import select

from refwatch.errors import InputError, TokenInvalid
from refwatch.respond import subscriptions
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.outbox import OutboxSender
from refwatch.respond.rules import Reason
from refwatch.respond.subscriptions import Preferences
from refwatch.store import transaction
from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, Delivery, Subscriber, SubscriberFollow
from tests.respond.conftest import NOW, incident
from tests.respond.helpers import Clock


def _drain(factory, ctx, clock=None):
    return OutboxSender(factory, ctx.channels, ctx.settings, clock=clock or ctx.clock, rng=random.Random(3)).drain()


def _link(mail, path):
    body = mail.message.get_body(("plain",)).get_content()
    return re.search(rf"https://refwatch\.test/{path}/(\S+)", body).group(1)


def _sign_up(factory, ctx, email="Reader@Example.org", **prefs):
    with transaction(factory) as s:
        row = subscriptions.request_subscription(s, email=email, prefs=Preferences(**prefs), settings=ctx.settings,
                                                 now=ctx.now())
        return row.id


def test_subscriptions_double_opt_in_by_mail_and_post(factory, ctx, smtp_peer):
    sub_id = _sign_up(factory, ctx, language="ko", countries=("cn", "VN"), urgent_only=True)
    _drain(factory, ctx)
    mail = smtp_peer.mails.wait_for(1)[0]
    assert mail.rcpt_tos == ["reader@example.org"]
    assert mail.message["Subject"] == "refwatch 알림 구독을 확인해 주세요"
    assert mail.message["List-Unsubscribe"] is None  # not list mail: nothing to unsubscribe from yet
    token = _link(mail, "subscribe/confirm")
    with factory() as s:  # what the GET page does: check, change nothing
        assert subscriptions.pending_for_confirm_token(s, token, settings=ctx.settings).state == "pending"
    with transaction(factory) as s:
        row = subscriptions.confirm_subscription(s, token, settings=ctx.settings, now=ctx.now())
        assert (row.state, row.language, row.countries, row.urgent_only) == ("active", "ko", ["CN", "VN"], True)
    with transaction(factory) as s, pytest.raises(TokenInvalid):
        subscriptions.confirm_subscription(s, token, settings=ctx.settings, now=ctx.now())
    with factory() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(sub_id)))]
        assert actions == ["subscription.request", "subscription.confirm"]
        assert "reader@example.org" not in str([e.after for e in s.scalars(select(AuditEntry))])
        assert verify_chain(s).ok


def test_subscriptions_confirmation_expires(factory, ctx, smtp_peer):
    _sign_up(factory, ctx)
    _drain(factory, ctx)
    token = _link(smtp_peer.mails.wait_for(1)[0], "subscribe/confirm")
    later = ctx.now().replace(year=2027)
    with transaction(factory) as s, pytest.raises(TokenInvalid, match="expired"):
        subscriptions.confirm_subscription(s, token, settings=ctx.settings, now=later)


def test_subscriptions_forged_or_foreign_tokens_are_refused(factory, ctx, smtp_peer):
    sub_id = _sign_up(factory, ctx)
    with factory() as s:
        row = s.get(Subscriber, sub_id)
        good = subscriptions.manage_token(ctx.settings, row)
    forged = f"{sub_id}.{'A' * 32}"
    with factory() as s:
        assert subscriptions.subscriber_for_token(s, good, settings=ctx.settings).id == sub_id
        for bad in (forged, "not-a-token", f"{sub_id + 1}{good[len(str(sub_id)):]}"):
            with pytest.raises(TokenInvalid):
                subscriptions.subscriber_for_token(s, bad, settings=ctx.settings)
        with pytest.raises(TokenInvalid):  # a manage token does not confirm
            subscriptions.pending_for_confirm_token(s, good, settings=ctx.settings)


def test_subscriptions_repeated_sign_ups_send_one_confirmation_per_window(factory, ctx, smtp_peer):
    for _ in range(5):
        _sign_up(factory, ctx)
    _drain(factory, ctx)
    smtp_peer.mails.wait_for(1)
    with factory() as s:
        assert s.scalar(select(Delivery.id).where(Delivery.state == "pending")) is None
        assert len(s.scalars(select(Delivery)).all()) == 1


def test_subscriptions_active_prefs_change_only_after_the_owner_confirms(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    ctx.clock = clock
    _sign_up(factory, ctx, countries=("CN",))
    _drain(factory, ctx, clock)
    with transaction(factory) as s:
        subscriptions.confirm_subscription(s, _link(smtp_peer.mails.wait_for(1)[0], "subscribe/confirm"),
                                           settings=ctx.settings, now=clock())
    clock.advance(3600)
    _sign_up(factory, ctx, countries=("TH",), urgent_only=True)  # someone else types the address
    with factory() as s:
        row = s.scalars(select(Subscriber)).one()
        assert (row.countries, row.urgent_only) == (["CN"], False)
    _drain(factory, ctx, clock)
    with transaction(factory) as s:
        subscriptions.confirm_subscription(s, _link(smtp_peer.mails.wait_for(2)[1], "subscribe/confirm"),
                                           settings=ctx.settings, now=clock())
    with factory() as s:
        assert s.scalars(select(Subscriber.countries)).one() == ["TH"]


def test_subscriptions_follow_only_keeps_countries_and_adds_the_incident(factory, ctx, smtp_peer):
    clock = Clock(NOW)
    ctx.clock = clock
    _sign_up(factory, ctx, countries=("CN",), language="ko")
    _drain(factory, ctx, clock)
    with transaction(factory) as s:
        subscriptions.confirm_subscription(s, _link(smtp_peer.mails.wait_for(1)[0], "subscribe/confirm"),
                                           settings=ctx.settings, now=clock())
    clock.advance(3600)
    with transaction(factory) as s:
        subscriptions.request_subscription(s, email="reader@example.org", prefs=Preferences(follow=("inc-9",)),
                                           settings=ctx.settings, now=clock(), only_follow=True)
    _drain(factory, ctx, clock)
    with transaction(factory) as s:
        subscriptions.confirm_subscription(s, _link(smtp_peer.mails.wait_for(2)[1], "subscribe/confirm"),
                                           settings=ctx.settings, now=clock())
    with factory() as s:
        row = s.scalars(select(Subscriber)).one()
        assert (row.language, row.countries) == ("ko", ["CN"])
        assert s.scalars(select(SubscriberFollow.incident_key)).all() == ["inc-9"]


def test_subscriptions_unsubscribe_withdraws_queued_mail_and_is_idempotent(factory, ctx, smtp_peer):
    _sign_up(factory, ctx)
    _drain(factory, ctx)
    with transaction(factory) as s:
        row = subscriptions.confirm_subscription(s, _link(smtp_peer.mails.wait_for(1)[0], "subscribe/confirm"),
                                                 settings=ctx.settings, now=ctx.now())
        token = subscriptions.manage_token(ctx.settings, row)
    with transaction(factory) as s:
        create_incident_alert(s, incident(), [Reason("published", "published:x", True, {})], ctx=ctx)
    with transaction(factory) as s:
        subscriptions.unsubscribe(s, token, settings=ctx.settings, now=ctx.now())
        subscriptions.unsubscribe(s, token, settings=ctx.settings, now=ctx.now())
    assert _drain(factory, ctx).claimed == 0
    with factory() as s:
        assert s.scalars(select(Delivery.state).where(Delivery.recipient == "subscriber:1")).all() == \
            ["sent", "cancelled"]
        assert [e.action for e in s.scalars(select(AuditEntry))][-1] == "subscription.unsubscribe"
        assert len([e for e in s.scalars(select(AuditEntry)) if e.action == "subscription.unsubscribe"]) == 1
    assert len(smtp_peer.mails.items) == 1


def test_subscriptions_preferences_from_the_manage_link(factory, ctx, smtp_peer):
    sub_id = _sign_up(factory, ctx)
    with factory() as s:
        token = subscriptions.manage_token(ctx.settings, s.get(Subscriber, sub_id))
    with transaction(factory) as s:
        subscriptions.update_preferences(s, token, Preferences(language="ko", countries=("la",), urgent_only=True),
                                         settings=ctx.settings, now=ctx.now())
    with factory() as s:
        row = s.get(Subscriber, sub_id)
        assert (row.state, row.language, row.countries, row.urgent_only) == ("active", "ko", ["LA"], True)


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b", "two@@example.org", "spaces in@example.org",
                                 "<x@example.org>"])
def test_subscriptions_refuse_what_is_not_an_address(bad):
    with pytest.raises(InputError):
        subscriptions.normalise_email(bad)
