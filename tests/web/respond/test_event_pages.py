import json
import re

import pytest
from icalendar import Calendar

from tests.web.conftest import csrf_from, login, post_form
from tests.web.respond.conftest import YEAR

pytestmark = pytest.mark.anyio
EVENT = {"kind": "protest", "title_en": "Protest at the Chinese Embassy", "title_ko": "중국대사관 앞 집회",
         "place_name": "Chinese Embassy", "city": "Seoul", "country": "KR", "address": "27 Myeongdong 2-gil",
         "address_hidden": "1", "starts_local": f"{YEAR}-03-01T13:00", "ends_local": f"{YEAR}-03-01T14:00",
         "timezone": "Asia/Seoul", "what_to_bring_en": "your own signs", "what_to_bring_ko": "손팻말",
         "organiser": "Volunteers", "organiser_contact": "team@example.org"}
SLUG = f"protest-at-the-chinese-embassy-{YEAR}-03-01"


async def _create(client):
    await login(client, "eve")
    return await post_form(client, "/workspace/respond/events/new", "/workspace/respond/events", EVENT)


async def test_event_pages_show_time_zone_jsonld_og_and_hide_the_address(client, store, users):
    created = await _create(client)
    assert created.status_code == 303 and created.headers["location"] == f"/events/{SLUG}"
    html = (await client.get(f"/events/{SLUG}")).text
    assert "1–2 p.m. (Seoul time)" in html and "your own signs" in html
    assert "27 Myeongdong" not in html and "Sent by e-mail to people who RSVP." in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event" and data["startDate"] == f"{YEAR}-03-01T13:00:00+09:00"
    assert "streetAddress" not in data["location"]["address"]
    assert f'<meta property="og:image" content="http://testserver/share/event/{SLUG}.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    listing = await client.get("/events")
    assert f'href="/events/{SLUG}"' in listing.text


async def test_event_pages_rsvp_mails_the_address_page_and_a_personal_ics(client, app, store, users, smtp_peer):
    await _create(client)
    answer = await post_form(client, f"/events/{SLUG}", f"/events/{SLUG}/rsvp",
                             {"email": "walker@example.org", "party_size": "2"})
    assert answer.status_code == 200
    mail = smtp_peer.mails.wait_for(1)[0]
    body = mail.message.get_body(("plain",)).get_content()
    assert "27 Myeongdong 2-gil" in body and mail.message["Subject"] == "You're going: Protest at the Chinese Embassy"
    page_path = re.search(r"http://testserver(/events/\S+/rsvp/\S+)", body).group(1)
    page = await client.get(page_path)
    assert page.status_code == 200 and "27 Myeongdong 2-gil" in page.text
    assert page.headers["cache-control"] == "no-store"
    personal_ics = await client.get(page_path + "/calendar.ics")
    assert personal_ics.headers["cache-control"] == "no-store"  # it holds the hidden address too
    personal = Calendar.from_ical(personal_ics.content)
    assert "27 Myeongdong 2-gil" in str(personal.walk("VEVENT")[0]["LOCATION"])
    public = Calendar.from_ical((await client.get(f"/events/{SLUG}.ics")).content)
    assert "27 Myeongdong" not in str(public.walk("VEVENT")[0]["LOCATION"])
    assert (await client.get(f"/events/{SLUG}")).text.count("<dd>2</dd>") == 1
    cancelled = await client.post(page_path + "/cancel", data={"csrf_token": csrf_from(page.text)})
    assert cancelled.status_code == 200
    assert (await client.get(f"/events/{SLUG}")).text.count("<dd>0</dd>") == 1


async def test_event_pages_calendar_feed_follows_edits_and_cancellation(client, store, users):
    await _create(client)
    feed = Calendar.from_ical((await client.get("/events.ics")).content)
    (entry,) = feed.walk("VEVENT")
    uid = str(entry["UID"])
    assert entry["SEQUENCE"] == 0 and str(entry["URL"]) == f"http://testserver/events/{SLUG}"
    assert [str(tz["TZID"]) for tz in feed.walk("VTIMEZONE")] == ["Asia/Seoul"]
    await post_form(client, "/workspace/respond/events/1", "/workspace/respond/events/1",
                    {**EVENT, "ends_local": f"{YEAR}-03-01T15:00"})
    await post_form(client, "/workspace/respond/events/1", "/workspace/respond/events/1/cancel", {})
    (entry,) = Calendar.from_ical((await client.get("/events.ics")).content).walk("VEVENT")
    assert (str(entry["UID"]), entry["SEQUENCE"], str(entry["STATUS"])) == (uid, 2, "CANCELLED")
    assert "This event is cancelled." in (await client.get(f"/events/{SLUG}")).text


async def test_event_pages_bad_times_are_shown_back_on_the_form(client, store, users):
    await login(client, "eve")
    answer = await post_form(client, "/workspace/respond/events/new", "/workspace/respond/events",
                             {**EVENT, "ends_local": f"{YEAR}-03-01T12:00"})
    assert answer.status_code == 422 and "the event must end after it starts" in answer.text


async def test_event_pages_the_rsvp_mails_unsubscribe_link_opens_a_page_whose_button_cancels(
        client, app, store, users, smtp_peer):
    await _create(client)
    await post_form(client, f"/events/{SLUG}", f"/events/{SLUG}/rsvp", {"email": "walker@example.org"})
    mail = smtp_peer.mails.wait_for(1)[0]
    one_click = mail.message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    assert one_click.startswith("/unsubscribe/rsvp/")
    page = await client.get(one_click)  # a mail program without one-click opens it in the browser
    assert page.status_code == 200 and f'action="{one_click}"' in page.text
    assert (await client.get(f"/events/{SLUG}")).text.count("<dd>1</dd>") == 1  # opening it changed nothing
    pressed = await client.post(one_click, data={"csrf_token": csrf_from(page.text)})
    assert pressed.status_code == 200 and "Your place is cancelled" in pressed.text
    assert (await client.get(f"/events/{SLUG}")).text.count("<dd>0</dd>") == 1
