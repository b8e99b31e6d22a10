"""The response loop in a real browser against `refwatch serve`, with mail to a loopback SMTP server.

An editor opens an urgent action and a protest; a visitor acts, subscribes (confirming with the
button the mail leads to), RSVPs and reads the hidden address from the mailed link, shares, and
responds; the editor approves the response. Every request stays on our origin and the CSP
refuses nothing. Screenshots go to test-artifacts/web/respond-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from refwatch.settings import load_settings
from refwatch.store import engine_for, migrate, session_factory, transaction
from refwatch.store.models import Incident, ReaderResponse, Subscriber
from refwatch.store.users import add_user
from tests.respond.peers import SmtpPeer
from tests.web.browser.conftest import (  # noqa: F401  (fixtures used by name)
    LiveServer,
    _free_port,
    browser,
    open_tab,
    screenshot,
    serving,
    sign_in,
)
from tests.web.conftest import PASSWORD
from tests.web.respond.conftest import YEAR

KEY = "2026-11-cn-yanji-8"


@pytest.fixture(scope="module")
def mail() -> Iterator[SmtpPeer]:
    peer = SmtpPeer().start()
    yield peer
    peer.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, mail: SmtpPeer) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("respond-browser")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = load_settings({}, data_dir=str(data_dir))
    engine = engine_for(settings)
    migrate(engine)
    factory = session_factory(engine)
    with transaction(factory) as db:
        add_user(db, username="mona", password=PASSWORD, role="editor", actor="test")
        db.add(Incident(key=KEY, status="detained", published=True, country="CN", place="Yanji", people_min=8,
                        people_max=8, children=1, urgent=True, title_en="Eight held in Yanji",
                        title_ko="옌지에 탈북민 8명 억류", summary_en="Police detained eight people in Yanji.",
                        summary_ko="공안이 옌지에서 8명을 체포했다.", updated_at=datetime.now(UTC)))
    try:
        with serving(LiveServer(url, factory, data_dir), port, smtp_port=str(mail.port), public_base_url=url,
                     mail_from="refwatch <alerts@refwatch.test>", response_min_seconds="0") as live:
            yield live
    finally:
        engine.dispose()


def _link(message, pattern):
    return re.search(pattern, message.message.get_body(("plain",)).get_content()).group(0)


def _same_origin(visit, server):
    foreign = [u for u in visit.requests if not u.startswith(server.url + "/")]
    assert not foreign, f"requests to another origin: {foreign}"
    refused = [t for t in visit.console_errors if "Content Security Policy" in t or "Refused" in t]
    assert not refused, refused


def test_browser_respond_loop(server, open_tab, mail):  # noqa: F811 - open_tab is the imported fixture
    editor = open_tab()
    page = editor.page
    sign_in(editor, server, "mona")
    page.goto(f"{server.url}/workspace/respond/actions/new?incident={KEY}&lang=en")
    page.get_by_label("Title in English").fill("Stop the return of eight people")
    page.get_by_label("Expected transfer (local time)").fill(f"{YEAR}-01-05T10:00")
    page.get_by_label("Time zone (e.g. Asia/Seoul)").fill("Asia/Shanghai")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{server.url}/act/{KEY}")
    assert "left" in page.locator(".countdown").inner_text()
    page.goto(f"{server.url}/workspace/respond/events/new")
    page.get_by_label("Title in English").fill("Vigil for the eight")
    page.get_by_label("Place (public)").fill("Chinese Embassy")
    page.get_by_label("City").fill("Seoul")
    page.get_by_label("Street address", exact=True).fill("27 Myeongdong 2-gil")
    page.get_by_label("Show the street address only to people who RSVP").check()
    page.get_by_label("Starts (local time)").fill(f"{YEAR}-03-01T13:00")
    page.get_by_label("Ends (local time)").fill(f"{YEAR}-03-01T14:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf".*/events/vigil-for-the-eight-{YEAR}-03-01$"))
    _same_origin(editor, server)

    visitor = open_tab(locale="ko-KR")
    v = visitor.page
    v.goto(f"{server.url}/act/{KEY}")
    assert "남음" in v.locator(".countdown").inner_text()
    screenshot(v, "respond-1-action-ko")
    v.get_by_label("이 사건 소식을 받을 이메일 (선택)").fill("helper@example.org")
    v.get_by_role("button", name="편지를 보냈거나 전화했습니다").click()
    assert "1명이 행동했습니다" in v.content()
    confirm = _link(mail.mails.wait_for(1)[0], rf"{re.escape(server.url)}/subscribe/confirm/\S+")
    v.goto(confirm)
    v.get_by_role("button", name="네, 알림을 보내 주세요").click()
    assert v.get_by_role("heading", name="구독되었습니다").is_visible()
    with server.factory() as db:
        assert db.query(Subscriber).one().state == "active"

    v.goto(f"{server.url}/events/vigil-for-the-eight-{YEAR}-03-01")
    assert "27 Myeongdong" not in v.content()
    v.get_by_label("이메일 주소").fill("walker@example.org")
    v.get_by_role("button", name="참가 신청하기").click()
    rsvp = _link(mail.mails.wait_for(2)[1], rf"{re.escape(server.url)}/events/\S+/rsvp/\S+")
    v.goto(rsvp)
    assert "27 Myeongdong 2-gil" in v.content()
    screenshot(v, "respond-2-rsvp-ko")

    v.goto(f"{server.url}/share/incident/{KEY}")
    assert v.locator("img.card-image").evaluate("img => img.naturalWidth") == 1200
    screenshot(v, "respond-3-share-ko")
    v.goto(f"{server.url}/act/{KEY}")
    v.get_by_label("응답 내용").fill("대사관에 편지를 보냈습니다.")
    v.get_by_role("button", name="응답 보내기").click()
    assert v.get_by_role("heading", name="감사합니다").is_visible()
    _same_origin(visitor, server)

    page.goto(f"{server.url}/workspace/respond/responses?lang=en")
    page.get_by_role("button", name="Approve").click()
    with server.factory() as db:
        assert db.query(ReaderResponse).one().state == "approved"
    v.goto(f"{server.url}/act/{KEY}")
    assert "대사관에 편지를 보냈습니다." in v.locator(".responses").inner_text()
    screenshot(page, "respond-4-workspace")
    assert Path(server.data_dir).exists()
