"""Every page loads only from the app's own origin, obeys the CSP, and is usable by keyboard."""

import re

from refwatch.settings import load_settings
from refwatch.web.app import create_app, get_paths
from tests.web.browser.conftest import screenshot, sign_in

DOWNLOADS = (".csv", ".ics")
INTERACTIVE = ".nav a, button, .button, .tabs a, select, input:not([type=hidden]), summary"


def every_page(server):
    app = create_app(load_settings({}, data_dir=str(server.data_dir)))
    ids = {"report_id": server.report_ids[0], "event_id": server.event_ids[0]}
    for path in sorted(set(get_paths(app))):
        if path.endswith(DOWNLOADS):  # a browser saves these instead of showing them (checked in-process)
            continue
        for name in re.findall(r"{(\w+)}", path):
            path = path.replace("{" + name + "}", str(ids.get(name, 1)))
        yield path
    yield "/no-such-page"
    yield "/workspace?show=all"


def test_pages_same_origin_for_every_page_signed_in_and_out(live_server, open_tab):
    anonymous, admin = open_tab(), open_tab(locale="ko-KR")
    sign_in(admin, live_server, "ada")
    admin.page.goto(live_server.url + "/?lang=ko")
    pages = list(every_page(live_server))
    assert "/workspace/audit" in pages and "/api/v1/docs" in pages
    for visit, who in ((anonymous, "public"), (admin, "admin")):
        for path in pages:
            visit.page.goto(live_server.url + path)
            if not path.startswith("/api/v1/") or path.endswith("/docs"):
                name = who + "-" + (path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home")
                screenshot(visit.page, name)
        foreign = [url for url in visit.requests if not url.startswith(live_server.url + "/")]
        assert not foreign, f"{who} pages requested another origin: {foreign}"
        assert len(visit.requests) > len(pages)  # the stylesheet and icon were loaded too
        blocked = [text for text in visit.console_errors if "Content Security Policy" in text or "Refused" in text]
        assert not blocked, f"{who}: {blocked}"


def test_pages_keyboard_skip_link_focus_and_target_sizes(live_server, open_tab):
    visit = open_tab()
    page = visit.page
    sign_in(visit, live_server, "mona")
    page.goto(live_server.url + f"/workspace/reports/{live_server.report_ids[0]}")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["skip-link", "solid"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.locator("details.correct summary").first.click()
    small = page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
        .filter(([_, box]) => box.width < 24 || box.height < 24)
        .map(([html, box]) => `${html} ${box.width}x${box.height}`)""", INTERACTIVE)
    assert small == []
    screenshot(page, "keyboard-focus")
