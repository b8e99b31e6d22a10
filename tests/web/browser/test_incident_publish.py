"""The monitor's whole loop in a real browser: sign in, review a new report, correct a count,
publish the incident with a summary in both languages; then a visitor finds it on the public
site in English and Korean, on the list, the incident page and the map. Every request stays on
our origin and the CSP refuses nothing. Screenshots go to test-artifacts/web/."""

import re

import pytest

from refwatch.store.models import EventRow, Incident
from tests.web.browser.conftest import screenshot, sign_in
from tests.web.incident_seed import SeedReport, seed_incident

REPORT = SeedReport(
    "Chinese police detained eight North Koreans in Yanji on April 9, relatives said. "
    "The eight, including a child, are held at a detention centre and face forced repatriation.",
    "Eight North Koreans held in Yanji",
    [dict(type="detained", date="2024-04-09", date_precision="day", country="CN", place="Yanji", lat=42.9, lon=129.5,
          count=8, count_qualifier="exact", children=1, authority="Chinese police",
          evidence="Chinese police detained eight North Koreans in Yanji on April 9"),
     dict(type="at_risk", country="CN", place="Yanji", lat=42.9, lon=129.5, count=8, count_qualifier="exact",
          evidence="face forced repatriation")],
    outlet="Tumen Times", published="2024-04-10")


@pytest.fixture(scope="module")
def yanji(live_server):
    return seed_incident(live_server.factory, [REPORT], publish=False, summary_en="", summary_ko="")


def same_origin(visit, server):
    foreign = [url for url in visit.requests if not url.startswith(server.url + "/")]
    assert not foreign, f"requests to another origin: {foreign}"
    refused = [text for text in visit.console_errors if "Content Security Policy" in text or "Refused" in text]
    assert not refused, refused


def test_incident_publish_monitor_loop_then_visitor_in_both_languages(live_server, open_tab, yanji):
    monitor = open_tab()
    page = monitor.page
    sign_in(monitor, live_server, "mona")
    page.get_by_role("link", name="Eight North Koreans held in Yanji").click()
    assert page.locator("mark").first.inner_text() == "Chinese police detained eight North Koreans in Yanji on April 9"
    with live_server.factory() as db:
        detained, at_risk = (db.query(EventRow).filter(EventRow.report_id == yanji.report_ids[0])
                             .order_by(EventRow.id).all())
    page.locator(f"#event-{at_risk.id}").get_by_role("button", name="Accept").click()
    assert page.get_by_role("status").first.inner_text() == "Event accepted."
    card = page.locator(f"#event-{detained.id}")
    card.get_by_text("Correct this event").click()
    card.get_by_label("Number of people").fill("9")
    card.get_by_role("button", name="Save correction").click()
    assert page.get_by_role("status").first.inner_text() == "Correction saved."
    screenshot(page, "incident-loop-1-review")

    page.get_by_role("link", name="Incidents (workspace)").click()
    page.get_by_role("link", name=re.compile(r"^8 people from North Korea .* in Yanji, China$")).first.click()
    assert "1 reports were reviewed or re-extracted" in page.get_by_role("status").first.inner_text()
    page.get_by_label("Title in English").fill("Nine North Koreans held in Yanji")
    page.get_by_label("Title in Korean").fill("옌지에 탈북민 9명 억류")
    page.get_by_label("Summary in English").fill("Nine people, one of them a child, are held in Yanji and may be "
                                                 "sent back to North Korea.")
    page.get_by_label("Summary in Korean").fill("어린이 1명을 포함한 9명이 옌지에 억류되어 강제북송 위기에 처했다.")
    screenshot(page, "incident-loop-2-publish-form")
    page.get_by_role("button", name="Publish", exact=True).click()
    assert page.get_by_role("status").first.inner_text() == "The incident is published. Visitors can see it now."
    screenshot(page, "incident-loop-3-published")
    with live_server.factory() as db:
        row = db.query(Incident).filter(Incident.key == yanji.key).one()
        assert (row.published, row.people_min, row.people_max) == (True, 9, 9)
    same_origin(monitor, live_server)

    visitor = open_tab(locale="en-US")
    page = visitor.page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Incidents", exact=True).click()
    page.get_by_role("link", name="Nine North Koreans held in Yanji").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nine North Koreans held in Yanji"
    assert page.locator(".count-big").inner_text() == "9 people"
    assert "2024-04-09 — detained" in page.locator(".timeline").inner_text()
    assert "Tumen Times" in page.locator("#source-1").inner_text()
    assert "1951 Refugee Convention (art. 33)" in page.locator(".legal").inner_text()
    screenshot(page, "incident-public-en")
    page.get_by_role("link", name="한국어").click()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text() == "옌지에 탈북민 9명 억류"
    assert page.locator(".count-big").inner_text() == "9명"
    assert "중국 옌지" in page.locator(".incident-head").inner_text()
    assert "강제송환 금지 원칙" in page.locator(".legal").inner_text()
    screenshot(page, "incident-public-ko")
    page.get_by_role("link", name="지도").first.click()
    page.locator(".leaflet-interactive").first.wait_for()
    assert page.locator("#svg-map-figure").is_hidden()
    screenshot(page, "incident-map-ko")
    same_origin(visitor, live_server)


def test_incident_publish_pages_work_without_javascript(live_server, browser, yanji):
    context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/map")
        assert page.locator("#svg-map-figure svg").is_visible()
        assert page.locator("#leaflet-map").is_hidden()
        page.goto(live_server.url + "/statistics")
        assert page.locator("table").first.is_visible()
        page.goto(live_server.url + "/search?q=옌지")
        screenshot(page, "search-ko-no-js")
    finally:
        context.close()
