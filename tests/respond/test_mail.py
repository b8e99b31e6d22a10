import random
from email.header import decode_header, make_header

from refwatch.respond import links, subscriptions
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.outbox import OutboxSender
from refwatch.respond.rules import Reason
from refwatch.store import transaction
from refwatch.store.models import Subscriber
from tests.respond.conftest import incident
from tests.respond.helpers import add_subscriber

REASONS = [Reason("published", "published:k1", True, {"status": "detained"}),
           Reason("children", "children:k1", True, {"children": 2})]


def _send_one(factory, ctx, smtp_peer, *, language):
    with transaction(factory) as s:
        add_subscriber(s, "reader@example.org", language=language)
        create_incident_alert(s, incident(children=2), REASONS, ctx=ctx)
    OutboxSender(factory, ctx.channels, ctx.settings, clock=ctx.clock, rng=random.Random(1)).drain()
    return smtp_peer.mails.wait_for(1)[0]


def test_mail_korean_alert_has_encoded_subject_utf8_parts_and_one_click_unsubscribe(factory, ctx, smtp_peer):
    got = _send_one(factory, ctx, smtp_peer, language="ko")
    raw_subject = got.raw.split(b"\r\nSubject: ", 1)[1].split(b"\r\n", 1)[0]
    assert raw_subject.startswith(b"=?utf-8?")  # RFC 2047 on the wire, not raw UTF-8 bytes
    subject = str(make_header(decode_header(got.message["Subject"])))
    assert subject.startswith("[긴급] 탈북민 10명 중국 선양에서")
    assert got.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with factory() as s:
        row = s.query(Subscriber).one()
        expected_unsubscribe = links.unsubscribe(ctx.settings, subscriptions.manage_token(ctx.settings, row))
    assert got.message["List-Unsubscribe"].strip() == f"<{expected_unsubscribe}>"  # folded, never split
    assert expected_unsubscribe.startswith("https://refwatch.test/unsubscribe/")
    assert got.message["Message-ID"].endswith("@refwatch.test>")
    assert got.helo == "refwatch.test"  # smtplib was given local_hostname
    assert got.mail_from == "alerts@refwatch.test" and got.rcpt_tos == ["reader@example.org"]
    assert str(make_header(decode_header(got.message["From"]))) == "refwatch 알림 <alerts@refwatch.test>"
    text = got.message.get_body(("plain",))
    html = got.message.get_body(("html",))
    assert text.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert "어린이 2명이 포함되어 있습니다." in text.get_content()
    assert "구독 취소" in text.get_content() and expected_unsubscribe in html.get_content()
    assert got.message["Content-Language"] == "ko"


def test_mail_english_alert_reads_as_english_and_links_the_incident(factory, ctx, smtp_peer):
    got = _send_one(factory, ctx, smtp_peer, language="en")
    assert got.message["Subject"] == "[Urgent] 10 people from North Korea detained in Shenyang, China"
    body = got.message.get_body(("plain",)).get_content()
    assert "A new incident has been verified" in body
    assert "Read more: https://refwatch.test/incidents/2026-11-cn-shenyang-10" in body
    assert "Unsubscribe: https://refwatch.test/unsubscribe/" in body
    assert got.message["Auto-Submitted"] == "auto-generated"
