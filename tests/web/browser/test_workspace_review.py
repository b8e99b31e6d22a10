"""A monitor signs in, reviews a new report, corrects a count; the change is in the audit log, and
a visitor sees the reviewed event, in English and Korean."""

import json

from refwatch.store.models import EventRow
from tests.web.browser.conftest import screenshot, sign_in
from tests.web.incident_seed import publish_reports


def test_workspace_review_monitor_corrects_a_count(live_server, open_tab):
    monitor = open_tab()
    page = monitor.page
    sign_in(monitor, live_server, "mona")
    page.get_by_role("link", name="Ten detained in Shenyang").click()
    evidence = page.locator("mark").first
    assert evidence.inner_text() == "Chinese police detained 10 North Korean defectors in Shenyang on Monday"
    event_id = live_server.event_ids[0]
    card = page.locator(f"#event-{event_id}")
    card.get_by_text("Correct this event").click()
    card.get_by_label("Number of people").fill("12")
    screenshot(page, "review-correcting")
    card.get_by_role("button", name="Save correction").click()
    assert page.get_by_role("status").first.inner_text() == "Correction saved."
    screenshot(page, "review-corrected")
    with live_server.factory() as db:
        row = db.get(EventRow, event_id)
        assert (row.count, row.review, row.origin, row.reviewed_by) == (12, "corrected", "human", "mona")

    admin = open_tab()
    sign_in(admin, live_server, "ada")
    admin.page.get_by_role("link", name="Audit log").click()
    row = admin.page.locator("tr", has_text="event.correct")
    assert "mona" in row.inner_text()
    assert row.locator("del", has_text="10").count() == 1 and row.locator("ins", has_text="12").count() == 1
    assert "intact" in admin.page.get_by_role("status").inner_text()
    screenshot(admin.page, "audit-log-en")
    admin.page.get_by_role("link", name="한국어").click()
    assert admin.page.locator("html").get_attribute("lang") == "ko"
    assert admin.page.get_by_role("heading", level=1).inner_text() == "감사 기록"
    screenshot(admin.page, "audit-log-ko")


def test_workspace_review_visitor_sees_the_reviewed_event_in_both_languages(live_server, open_tab):
    visitor = open_tab(locale="ko-KR")
    page = visitor.page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    screenshot(page, "home-ko")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "home-en")
    publish_reports(live_server.factory, [live_server.report_ids[0]])  # public events are those of published incidents
    page.goto(live_server.url + "/api/v1/events")
    items = json.loads(page.locator("body").inner_text())["items"]
    assert [(item["count"], item["review"]) for item in items] == [(12, "corrected")]
    assert "evidence" not in items[0]


def test_workspace_review_korean_report_is_marked_and_labelled(live_server, open_tab):
    monitor = open_tab(locale="ko-KR")
    sign_in_page = monitor.page
    sign_in_page.goto(live_server.url + "/login")
    sign_in_page.get_by_label("사용자 이름").fill("mona")
    sign_in_page.get_by_label("비밀번호").fill("correct horse battery staple")
    sign_in_page.get_by_role("button", name="로그인").click()
    sign_in_page.get_by_role("link", name="탈북민 5명 선양서 체포").click()
    assert sign_in_page.locator(".article").get_attribute("lang") == "ko"
    assert sign_in_page.locator("mark").inner_text() == "선양에서 탈북민 5명을 체포했다"
    screenshot(sign_in_page, "review-korean-report")
