import json
import random
import time

import pytest
from sqlalchemy import select

from refwatch.errors import SignatureInvalid
from refwatch.respond import webhooks
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.context import RespondContext
from refwatch.respond.outbox import OutboxSender
from refwatch.respond.rules import Reason
from refwatch.respond.timefmt import utc
from refwatch.store import transaction
from refwatch.store.models import Delivery, WebhookEndpoint
from tests.respond.conftest import NOW, incident
from tests.respond.helpers import Clock

STATUS = Reason("status", "status:k:detained>transferred@x", True, {"from": "detained", "to": "transferred"})


def _setup(factory, ctx, url, **options):
    with transaction(factory) as s:
        endpoint, secret = webhooks.add_endpoint(s, url, actor="editor", settings=ctx.settings, **options)
        create_incident_alert(s, incident(status="transferred"), [STATUS], ctx=ctx)
        return endpoint.id, secret


def _sender(factory, ctx, clock):
    return OutboxSender(factory, {"webhook": ctx.channels["webhook"]}, ctx.settings, clock=clock,
                        rng=random.Random(5))


def test_webhooks_receiver_gets_signed_public_json_it_can_verify(factory, ctx, webhook_peer):
    _, secret = _setup(factory, ctx, webhook_peer.url)
    assert _sender(factory, ctx, Clock(NOW)).drain().sent == 1
    hook, status = webhook_peer.requests.wait_for(1)[0]
    assert status == 200 and hook.path == "/hooks/refwatch"
    webhooks.verify(secret.encode(), body=hook.body, timestamp=hook.headers["x-refwatch-timestamp"],
                    signature=hook.headers["x-refwatch-signature"])
    payload = hook.json()
    assert hook.headers["x-refwatch-event"] == "alert.incident"
    assert hook.headers["x-refwatch-delivery"] == payload["delivery"]
    assert payload["incident"]["key"] == "2026-11-cn-shenyang-10"
    assert payload["texts"]["ko"]["paragraphs"][0] == "상태가 바뀌었습니다: 체포·구금됨 → 국경 쪽으로 이송됨."
    assert payload["links"]["incident"] == "https://refwatch.test/incidents/2026-11-cn-shenyang-10"


def test_webhooks_tampered_stale_or_unsigned_requests_fail_verification():
    secret, body = b"whsec_test", json.dumps({"a": 1}).encode()
    now = int(time.time())
    good = webhooks.sign(secret, now, body)
    webhooks.verify(secret, body=body, timestamp=str(now), signature=f"v1=deadbeef, {good}")  # rotation list
    for kwargs in ({"body": body + b" "}, {"timestamp": str(now - 301)}, {"signature": None},
                   {"signature": good.replace("v1=", "v0=")}, {"timestamp": "soon"}):
        args = {"body": body, "timestamp": str(now), "signature": good, **kwargs}
        with pytest.raises(SignatureInvalid):
            webhooks.verify(secret, **args)
    with pytest.raises(SignatureInvalid):
        webhooks.verify(b"another secret", body=body, timestamp=str(now), signature=good)


def test_webhooks_server_errors_are_retried_with_the_same_delivery_id(factory, ctx, webhook_peer):
    clock = Clock(NOW)
    _setup(factory, ctx, webhook_peer.url)
    webhook_peer.statuses = [503, 500]
    sender = _sender(factory, ctx, clock)
    assert sender.run_once().retried == 1
    clock.advance(10)
    assert sender.run_once().retried == 1
    clock.advance(10)
    assert sender.run_once().sent == 1
    received = webhook_peer.requests.wait_for(3)
    assert [status for _, status in received] == [503, 500, 200]
    assert len({hook.headers["x-refwatch-delivery"] for hook, _ in received}) == 1
    assert len({hook.json()["delivery"] for hook, _ in received}) == 1


def test_webhooks_client_errors_are_not_retried_and_retry_after_is_honoured(factory, ctx, webhook_peer):
    clock = Clock(NOW)
    _setup(factory, ctx, webhook_peer.url)
    webhook_peer.statuses = [(429, {"Retry-After": "120"}), 404]
    sender = _sender(factory, ctx, clock)
    assert sender.run_once().retried == 1
    with factory() as s:
        assert utc(s.scalars(select(Delivery.next_attempt_at)).one()) == clock.advance(120)
    assert sender.run_once().dead == 1
    with factory() as s:
        assert s.scalars(select(Delivery.last_error)).one().endswith("receiver answered 404 [RW602]")
    assert sender.run_once().claimed == 0


def test_webhooks_to_private_addresses_are_refused_unless_allowed(factory, settings, webhook_peer, engine):
    strict = RespondContext.from_settings(settings.__class__(**{**settings.__dict__, "allow_networks": ()}))
    strict.clock = lambda: NOW
    _setup(factory, strict, webhook_peer.url)
    tally = _sender(factory, strict, Clock(NOW)).run_once()
    assert tally.dead == 1 and not webhook_peer.requests.items
    with factory() as s:
        assert "loopback" in s.scalars(select(Delivery.last_error)).one()


def test_webhooks_endpoint_filters_and_sealed_secret(factory, ctx, webhook_peer):
    with transaction(factory) as s:
        endpoint, secret = webhooks.add_endpoint(s, webhook_peer.url, actor="editor", settings=ctx.settings,
                                                 countries=["vn"], urgent_only=True)
    with factory() as s:
        row = s.get(WebhookEndpoint, endpoint.id)
        assert secret.encode() not in row.secret_sealed
        assert webhooks.endpoint_secret(row, ctx.settings) == secret.encode()
    with transaction(factory) as s:
        create_incident_alert(s, incident(), [STATUS], ctx=ctx)  # China: not for this endpoint
        create_incident_alert(s, incident(key="vn-1", country="VN"), [Reason("published", "p:vn", False, {})],
                              ctx=ctx)  # not urgent
        create_incident_alert(s, incident(key="vn-2", country="VN"), [Reason("published", "p:vn2", True, {})],
                              ctx=ctx)
    with factory() as s:
        assert s.scalars(select(Delivery.recipient)).all() == [f"webhook:{endpoint.id}"]


def test_webhooks_never_carry_the_name_of_the_editor_who_wrote_an_alert(factory, ctx, webhook_peer):
    from refwatch.respond.alerts import send_manual_alert
    from refwatch.store.models import Alert

    with transaction(factory) as s:
        webhooks.add_endpoint(s, webhook_peer.url, actor="editor", settings=ctx.settings)
        written = send_manual_alert(s, incident(), editor="mona.kim", message_en="Call the embassy today.",
                                    message_ko="", urgent=True, ctx=ctx)
        assert written.created_by == "mona.kim"  # kept inside, with the audit log
        old = create_incident_alert(s, incident(), [Reason("manual", "manual:old", True, {  # stored by older code
            "editor": "jin.park", "message_en": "Write today.", "message_ko": ""})], ctx=ctx)
        assert old.content["reasons"][0]["detail"]["editor"] == "jin.park"
        assert s.get(Alert, written.id).content["reasons"][0]["detail"] == {"message_en": "Call the embassy today.",
                                                                            "message_ko": ""}
    assert _sender(factory, ctx, Clock(NOW)).drain().sent == 2
    bodies = [hook.body for hook, _ in webhook_peer.requests.wait_for(2)]
    assert all(b"mona.kim" not in body and b"jin.park" not in body for body in bodies)
    assert any(b"Call the embassy today." in body for body in bodies)
